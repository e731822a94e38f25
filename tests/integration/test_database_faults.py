"""The database under faults: a lock held by another connection (a real one, in another
thread), and the files' rights."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import stat
import threading
import time
from pathlib import Path

import pytest

from storage.db import Database, DatabaseBusy


class Holder:
    """Another connection that takes the write lock (BEGIN IMMEDIATE or EXCLUSIVE) for a while."""

    def __init__(self, path: Path, seconds: float, mode: str = "IMMEDIATE") -> None:
        self.path, self.seconds, self.mode = path, seconds, mode
        self.locked = threading.Event()
        self.thread = threading.Thread(target=self._hold, daemon=True)

    def _hold(self) -> None:
        conn = sqlite3.connect(self.path, timeout=5, isolation_level=None)
        try:
            conn.execute(f"BEGIN {self.mode}")
            self.locked.set()
            time.sleep(self.seconds)
            conn.execute("ROLLBACK")
        finally:
            conn.close()

    async def __aenter__(self) -> Holder:
        self.thread.start()
        await asyncio.to_thread(self.locked.wait, 5)
        return self

    async def __aexit__(self, *exc: object) -> None:
        await asyncio.to_thread(self.thread.join, 10)


async def write(db: Database, value: str) -> None:
    async with db.transaction() as conn:
        await conn.execute("INSERT INTO fsm (key, state, data, updated_at) VALUES (?, NULL, '{}', '')", (value,))


@pytest.fixture
async def db(tmp_path):
    database = await Database(tmp_path / "data" / "bot.sqlite3", lock_wait=5).connect()
    yield database
    await database.close()


@pytest.mark.parametrize("mode", ["IMMEDIATE", "EXCLUSIVE"])
async def test_a_write_waits_for_another_connections_lock_and_reads_go_on_meanwhile(db, mode):
    async with Holder(db.path, 1.0, mode):
        started = time.monotonic()
        writer = asyncio.create_task(write(db, "k1"))
        await asyncio.sleep(0.1)
        read_started = time.monotonic()
        assert await db.fetch_value("SELECT count(*) FROM fsm") == 0
        read_took = time.monotonic() - read_started
        await writer
        assert time.monotonic() - started >= 0.8  # it waited for the lock ...
    assert await db.fetch_value("SELECT count(*) FROM fsm") == 1  # ... and then wrote
    assert read_took < 0.5, "a read must not queue behind a writer waiting for another connection's lock"
    assert db.trouble is None


async def test_a_lock_held_longer_than_lock_wait_is_reported_and_the_next_write_works(db):
    db.lock_wait = 0.5
    async with Holder(db.path, 1.5):
        with pytest.raises(DatabaseBusy):
            await write(db, "k1")
        with pytest.raises(DatabaseBusy):
            await db.execute("UPDATE fsm SET state = 'x'")
        assert db.trouble is not None and "locked" in db.trouble[1]
    await write(db, "k2")
    assert db.trouble is None
    assert [r[0] for r in await db.fetch_all("SELECT key FROM fsm")] == ["k2"]
    assert not db.conn.in_transaction


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


async def test_the_database_and_its_side_files_are_the_owners_only(tmp_path, db):
    await write(db, "k")  # the WAL and shared-memory files exist now
    assert mode_of(db.path.parent) == 0o700
    files = [db.path, Path(f"{db.path}-wal"), Path(f"{db.path}-shm")]
    assert all(f.exists() for f in files)
    assert {f.name: oct(mode_of(f)) for f in files} == {f.name: oct(0o600) for f in files}


async def test_files_left_readable_by_an_earlier_version_are_narrowed(tmp_path):
    path = tmp_path / "old.sqlite3"
    sqlite3.connect(path).close()
    os.chmod(path, 0o644)
    database = await Database(path).connect()
    try:
        assert mode_of(path) == 0o600
    finally:
        await database.close()
