"""One SQLite database behind one aiosqlite connection.

aiogram runs handlers concurrently. A single connection shared by concurrent
coroutines would let one coroutine's statements fall into another's open
transaction, so every use of the connection goes through one asyncio lock:
`transaction()` for writes (BEGIN IMMEDIATE … COMMIT), `fetch_*` for reads.
The lock only serialises access to the connection; uniqueness and consistency
are guarded by the schema (constraints) and by transactions.
Another process (the CLI import, a backup) waits on `busy_timeout`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import aiosqlite

log = logging.getLogger(__name__)

Params = Sequence[Any] | dict[str, Any]


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


class Database:
    def __init__(self, path: Path | str) -> None:
        self.path = Path(path) if str(path) != ":memory:" else path
        self._conn: aiosqlite.Connection | None = None
        self._lock = asyncio.Lock()
        self._owner: asyncio.Task[Any] | None = None

    async def connect(self, *, migrate: bool = True, target: int | None = None) -> Database:
        if isinstance(self.path, Path):
            self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = await aiosqlite.connect(str(self.path), isolation_level=None)
        conn.row_factory = aiosqlite.Row
        await conn.execute("PRAGMA journal_mode=WAL")
        await conn.execute("PRAGMA synchronous=NORMAL")
        await conn.execute("PRAGMA foreign_keys=ON")
        await conn.execute("PRAGMA busy_timeout=5000")
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
        async with self._use():
            cursor = await self.conn.execute("PRAGMA user_version")
            row = await cursor.fetchone()
        return int(row[0])

    async def migrate(self, target: int | None = None) -> int:
        """Apply the numbered migrations above the current version, each atomically."""
        current = await self.schema_version()
        for version, name, sql in migration_files():
            if version <= current or (target is not None and version > target):
                continue
            log.info("applying migration %s", name)
            async with self._use():
                try:
                    await self.conn.executescript(
                        f"BEGIN IMMEDIATE;\n{sql}\n;PRAGMA user_version={version};\nCOMMIT;"
                    )
                except Exception:
                    if self.conn.in_transaction:
                        await self.conn.execute("ROLLBACK")
                    raise
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

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """BEGIN IMMEDIATE … COMMIT, rolled back on any error. Nested use joins the outer one."""
        if self._held_by_me():
            yield self.conn
            return
        async with self._use() as conn:
            await conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                await conn.execute("ROLLBACK")
                raise
            else:
                await conn.execute("COMMIT")

    async def execute(self, sql: str, params: Params = ()) -> int:
        """One write statement, atomic on its own (autocommit: one round trip); returns lastrowid."""
        async with self._use() as conn:
            cursor = await conn.execute(sql, params)
            return cursor.lastrowid or 0

    async def executemany(self, sql: str, rows: Iterable[Params]) -> None:
        async with self.transaction() as conn:
            await conn.executemany(sql, rows)

    async def fetch_one(self, sql: str, params: Params = ()) -> aiosqlite.Row | None:
        rows = await self.fetch_all(sql, params)
        return rows[0] if rows else None

    async def fetch_all(self, sql: str, params: Params = ()) -> list[aiosqlite.Row]:
        """One round trip to the database thread (execute and fetch together)."""
        async with self._use() as conn:
            return list(await conn.execute_fetchall(sql, params))

    async def fetch_value(self, sql: str, params: Params = ()) -> Any:
        row = await self.fetch_one(sql, params)
        return None if row is None else row[0]
