"""Invitations that link parents to their children: single use, expiry, throttling, no plain codes stored."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

import pytest

from storage.db import Database
from storage.links import LinkOutcome, LinkRepository, hash_code

NOW = datetime.fromisoformat("2026-11-24T10:00:00+03:00")


@pytest.fixture
async def links(tmp_path):
    db = await Database(tmp_path / "links.sqlite3").connect()
    yield LinkRepository(db, max_failures_per_hour=3)
    await db.close()


async def test_a_code_links_once_and_is_stored_only_as_a_hash(links):
    student = await links.student("Иванов Иван", "5А", NOW)
    assert (await links.student("Иванов Иван", "5А", NOW)).id == student.id
    code = await links.issue(student, "parent", 300001, NOW, days=7)
    assert len(code) >= 12
    stored = await links._db.fetch_value("SELECT code_hash FROM invitations")
    assert stored == hash_code(code) and code not in stored
    results = await asyncio.gather(*(links.redeem(code, 1000 + n, NOW) for n in range(5)))
    outcomes = sorted(r.outcome.value for r in results)
    assert outcomes.count("linked") == 1 and outcomes.count("used") == 4
    winner = next(1000 + n for n, r in enumerate(results) if r.outcome is LinkOutcome.LINKED)
    assert [c.full_name for c in await links.children(winner)] == ["Иванов Иван"]
    assert (await links.redeem(code, winner, NOW)).outcome is LinkOutcome.ALREADY


async def test_expired_codes_do_not_link(links):
    student = await links.student("Петрова Анна", "7В", NOW)
    code = await links.issue(student, "parent", 300001, NOW, days=7)
    assert (await links.redeem(code, 2000, NOW + timedelta(days=7, seconds=1))).outcome is LinkOutcome.EXPIRED
    assert await links.children(2000) == []


async def test_guessing_is_throttled(links):
    for _ in range(3):
        assert (await links.redeem("guess", 3000, NOW)).outcome is LinkOutcome.UNKNOWN
    student = await links.student("Сидоров Пётр", "9Б", NOW)
    code = await links.issue(student, "parent", 300002, NOW, days=7)
    assert (await links.redeem(code, 3000, NOW)).outcome is LinkOutcome.THROTTLED
    assert (await links.redeem(code, 3000, NOW + timedelta(hours=1, seconds=1))).outcome is LinkOutcome.LINKED
