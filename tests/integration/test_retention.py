"""How long records are kept, against a real database: register entries past the retention
period go with their messages and events only for years whose archive exists; a year
without its archive is kept whole; delivered messages' texts are cleared after the set days."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from bot.domain.requests import RequestKind, Topic
from bot.domain.school import load_school_config
from bot.i18n import I18n
from bot.services.helpdesk import HelpDesk
from bot.services.people import Directory
from bot.services.retention import Retention, years_ago
from bot.views.payloads import send_text
from bot.views.present import Views
from storage.audit import AuditLog
from storage.db import Database, utc_iso
from storage.outbox import enqueue
from storage.requests import NewRequest
from tests.fakes.clock import SetClock, set_clock

ROOT = Path(__file__).resolve().parents[2]
NOW = "2026-11-29T10:00:00+03:00"


@pytest.fixture
async def desk(tmp_path):
    school = load_school_config(ROOT / "schools" / "example.toml")
    db = await Database(tmp_path / "helpdesk.sqlite3").connect()
    helpdesk = HelpDesk(db, school, SetClock(NOW), directory := Directory(school, I18n(), db), views=Views(directory))
    yield helpdesk
    await db.close()


async def file_on(desk: HelpDesk, moment: str, n: int) -> int:
    set_clock(desk.clock, moment)
    filed = await desk.file(NewRequest(
        submission_key=f"k{n}", requester_id=7000 + n, requester_name=f"Заявитель {n}", requester_role="parent",
        requester_class="5А", login=None, language="ru", kind=RequestKind.QUESTION, topic=Topic.GENERAL,
        area="technical", text=f"Текст обращения {n}",
    ), [], chat_id=7000 + n)
    await desk.db.execute(
        "INSERT INTO request_messages (request_id, direction, author_id, chat_id, message_id, content_type, text, at) "
        "VALUES (?, 'in', ?, ?, ?, 'text', ?, ?)", (filed.request.id, 7000 + n, 7000 + n, n, f"Сообщение {n}", moment))
    return filed.request.id


async def archive(db: Database, year: int) -> None:
    await db.execute("INSERT INTO report_runs (kind, period, made_at, sent_at, path) VALUES ('archive', ?, ?, ?, ?)",
                     (str(year), NOW, NOW, "/srv/reports"))


async def texts(db: Database) -> list[str]:
    rows = await db.fetch_all(
        "SELECT r.text FROM requests r UNION ALL SELECT m.text FROM request_messages m ORDER BY 1")
    return [row[0] for row in rows]


async def test_entries_past_the_period_go_only_where_the_year_has_its_archive(desk):
    old_2019 = await file_on(desk, "2019-03-12T11:00:00+03:00", 1)
    await file_on(desk, "2019-12-31T23:30:00+03:00", 2)  # 2019 by the school's clock (UTC: the 31st too)
    await file_on(desk, "2020-01-01T00:30:00+03:00", 3)  # 2020 by the school's clock, 2019 in UTC
    await file_on(desk, "2021-10-01T10:00:00+03:00", 4)  # 2021, past the period (before 29.11.2021)
    await file_on(desk, "2021-12-01T10:00:00+03:00", 5)  # 2021, within the period
    await file_on(desk, "2026-11-20T10:00:00+03:00", 6)
    await archive(desk.db, 2019)
    await archive(desk.db, 2021)
    await desk.db.execute("INSERT INTO report_runs (kind, period, made_at) VALUES ('archive', '2020', ?)", (NOW,))
    desk.clock.value = datetime.fromisoformat(NOW)
    result = await Retention(desk.db, desk.clock, lambda: desk.school).run()

    assert result.years_removed == [2019, 2021] and result.requests_removed == 3
    assert result.years_kept == [2020]  # its archive was begun but never made: kept whole
    assert await texts(desk.db) == [
        "Сообщение 3", "Сообщение 5", "Сообщение 6", "Текст обращения 3", "Текст обращения 5", "Текст обращения 6"]
    for table in ("request_events", "request_messages", "request_cards", "request_chat_messages", "courtesy_marks"):
        assert await desk.db.fetch_value(f"SELECT count(*) FROM {table} WHERE request_id = ?", (old_2019,)) == 0

    again = await Retention(desk.db, desk.clock, lambda: desk.school).run()
    assert again.requests_removed == 0 and again.years_kept == [2020]


async def test_the_retention_period_comes_from_the_school_file(desk):
    await file_on(desk, "2023-05-10T10:00:00+03:00", 1)
    await archive(desk.db, 2023)
    await AuditLog(desk.db, desk.clock.now).record(100002, "register_export", "2023")  # at the same moment
    desk.clock.value = datetime.fromisoformat(NOW)
    five = await Retention(desk.db, desk.clock, lambda: desk.school).run()
    assert five.requests_removed == 0 and five.audit_removed == 0
    short = desk.school.model_copy(update={"school": desk.school.school.model_copy(update={"retention_years": 3})})
    result = await Retention(desk.db, desk.clock, lambda: short).run()
    assert result.requests_removed == 1 and result.cutoff == years_ago(desk.clock.now().astimezone(short.tz), 3)
    assert result.audit_removed == 1


async def test_delivered_texts_are_cleared_after_the_set_days_and_nothing_else(desk):
    desk.clock.value = datetime.fromisoformat(NOW)
    now = desk.clock.now()
    async with desk.db.transaction() as conn:
        for key, status in (("old-sent", "sent"), ("new-sent", "sent"), ("old-pending", "pending"),
                            ("old-failed", "failed")):
            await enqueue(conn, chat_id=1, method="SendMessage", payload=send_text(1, f"текст {key}"), dedupe_key=key)
            await conn.execute("UPDATE outbox SET status = ? WHERE dedupe_key = ?", (status, key))
    old, recent = utc_iso(now - timedelta(days=31)), utc_iso(now - timedelta(days=29))
    for key, sent_at in (("old-sent", old), ("new-sent", recent), ("old-pending", old), ("old-failed", old)):
        await desk.db.execute("UPDATE outbox SET sent_at = ? WHERE dedupe_key = ?", (sent_at, key))
    result = await Retention(desk.db, desk.clock, lambda: desk.school).run()
    assert result.texts_cleared == 1
    rows = {row[0]: json.loads(row[1]) for row in await desk.db.fetch_all("SELECT dedupe_key, payload FROM outbox")}
    assert rows["old-sent"] == {}
    assert rows["new-sent"]["text"] == "текст new-sent"
    assert rows["old-pending"]["text"] == "текст old-pending"  # not delivered yet: kept whole
    assert rows["old-failed"]["text"] == "текст old-failed"  # may be sent again when the chat is back


async def test_the_audit_trail_lists_the_newest_first(desk):
    clock = SetClock(NOW)
    audit = AuditLog(desk.db, clock.now)
    await audit.record(100002, "register_export", "01.11.2026–30.11.2026, xlsx")
    clock.advance(minutes=5)
    await audit.record(300001, "marks_printout", "5А")
    entries = await audit.recent()
    assert [(e.actor_id, e.action, e.subject) for e in entries] == [
        (300001, "marks_printout", "5А"), (100002, "register_export", "01.11.2026–30.11.2026, xlsx")]
    with pytest.raises(ValueError):
        await audit.record(1, "something-else")
