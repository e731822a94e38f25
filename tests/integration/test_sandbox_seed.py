"""The sandbox's demo data, made by the bot's own services into a fresh database."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from bot.domain.requests import Status
from bot.domain.school import load_school_config
from bot.i18n import I18n
from bot.sandbox import cast
from bot.sandbox.seed import seed
from bot.services.people import Directory
from bot.services.summaries import Summaries
from bot.views.present import Views
from storage.db import Database
from storage.links import LinkRepository, OptOutRepository
from storage.requests import RequestRepository
from tests.fakes.clock import SetClock

ROOT = Path(__file__).resolve().parents[2]


async def test_the_seed_gives_every_pane_something_to_show(tmp_path):
    school = load_school_config(ROOT / "schools" / "example.toml")
    now = cast.start_moment(school.tz)
    seeded = await seed(tmp_path / "sandbox.sqlite3", school, now)
    assert seeded.requests == ["2026-0001", "2026-0002", "2026-0003", "2026-0004"]
    assert seeded.marks > 100

    db = await Database(tmp_path / "sandbox.sqlite3").connect()
    try:
        requests = RequestRepository(db)
        states = {}
        for number in seeded.requests:
            found = await requests.by_number(number)
            assert found is not None
            states[number] = found.status
        assert states == {"2026-0001": Status.RESOLVED, "2026-0002": Status.IN_PROGRESS,
                          "2026-0003": Status.NEW, "2026-0004": Status.ASSIGNED}
        # The history's hours are the school's: Monday 15:00, Specialist Д. Д.'s slot.
        second = await requests.by_number("2026-0002")
        assert second is not None and second.assignee_id == "spec-e"
        assert second.created_at.astimezone(school.tz).hour == 15

        summaries = Summaries(db, school, SetClock(now.isoformat()), views=Views(Directory(school, I18n(), db)))
        recipients = {(r.telegram_id, r.student_name) for r in await summaries.recipients()}
        assert recipients == {(cast.PARENT.telegram_id, "Петров Иван"), (700002, "Смирнов Олег")}
        assert [s.full_name for s in await LinkRepository(db).children(cast.STUDENT.telegram_id)] == ["Петров Иван"]
        register = await OptOutRepository(db).of_classes(None)
        assert {(o.student.full_name, o.channel) for o in register} >= {("Сидорова Мария", "paper")}
        # Four weeks of marks, none in the sample file's week (16–20 November) or later.
        weeks = await summaries.marks.week_marks(None, date(2026, 10, 19), date(2026, 11, 13))
        assert {m.day.isocalendar().week for m in weeks} == {43, 45, 46}  # the autumn holidays between
        assert not await summaries.marks.week_marks(None, date(2026, 11, 16), date(2026, 11, 22))
        # Only what people should get now is queued: no card of a settled request.
        queued = await db.fetch_all("SELECT chat_id, purpose FROM outbox WHERE sent_at IS NULL ORDER BY id")
        assert (cast.PARENT.telegram_id, "summary") in [tuple(r) for r in queued]
        assert not [r for r in queued if r[1] == "card" and r[0] == 200005]  # № 2026-0002 was taken long ago
    finally:
        await db.close()
