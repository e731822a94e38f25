"""Announcements against a real database: who is in each audience, the muted left out (but never
of an obligatory kind), and one confirmed preview queued once however often it is sent."""

from __future__ import annotations

import asyncio
import functools
import json
from pathlib import Path

import pytest

from bot.domain.announcements import Audience, Kind
from bot.domain.school import load_school_config
from bot.i18n import I18n
from bot.services.announcements import Announcements, Content
from bot.services.people import Directory
from bot.views.present import Views
from storage.db import Database
from storage.links import LinkRepository
from storage.users import UserRepository
from tests.fakes.clock import SetClock

ROOT = Path(__file__).resolve().parents[2]
P5A, P5B, P9B, NO_CHILD = 810001, 810002, 810003, 810004


@functools.cache
def example_school():
    return load_school_config(ROOT / "schools" / "example.toml")


@pytest.fixture
async def service(tmp_path):
    school = example_school()
    db = await Database(tmp_path / "announce.sqlite3").connect()
    clock = SetClock("2026-11-24T10:00:00+03:00")
    i18n = I18n()
    users = UserRepository(db)
    links = LinkRepository(db, max_failures_per_hour=3)
    for parent, child, klass in ((P5A, "Аксенов Лев", "5А"), (P5B, "Белов Ян", "5Б"), (P9B, "Ветров Ян", "9Б")):
        await users.give_consent(parent, "ru", clock.now())
        student = await links.student(child, klass, clock.now())
        await links.redeem(await links.issue(student, "parent", 300001, clock.now(), days=7), parent, clock.now())
    await users.give_consent(NO_CHILD, "en", clock.now())
    directory = Directory(school, i18n, db, users)
    yield Announcements(db, directory, clock, Views(directory))
    await db.close()


async def test_each_audience_is_who_it_says(service: Announcements):
    school = service.directory.school
    staff = {p.telegram_id for p in school.people if p.telegram_id} | {c.telegram_id for c in school.class_teachers}
    specialists = {s.telegram_id for s in school.specialists if s.telegram_id}
    assert set(await service.recipients(Audience.CLASS, "5А")) == {P5A}
    assert set(await service.recipients(Audience.GRADE, "5")) == {P5A, P5B}
    assert set(await service.recipients(Audience.SPECIALISTS, None)) == specialists
    assert set(await service.recipients(Audience.CLASS_TEACHERS, None)) == {c.telegram_id for c in school.class_teachers}
    assert set(await service.recipients(Audience.STAFF, None)) == staff
    everyone = await service.recipients(Audience.EVERYONE, None)
    assert set(everyone) == staff | {P5A, P5B, P9B, NO_CHILD} and len(everyone) == len(set(everyone))


async def test_the_muted_are_left_out_but_not_of_obligatory_kinds(service: Announcements):
    await service.set_muted(P5B, Kind.PERIOD_END, True)
    await service.set_muted(P5B, Kind.TRAINING, True)  # refused: obligatory
    assert await service.mutes_of(P5B) == {"period_end"}
    assert await service.audience_for(Kind.PERIOD_END, Audience.GRADE, "5") == ([P5A], 1)
    assert await service.audience_for(Kind.TRAINING, Audience.GRADE, "5") == ([P5A, P5B], 0)
    await service.set_muted(P5B, Kind.PERIOD_END, False)
    assert await service.audience_for(Kind.PERIOD_END, Audience.GRADE, "5") == ([P5A, P5B], 0)


async def test_one_preview_is_queued_once_however_often_it_is_sent(service: Announcements):
    content = Content("Собрание <b>родителей</b>", "file-id-1", "document")
    sent = await asyncio.gather(*(service.send(
        submission_key="preview-1", kind=Kind.OTHER, audience=Audience.EVERYONE, target=None, content=content,
        sender_id=100002) for _ in range(5)))
    assert sum(s is not None for s in sent) == 1
    rows = await service.repo._db.fetch_all(
        "SELECT chat_id, method, payload, priority, batch FROM outbox WHERE purpose = 'announcement'")
    chats = [r["chat_id"] for r in rows]
    assert sorted(chats) == sorted(await service.recipients(Audience.EVERYONE, None))
    english = json.loads(next(r["payload"] for r in rows if r["chat_id"] == NO_CHILD))
    assert english["document"] == "file-id-1" and english["caption"].startswith("📣 <b>School announcement</b>")
    assert {r["method"] for r in rows} == {"SendDocument"} and {r["priority"] for r in rows} == {10}
