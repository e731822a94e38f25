"""Migrations (stairway: every version upgrades to the newest) and the FSM storage."""

from __future__ import annotations

import asyncio

import pytest
from aiogram.fsm.storage.base import StorageKey

from bot.fsm import SQLiteStorage
from storage.db import Database, migration_files

LATEST = len(migration_files())


async def schema(db: Database) -> list[tuple[str, str]]:
    rows = await db.fetch_all(
        "SELECT type || ':' || name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY 1"
    )
    return [(row[0], row[1]) for row in rows]


async def test_migrations_on_an_empty_database(tmp_path):
    db = await Database(tmp_path / "fresh.sqlite3").connect()
    assert await db.schema_version() == LATEST
    assert await db.fetch_value("PRAGMA journal_mode") == "wal"
    tables = {name for name, _ in await schema(db)}
    assert {"table:users", "table:fsm", "table:consent_log"} <= tables
    await db.close()


@pytest.mark.parametrize("previous", range(LATEST))
async def test_every_previous_version_upgrades_to_the_same_schema(tmp_path, previous):
    fresh = await Database(tmp_path / "fresh.sqlite3").connect()
    expected = await schema(fresh)
    await fresh.close()

    path = tmp_path / "old.sqlite3"
    old = await Database(path).connect(target=previous)
    assert await old.schema_version() == previous
    await old.close()
    upgraded = await Database(path).connect()
    assert await upgraded.schema_version() == LATEST
    assert await schema(upgraded) == expected
    await upgraded.close()


async def test_a_failing_migration_leaves_the_database_as_it_was(tmp_path, monkeypatch):
    import storage.db as dbmod

    good = migration_files()
    broken = [*good, (len(good) + 1, f"{len(good) + 1:04d}_broken.sql", "CREATE TABLE t (x); SELECT * FROM nowhere;")]
    monkeypatch.setattr(dbmod, "migration_files", lambda: broken)
    db = Database(tmp_path / "x.sqlite3")
    with pytest.raises(Exception, match="nowhere"):
        await db.connect()
    assert await db.schema_version() == LATEST
    assert await db.fetch_value("SELECT count(*) FROM sqlite_master WHERE name = 't'") == 0
    await db.close()


async def test_transaction_rolls_back_on_error(tmp_path):
    db = await Database(tmp_path / "x.sqlite3").connect()
    with pytest.raises(RuntimeError):
        async with db.transaction() as conn:
            await conn.execute(
                "INSERT INTO consent_log (telegram_id, action, version, at) VALUES (1, 'given', 'v', 'now')"
            )
            raise RuntimeError("boom")
    assert await db.fetch_value("SELECT count(*) FROM consent_log") == 0
    await db.close()


async def test_concurrent_transactions_do_not_interleave(tmp_path):
    db = await Database(tmp_path / "x.sqlite3").connect()

    async def writer(n: int) -> None:
        async with db.transaction() as conn:
            await conn.execute(
                "INSERT INTO consent_log (telegram_id, action, version, at) VALUES (?, 'given', 'v', 'now')", (n,)
            )
            await asyncio.sleep(0)
            if n % 2:
                raise ValueError(n)

    results = await asyncio.gather(*(writer(n) for n in range(40)), return_exceptions=True)
    assert sum(isinstance(r, ValueError) for r in results) == 20
    ids = [row[0] for row in await db.fetch_all("SELECT telegram_id FROM consent_log ORDER BY 1")]
    assert ids == list(range(0, 40, 2))
    await db.close()


async def test_fsm_state_and_data_survive_reopening(tmp_path):
    key = StorageKey(bot_id=1, chat_id=42, user_id=42)
    db = await Database(tmp_path / "fsm.sqlite3").connect()
    storage = SQLiteStorage(db)
    await storage.set_state(key, "Form:name")
    await storage.set_data(key, {"name": "Иванова Анна", "photos": ["a", "b"]})
    await db.close()

    db = await Database(tmp_path / "fsm.sqlite3").connect()
    storage = SQLiteStorage(db)
    assert await storage.get_state(key) == "Form:name"
    assert await storage.get_data(key) == {"name": "Иванова Анна", "photos": ["a", "b"]}
    other = StorageKey(bot_id=1, chat_id=43, user_id=43)
    assert await storage.get_state(other) is None
    assert await storage.get_data(other) == {}
    await storage.set_state(key, None)
    assert await storage.get_state(key) is None
    assert await storage.get_data(key) == {"name": "Иванова Анна", "photos": ["a", "b"]}
    await db.close()


async def test_reads_and_writes_inside_a_transaction_join_it(tmp_path):
    db = await Database(tmp_path / "x.sqlite3").connect()
    async with db.transaction() as conn:
        await conn.execute("INSERT INTO consent_log (telegram_id, action, version, at) VALUES (7, 'given', 'v', 'now')")
        assert await db.fetch_value("SELECT count(*) FROM consent_log") == 1
        await db.execute("INSERT INTO consent_log (telegram_id, action, version, at) VALUES (8, 'given', 'v', 'now')")
        other = asyncio.create_task(db.fetch_value("SELECT count(*) FROM consent_log"))
        await asyncio.sleep(0.05)
        assert not other.done(), "another task must wait for the transaction"
    assert await other == 2
    await db.close()


async def test_a_first_contact_costs_no_read_and_known_people_are_still_found(tmp_path):
    """The ids and FSM keys with a row are read once; a person never seen costs no query, and
    a row written before the start or by this process is found (bench/first_contact.py)."""
    from datetime import UTC, datetime

    from storage.users import UserRepository

    known = StorageKey(bot_id=1, chat_id=42, user_id=42)
    db = await Database(tmp_path / "first.sqlite3").connect()
    await SQLiteStorage(db).set_state(known, "Form:name")
    await UserRepository(db).give_consent(42, "ru", datetime(2026, 11, 24, tzinfo=UTC))
    await db.close()

    db = await Database(tmp_path / "first.sqlite3").connect()
    storage, users = SQLiteStorage(db), UserRepository(db)
    assert await storage.get_state(known) == "Form:name" and (await users.get(42)).language == "ru"
    reads = []
    original = db.fetch_one
    db.fetch_one = lambda *args, **kwargs: reads.append(args) or original(*args, **kwargs)  # type: ignore[method-assign]
    new = [StorageKey(bot_id=1, chat_id=n, user_id=n) for n in range(1000, 1050)]
    assert [await storage.get_data(k) for k in new] == [{}] * 50
    assert [await users.get(n) for n in range(1000, 1050)] == [None] * 50
    assert reads == []
    await storage.set_state_and_data(new[0], "Onboarding:consent", {"lang": "en"})
    await users.give_consent(1000, "en", datetime(2026, 11, 24, tzinfo=UTC))
    db.fetch_one = original  # type: ignore[method-assign]
    fresh_storage, fresh_users = SQLiteStorage(db), UserRepository(db)
    assert await fresh_storage.get_state(new[0]) == "Onboarding:consent"
    assert await fresh_storage.get_data(new[0]) == {"lang": "en"}
    assert (await users.get(1000)).language == "en" and (await fresh_users.get(1000)).language == "en"
    await db.close()
