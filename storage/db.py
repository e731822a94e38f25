"""One SQLite database behind one aiosqlite connection.

aiogram runs handlers concurrently. A single connection shared by concurrent
coroutines would let one coroutine's statements fall into another's open
transaction, so every use of the connection goes through one asyncio lock:
`transaction()` for writes (BEGIN IMMEDIATE … COMMIT), `fetch_*` for reads.
The lock only serialises access to the connection; uniqueness and consistency
are guarded by the schema (constraints) and by transactions.
Another process (the CLI import, a backup) waits on `busy_timeout`.

Faults (docs/operations.md). A database another connection holds locked is waited for:
a statement that finds it busy gives the connection back to the others, waits (growing
pauses, at most 1 s) and tries again, for up to `lock_wait` seconds in all; only then does
`DatabaseBusy` reach the caller. A write that fails for good (a full disk, a read-only
file) is rolled back, so the connection is never left inside a broken transaction, and
the trouble is kept (`trouble`) until a write succeeds again, for /status and the
administrators. The files are created readable by their owner only (0600, the folder 0700).
"""

from __future__ import annotations

import asyncio
import logging
import os
import sqlite3
import stat
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

import aiosqlite

log = logging.getLogger(__name__)

Params = Sequence[Any] | dict[str, Any]
T = TypeVar("T")
P = ParamSpec("P")

BUSY_TIMEOUT_MS = 200  # SQLite's own wait, in its thread; longer waits happen here, between tries
LOCK_WAIT = 30.0  # seconds a statement waits in all for a database another connection holds
OWNER_ONLY = 0o600
SIDE_FILES = ("-wal", "-shm", "-journal")


# What the layers above storage catch or raise, without importing the engine's module:
# any failure of the database, and a database that cannot be used now (locked, full, read-only).
StorageError = sqlite3.Error
StorageUnavailable = sqlite3.OperationalError


class DatabaseBusy(sqlite3.OperationalError):
    """Another connection held the database longer than `lock_wait`; nothing was written."""


def is_busy(error: BaseException) -> bool:
    """SQLite's "database is locked" / "database is busy": worth waiting for."""
    if isinstance(error, DatabaseBusy) or not isinstance(error, sqlite3.OperationalError):
        return False
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    text = str(error).lower()
    return "locked" in text or "busy" in text


def restrict_to_owner(path: Path) -> None:
    """The database and its side files: readable and writable by the owner only. Files made
    by an earlier version with wider rights are narrowed."""
    for candidate in (path, *(path.with_name(path.name + suffix) for suffix in SIDE_FILES)):
        try:
            mode = stat.S_IMODE(candidate.stat().st_mode)
        except FileNotFoundError:
            continue
        if mode & 0o077:
            os.chmod(candidate, OWNER_ONLY)
            log.warning("database file %s was readable by others (%o); now %o", candidate.name, mode, OWNER_ONLY)


def utc_iso(moment: datetime) -> str:
    """Instants are stored as ISO 8601 UTC strings with seconds (sortable as text)."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime")
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def from_iso(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def migration_files() -> list[tuple[int, str, str]]:
    """(version, name, sql) of every numbered migration, in order."""
    found = []
    for entry in resources.files("storage.migrations").iterdir():
        name = entry.name
        if name.endswith(".sql") and name[:4].isdigit():
            found.append((int(name[:4]), name, entry.read_text(encoding="utf-8")))
    found.sort()
    versions = [v for v, _, _ in found]
    if versions != list(range(1, len(versions) + 1)):
        raise RuntimeError(f"migrations must be numbered 0001.. without gaps, got {versions}")
    return found


class _Patience:
    """Waiting for a database another connection holds: growing pauses (at most 1 s), a
    warning after a second, `DatabaseBusy` after `lock_wait` seconds in all."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._started = time.monotonic()
        self._pause = 0.02
        self._warned = False

    async def wait_or_raise(self, error: sqlite3.OperationalError) -> None:
        if not is_busy(error):
            raise error
        waited = time.monotonic() - self._started
        if waited >= self._db.lock_wait:
            self._db._troubled(f"database is locked (waited {waited:.0f} s)")
            raise DatabaseBusy(f"database is locked: another connection held it for over {waited:.0f} s") from error
        if not self._warned and waited >= 1.0:
            log.warning("the database is locked by another connection; waiting (up to %.0f s)", self._db.lock_wait)
            self._warned = True
        await asyncio.sleep(self._pause)
        self._pause = min(1.0, self._pause * 2)


class Database:
    def __init__(self, path: Path | str, *, lock_wait: float = LOCK_WAIT) -> None:
        self.path = Path(path) if str(path) != ":memory:" else path
        self.lock_wait = lock_wait
        self._conn: aiosqlite.Connection | None = None
        self._lock = asyncio.Lock()
        self._owner: asyncio.Task[Any] | None = None
        # Since when (wall clock) writes fail, and the last error; None while they work.
        self.trouble: tuple[float, str] | None = None

    async def connect(self, *, migrate: bool = True, target: int | None = None) -> Database:
        if isinstance(self.path, Path):
            try:
                if not self.path.parent.exists():
                    self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
                if not self.path.exists():
                    # Created here, owner-only, before SQLite opens it: SQLite gives the WAL and
                    # shared-memory files the database file's rights.
                    os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT, OWNER_ONLY))
                restrict_to_owner(self.path)
            except OSError as error:
                raise sqlite3.OperationalError(f"cannot create or open {self.path}: {error.strerror}") from error
        conn = await aiosqlite.connect(str(self.path), isolation_level=None)
        conn.row_factory = aiosqlite.Row
        try:
            await self._retry_busy(lambda: conn.execute("PRAGMA journal_mode=WAL"))
            await conn.execute("PRAGMA synchronous=NORMAL")
            await conn.execute("PRAGMA foreign_keys=ON")
            await conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            # What is deleted or overwritten is zeroed on disk, not left in free space: a person's
            # name and words are really gone after /forget (storage/personal_data.py).
            await conn.execute("PRAGMA secure_delete=ON")
        except BaseException:
            await conn.close()
            raise
        self._conn = conn
        if migrate:
            await self.migrate(target)
        return self

    async def close(self) -> None:
        if self._conn is not None:
            await self._conn.close()
            self._conn = None

    @property
    def conn(self) -> aiosqlite.Connection:
        if self._conn is None:
            raise RuntimeError("Database.connect() was not awaited")
        return self._conn

    async def schema_version(self) -> int:
        return int(await self.fetch_value("PRAGMA user_version"))

    async def migrate(self, target: int | None = None) -> int:
        """Apply the numbered migrations above the current version, each atomically."""
        current = await self.schema_version()
        for version, name, sql in migration_files():
            if version <= current or (target is not None and version > target):
                continue
            log.info("applying migration %s", name)

            async def apply(sql: str = sql, version: int = version) -> None:
                async with self._use():
                    try:
                        await self.conn.executescript(
                            f"BEGIN IMMEDIATE;\n{sql}\n;PRAGMA user_version={version};\nCOMMIT;"
                        )
                    except Exception:
                        if self.conn.in_transaction:
                            await self.conn.execute("ROLLBACK")
                        raise

            await self._retry_busy(apply)
            current = version
        return current

    def _held_by_me(self) -> bool:
        return self._owner is not None and self._owner is asyncio.current_task()

    def in_transaction_here(self) -> bool:
        """Whether the running task holds the connection (is inside its own `transaction()`)."""
        return self._held_by_me()

    @asynccontextmanager
    async def _use(self) -> AsyncIterator[aiosqlite.Connection]:
        """The connection, for this task alone; inside this task's own transaction, at once."""
        if self._held_by_me():
            yield self.conn
            return
        async with self._lock:
            self._owner = asyncio.current_task()
            try:
                yield self.conn
            finally:
                self._owner = None

    async def _retry_busy(self, attempt: Callable[[], Awaitable[T]]) -> T:
        """`attempt()` again while the database is busy, for up to `lock_wait` seconds. Only
        for what is atomic on its own (a statement outside a transaction, a BEGIN): a busy
        one has changed nothing. Between tries the connection is free for the others."""
        patience = _Patience(self)
        while True:
            try:
                return await attempt()
            except sqlite3.OperationalError as error:
                await patience.wait_or_raise(error)

    def _troubled(self, error: BaseException | str) -> None:
        text = error if isinstance(error, str) else f"{type(error).__name__}: {error}"
        self.trouble = (self.trouble[0] if self.trouble else time.time(), text[:200])

    def _fine(self) -> None:
        if self.trouble is not None:
            log.warning("the database accepts writes again (trouble since %s)", time.ctime(self.trouble[0]))
            self.trouble = None

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """BEGIN IMMEDIATE … COMMIT, rolled back on any error. Nested use joins the outer one.
        A database another connection holds is waited for (`lock_wait`) before anything is
        done, with the connection given back to the others between tries."""
        if self._held_by_me():
            yield self.conn
            return
        patience = _Patience(self)
        while True:
            async with self._use() as conn:
                try:
                    await conn.execute("BEGIN IMMEDIATE")
                except sqlite3.OperationalError as error:
                    busy: sqlite3.OperationalError | None = error
                else:
                    busy = None
                    changes = conn.total_changes
                    try:
                        yield conn
                    except BaseException as error:
                        await self._rollback(conn)
                        if isinstance(error, sqlite3.OperationalError):
                            self._troubled(error)
                        raise
                    try:
                        await conn.execute("COMMIT")
                    except BaseException as error:
                        # A failed COMMIT (a full disk) may leave the transaction open: close it,
                        # or every later BEGIN on this connection would fail.
                        await self._rollback(conn)
                        if isinstance(error, sqlite3.OperationalError):
                            self._troubled(error)
                        raise
                    if conn.total_changes != changes:  # something was written: the disk takes writes
                        self._fine()
                    return
            assert busy is not None
            await patience.wait_or_raise(busy)

    async def _rollback(self, conn: aiosqlite.Connection) -> None:
        if not conn.in_transaction:
            return  # SQLite rolled it back itself (it does so on a full disk)
        try:
            await conn.execute("ROLLBACK")
        except sqlite3.Error:
            log.exception("rollback failed")

    async def execute(self, sql: str, params: Params = ()) -> int:
        """One write statement, atomic on its own (autocommit: one round trip); returns lastrowid."""
        if self._held_by_me():
            cursor = await self.conn.execute(sql, params)
            return cursor.lastrowid or 0

        wrote = False

        async def attempt() -> int:
            nonlocal wrote
            async with self._use() as conn:
                changes = conn.total_changes
                cursor = await conn.execute(sql, params)
                wrote = conn.total_changes != changes
                return cursor.lastrowid or 0

        try:
            row_id = await self._retry_busy(attempt)
        except sqlite3.OperationalError as error:
            self._troubled(error)
            raise
        if wrote:
            self._fine()
        return row_id

    async def probe(self) -> bool:
        """Whether the disk takes a write now: page 1 is written again unchanged (the schema
        version set to itself). Clears `trouble` when it does; for the watch of a database in trouble."""
        try:
            async with self.transaction() as conn:
                row = await (await conn.execute("PRAGMA user_version")).fetchone()
                assert row is not None  # a PRAGMA always answers one row
                await conn.execute(f"PRAGMA user_version = {int(row[0])}")
        except sqlite3.Error as error:
            self._troubled(error)
            return False
        self._fine()
        return True

    async def executemany(self, sql: str, rows: Iterable[Params]) -> None:
        async with self.transaction() as conn:
            await conn.executemany(sql, rows)

    async def fetch_one(self, sql: str, params: Params = ()) -> aiosqlite.Row | None:
        rows = await self.fetch_all(sql, params)
        return rows[0] if rows else None

    async def fetch_all(self, sql: str, params: Params = ()) -> list[aiosqlite.Row]:
        """One round trip to the database thread (execute and fetch together)."""
        if self._held_by_me():
            return list(await self.conn.execute_fetchall(sql, params))

        async def attempt() -> list[aiosqlite.Row]:
            async with self._use() as conn:
                return list(await conn.execute_fetchall(sql, params))

        return await self._retry_busy(attempt)

    async def fetch_value(self, sql: str, params: Params = ()) -> Any:
        row = await self.fetch_one(sql, params)
        return None if row is None else row[0]


def in_transaction(
    write: Callable[Concatenate[aiosqlite.Connection, P], Awaitable[T]],
) -> Callable[Concatenate[Any, P], Awaitable[T]]:
    """A repository method made of a `helper(conn, …)`: it runs in the caller's unit of work
    (the transaction this task holds, storage/uow.py) or, outside one, in a transaction of its
    own. The repository keeps its database as `_db`."""

    async def method(self: Any, /, *args: P.args, **kwargs: P.kwargs) -> T:
        async with self._db.transaction() as conn:
            return await write(conn, *args, **kwargs)

    method.__doc__ = write.__doc__
    return method
