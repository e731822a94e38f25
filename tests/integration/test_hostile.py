"""Hostile input against the services and a real database: forged hand-overs, a bad area
already stored, a substitution in the past, and /forget taking everything with it."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from bot.domain.staff_refs import ADMINS
from bot.domain.timetable import Substitution
from bot.i18n import I18n
from bot.services.summaries import Summaries
from bot.views.documents import register_rows, to_xlsx
from bot.views.payloads import send_text
from storage.links import LinkRepository
from storage.outbox import enqueue
from storage.users import UserRepository
from tests.fakes.clock import set_clock
from tests.integration.test_helpdesk import desk, new_request, outbox, school, tg  # noqa: F401  (fixtures)
from tests.integration.test_summaries import (  # noqa: F401  (fixture)
    PARENT,
    TEACHER_5A,
    import_sample,
    link_and_opt_out,
    summaries,
    summaries_in_outbox,
)


async def test_a_hand_over_to_anyone_not_in_the_school_file_is_refused(desk, school):  # noqa: F811
    r = (await desk.file(new_request(), [], chat_id=1001)).request
    before = await outbox(desk)
    for target in ("a.bogus", "admin-424242", "424242", "nobody", "a."):
        result = await desk.hand_over(r.id, r.assignee_id, target)
        assert not result.ok and result.reason == "button-outdated", target
    assert await outbox(desk) == before  # nothing was sent, least of all to Telegram user 424242
    fresh = await desk.requests.get(r.id)
    assert (fresh.area, fresh.assignee_id) == (r.area, r.assignee_id)
    await desk.run_timers()  # and the timers have nothing to trip over


async def test_a_hand_over_to_the_administrators_reaches_them(desk, school):  # noqa: F811
    r = (await desk.file(new_request(), [], chat_id=1001)).request
    result = await desk.hand_over(r.id, r.assignee_id, ADMINS)
    assert result.ok and result.request.assignee_id == ADMINS
    admins = set(desk.directory.chats_of(ADMINS))
    assert any(chat in admins and "📩" in p.get("text", "") for chat, _, p in await outbox(desk))


async def test_a_request_with_an_area_the_school_file_does_not_know_goes_to_the_administrators(desk, school):  # noqa: F811
    """Observation 5: such a request made every timer tick raise KeyError, so no queued card
    was delivered any more, and the register could not be exported."""
    desk.clock.value = datetime.fromisoformat("2026-11-22T20:00:00+03:00")  # Sunday: both wait for Monday
    bad = (await desk.file(new_request("bad"), [], chat_id=1001)).request
    good = (await desk.file(new_request("good"), [], chat_id=1001)).request
    await desk.db.execute("UPDATE requests SET area = 'bogus' WHERE id = ?", (bad.id,))
    desk.clock.value = good.slot_start
    await desk.run_timers()
    bad, good = await desk.requests.get(bad.id), await desk.requests.get(good.id)
    assert bad.assignee_id == ADMINS and bad.delivered_at is not None
    assert good.delivered_at is not None and good.assignee_id != ADMINS
    admin_cards = [p["text"] for c, _, p in await outbox(desk) if c in desk.directory.chats_of(ADMINS)]
    assert any(bad.number in text and "bogus" in text for text in admin_cards)
    t = I18n().get("ru")
    rows = register_rows(await desk.requests.register(since=bad.created_at, until=desk.clock.now()), t,
                         desk.directory, school.tz)
    assert to_xlsx(rows, t, "Журнал") and any(row[6] == "bogus" for row in rows)


async def test_a_substitution_wholly_in_the_past_is_refused_by_the_service(desk, school):  # noqa: F811
    past = Substitution(absent_id=tg(school, 1), substitute_id=tg(school, 2), start=date(2026, 11, 2),
                        end=date(2026, 11, 6))
    with pytest.raises(ValueError, match="sub-error-past"):
        await desk.add_substitution(past, created_by=100002)
    assert await desk.substitutions_ahead() == []
    today = Substitution(absent_id=tg(school, 1), substitute_id=tg(school, 2), start=date(2026, 11, 20),
                         end=date(2026, 11, 24))
    await desk.add_substitution(today, created_by=100002)
    assert len(await desk.substitutions_ahead()) == 1


async def test_forget_takes_links_views_and_unsent_messages_and_the_child_goes_on_paper(summaries: Summaries):  # noqa: F811
    """Observation 10: after /forget the link stayed, /marks worked and the summary came."""
    await import_sample(summaries)
    users = UserRepository(summaries.db)
    await users.give_consent(PARENT, "ru", summaries.clock.now())
    sid = await link_and_opt_out(summaries, PARENT, "Петров Иван")
    await summaries.viewed(PARENT, sid, "open")
    async with summaries.db.transaction() as conn:
        await enqueue(conn, chat_id=PARENT, method="SendMessage", payload=send_text(PARENT, "ждёт отправки"),
                      dedupe_key="waiting", purpose="summary", ref_id=sid)
        # a message kept while the parent was asked which request it is for
        await conn.execute("INSERT INTO unplaced_messages (chat_id, message_id, content_type, text, at) "
                           "VALUES (?, 7, 'text', 'ещё вопрос', '2026-11-20T10:00:00+00:00')", (PARENT,))
    assert await summaries.printout_students("5А") == []

    forgotten = await users.forget(PARENT, summaries.clock.now())
    assert forgotten.removed and [s.full_name for s in forgotten.orphans] == ["Петров Иван"]
    assert await users.get(PARENT) is None
    assert await LinkRepository(summaries.db).children(PARENT) == []
    assert await summaries.db.fetch_value("SELECT count(*) FROM marks_views WHERE telegram_id = ?", (PARENT,)) == 0
    assert await summaries.db.fetch_value("SELECT count(*) FROM outbox WHERE chat_id = ?", (PARENT,)) == 0
    assert await summaries.db.fetch_value("SELECT count(*) FROM unplaced_messages WHERE chat_id = ?", (PARENT,)) == 0
    assert await summaries.recipients() == []
    assert await summaries.printout_students("5А") == [(sid, "Петров Иван")]

    await summaries.orphaned(forgotten.orphans)
    notices = await summaries.db.fetch_all("SELECT chat_id, payload FROM outbox WHERE purpose = 'notice'")
    assert [n[0] for n in notices] == [TEACHER_5A]
    assert "Петров Иван" in json.loads(notices[0][1])["text"] and "/printout" in json.loads(notices[0][1])["text"]

    set_clock(summaries.clock, "2026-11-21T12:00:00+03:00")  # Saturday noon
    await summaries.tick()
    assert [s for s in await summaries_in_outbox(summaries) if s[0] == PARENT] == []
    assert not (await users.forget(PARENT, summaries.clock.now())).removed  # nothing is left to forget
