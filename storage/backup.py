"""Backups of the database: online copies with SQLite's backup API, their check, the
restore, the lock that tells a running bot, and the record of runs (migration 0013).

The copy and the check are plain `sqlite3` on connections of their own, meant to run in
a worker thread (`asyncio.to_thread`): the database is in WAL mode, so a copy reads one
consistent snapshot while the bot goes on writing. The number of requests is read in the
same read transaction as the copy, so the copy must hold exactly that many.
"""

from __future__ import annotations

import errno
import fcntl
import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from storage.db import OWNER_ONLY, Database, from_iso, migration_files, utc_iso

COPY_BUSY_TIMEOUT_MS = 10_000  # a reader waits only for a WAL recovery or a checkpoint's moment


class BackupError(Exception):
    """A copy could not be made, or a copy is not fit to be restored; the message says why."""


# --- the lock a running bot holds --------------------------------------------------------------


class RunLock:
    """`<database>.pid`: the running bot holds an exclusive `flock` on it (and writes its pid
    into it). The kernel releases the lock when the process ends however it ends (kill -9
    included), so a lock that cannot be taken means a live process holds it. The restore
    takes the same lock: it refuses while the bot runs, and a bot started during a restore
    waits for it."""

    def __init__(self, database: Path) -> None:
        self.path = database.with_name(database.name + ".pid")
        self._fd: int | None = None

    def acquire(self) -> bool:
        """True when taken (or already held here); False when another process holds it."""
        if self._fd is not None:
            return True
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, OWNER_ONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            os.close(fd)
            if error.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                return False
            raise
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd
        return True

    def holder(self) -> int | None:
        """The pid written by whoever holds the lock (for messages); None if unreadable."""
        try:
            text = self.path.read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError):
            return None
        return int(text) if text.isdigit() else None

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            os.ftruncate(fd, 0)
        finally:
            os.close(fd)  # closing releases the lock; the file stays (unlinking would race)


# --- copying and checking (blocking: run in a thread) ---------------------------------------


def _create_private(path: Path) -> None:
    """An empty file readable by the owner only, which must not exist yet."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, OWNER_ONLY))


def copy_online(source: Path, target: Path) -> int:
    """Copies the live database `source` into the new file `target` (rollback-journal mode:
    one self-contained file) and returns how many requests the source held at that instant.
    The bot may go on writing meanwhile."""
    if not source.is_file():  # connecting would create an empty database in its place
        raise BackupError(f"{source}: no such database")
    _create_private(target)
    src = sqlite3.connect(str(source), isolation_level=None)  # read only; read-write opens a WAL file alone too
    try:
        src.execute(f"PRAGMA busy_timeout={COPY_BUSY_TIMEOUT_MS}")
        dst = sqlite3.connect(str(target), isolation_level=None)
        try:
            src.execute("BEGIN")  # one read transaction: the count and the copy see one snapshot
            requests = int(src.execute("SELECT count(*) FROM requests").fetchone()[0])
            src.backup(dst)
            src.execute("COMMIT")
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    finally:
        src.close()
    return requests


@dataclass(frozen=True, slots=True)
class CopyCheck:
    requests: int
    schema_version: int


def check_copy(path: Path, expected_requests: int | None = None) -> CopyCheck:
    """A copy is good when it opens as a database, `PRAGMA integrity_check` says ok, its
    schema is one this version knows, and it holds `expected_requests` requests (when given).
    Raises BackupError naming the first problem."""
    if not path.is_file():
        raise BackupError(f"{path}: no such file")
    try:
        # immutable: nothing is created beside the copy, nothing in it is changed
        conn = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error as error:
        raise BackupError(f"{path}: cannot be opened: {error}") from error
    conn.text_factory = lambda data: data.decode("utf-8", "replace")  # a damaged page may hold any bytes
    try:
        try:
            problems = [row[0] for row in conn.execute("PRAGMA integrity_check(20)")]
        except (sqlite3.DatabaseError, UnicodeDecodeError) as error:
            raise BackupError(f"{path}: not a readable database: {error}") from error
        if problems != ["ok"]:
            raise BackupError(f"{path}: integrity check failed: {'; '.join(problems)[:300]}")
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        known = len(migration_files())
        if version == 0:
            raise BackupError(f"{path}: not a database of this bot (no schema version)")
        if version > known:
            raise BackupError(f"{path}: made by a newer version of the bot (schema {version}, this one knows {known})")
        try:
            requests = int(conn.execute("SELECT count(*) FROM requests").fetchone()[0])
        except sqlite3.DatabaseError as error:
            raise BackupError(f"{path}: the register cannot be read: {error}") from error
    except (sqlite3.Error, UnicodeDecodeError) as error:  # anything else SQLite says about a damaged file (its
        # message may quote the damaged bytes, which Python then cannot decode)
        raise BackupError(f"{path}: not a readable database: {error}") from error
    finally:
        conn.close()
    if expected_requests is not None and requests != expected_requests:
        raise BackupError(f"{path}: holds {requests} requests, the database held {expected_requests} at copy time")
    return CopyCheck(requests, version)


def restore_into(copy: Path, database: Path, keep_current_as: Path | None) -> CopyCheck:
    """Puts a checked copy in place of `database`, whose current content is first saved as
    `keep_current_as` (when it exists). Through the backup API on both sides, so the live
    file's WAL and shared-memory files stay consistent. The caller holds the RunLock."""
    checked = check_copy(copy)
    if keep_current_as is not None and database.exists():
        _create_private(keep_current_as)
        current = sqlite3.connect(str(database), isolation_level=None)
        try:
            saved = sqlite3.connect(str(keep_current_as), isolation_level=None)
            try:
                current.backup(saved)
                saved.execute("PRAGMA journal_mode=DELETE")
            finally:
                saved.close()
        finally:
            current.close()
    if not database.exists():
        database.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        _create_private(database)
    src = sqlite3.connect(f"file:{copy}?mode=ro&immutable=1", uri=True, isolation_level=None)
    try:
        dst = sqlite3.connect(str(database), isolation_level=None)
        try:
            dst.execute(f"PRAGMA busy_timeout={COPY_BUSY_TIMEOUT_MS}")
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=WAL")
            dst.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            dst.close()
    finally:
        src.close()
    after = check_copy(database, checked.requests)
    return after


# --- the record of runs ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LastGood:
    at: datetime
    copies: int  # good copies of that run


class BackupRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def start_run(self, trigger: str, due: datetime | None, now: datetime, actor_id: int | None) -> int | None:
        """A new run; None when the weekly run of that due moment was claimed already."""
        async with self._db.transaction() as conn:
            cursor = await conn.execute(
                "INSERT INTO backup_runs (trigger, due, started_at, actor_id) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (trigger, due) DO NOTHING",
                (trigger, utc_iso(due) if due is not None else None, utc_iso(now), actor_id),
            )
            return cursor.lastrowid if cursor.rowcount else None

    async def finish_run(self, run_id: int, now: datetime,
                         copies: list[tuple[str, str | None, bool, int | None, int | None, str | None]]) -> None:
        """copies: (folder, path, ok, requests, bytes, error) each."""
        async with self._db.transaction() as conn:
            await conn.executemany(
                "INSERT INTO backup_copies (run_id, folder, path, ok, requests, bytes, error, checked_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [(run_id, folder, path, int(ok), requests, size, error, utc_iso(now))
                 for folder, path, ok, requests, size, error in copies],
            )
            await conn.execute("UPDATE backup_runs SET finished_at = ? WHERE id = ?", (utc_iso(now), run_id))

    async def weekly_claimed(self, due: datetime) -> bool:
        return await self._db.fetch_value(
            "SELECT 1 FROM backup_runs WHERE trigger = 'weekly' AND due = ?", (utc_iso(due),)) is not None

    async def last_good(self) -> LastGood | None:
        row = await self._db.fetch_one(
            "SELECT checked_at, count(*) FROM backup_copies WHERE ok = 1 "
            "AND run_id = (SELECT run_id FROM backup_copies WHERE ok = 1 ORDER BY checked_at DESC, id DESC LIMIT 1)")
        if row is None or row[0] is None:
            return None
        at = from_iso(row[0])
        assert at is not None
        return LastGood(at, int(row[1]))
