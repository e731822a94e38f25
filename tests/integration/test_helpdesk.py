"""The help desk's rules end to end through the service and the database, without Telegram.

The school's clock is set by the test; what would be sent is read from the outbox.
"""

from __future__ import annotations

import asyncio
import json
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from bot.domain.requests import RequestKind, Status, Topic
from bot.domain.school import load_school_config
from bot.domain.staff_refs import ADMINS
from bot.domain.timetable import Substitution
from bot.i18n import I18n
from bot.services.helpdesk import Attachment, HelpDesk
from bot.services.helpdesk.notices import ClosedByRequester
from bot.services.people import Directory
from bot.views.present import Views
from bot.views.requests import placement_text
from storage.db import Database
from storage.requests import NewRequest
from storage.uow import UnitOfWork
from tests.fakes.clock import SetClock

ROOT = Path(__file__).resolve().parents[2]
MSK3 = "+03:00"  # Europe/Simferopol


@pytest.fixture
def school():
    return load_school_config(ROOT / "schools" / "example.toml")


@pytest.fixture
async def desk(tmp_path, school):
    db = await Database(tmp_path / "desk.sqlite3").connect()
    clock = SetClock(f"2026-11-24T14:45:00{MSK3}")
    helpdesk = HelpDesk(db, school, clock, directory := Directory(school, I18n(), db), views=Views(directory))
    await helpdesk.reload_substitutions()
    yield helpdesk
    await db.close()


def tg(school, n: int) -> str:
    """Specialist id by the Telegram id the example gives the n-th row of the R2.1 table (A=1)."""
    spec = school.specialist_by_telegram_id(200000 + n)
    assert spec is not None
    return spec.id


def new_request(key: str = "k1", *, area: str = "technical", topic: Topic = Topic.GENERAL, text: str = "Не открывается электронный дневник") -> NewRequest:
    return NewRequest(
        submission_key=key, requester_id=1001, requester_name="Иванова Анна", requester_role="parent",
        requester_class="5А", login="ivanova" if topic is not Topic.GENERAL else None, language="ru",
        kind=RequestKind.QUESTION, topic=topic, area=area, text=text,
    )


async def outbox(desk: HelpDesk) -> list[tuple[int, str, dict]]:
    """What the desk queued for people, but the receipts held for the handler that files (the
    handler's business: tests/e2e, and `test_a_receipt_goes_out_even_if_its_handler_dies`)."""
    rows = await desk.db.fetch_all(
        "SELECT chat_id, method, payload FROM outbox WHERE coalesce(batch, '') != 'held' ORDER BY id")
    return [(r[0], r[1], json.loads(r[2])) for r in rows]


async def cards_to(desk: HelpDesk, chat: int) -> list[dict]:
    return [p for c, m, p in await outbox(desk) if c == chat and m == "SendMessage" and "📩" in p.get("text", "")]


async def test_on_duty_now_gets_the_card_at_once(desk, school):
    filed = await desk.file(new_request(), [Attachment("photo", "file-1", 11)], chat_id=1001)
    r = filed.request
    assert filed.created and r.number == "2026-0001"
    assert r.status is Status.ASSIGNED and r.assignee_id == tg(school, 1)  # Tue 14:30–16:00
    cards = await cards_to(desk, 200001)
    assert len(cards) == 1 and "Иванова Анна" in cards[0]["text"]
    copies = [p for c, m, p in await outbox(desk) if c == 200001 and m == "CopyMessage"]
    assert copies and copies[0]["message_id"] == 11


async def test_sunday_evening_waits_for_the_next_fitting_slot(desk, school):
    desk.clock.value = datetime.fromisoformat(f"2026-11-22T20:00:00{MSK3}")
    r = (await desk.file(new_request(), [], chat_id=1001)).request
    assert r.status is Status.NEW and r.delivered_at is None
    assert r.slot_start is not None and r.slot_start > desk.clock.now()
    assert r.slot_start.astimezone(school.tz).weekday() < 5
    assert not [row for row in await outbox(desk) if row[1] == "SendMessage"]
    assert "каб." in placement_text(r, desk.directory.i18n.get("ru"), desk.directory)

    desk.clock.value = r.slot_start - timedelta(seconds=1)
    assert await desk.deliver_due() == 0
    desk.clock.value = r.slot_start
    assert await desk.deliver_due() == 1
    assert await cards_to(desk, desk.directory.member(r.assignee_id).telegram_id)
    assert await desk.deliver_due() == 0


async def test_queued_requests_reach_the_specialist_oldest_first(desk):
    desk.clock.value = datetime.fromisoformat(f"2026-11-22T20:00:00{MSK3}")
    first = (await desk.file(new_request("a"), [], chat_id=1001)).request
    desk.clock.advance(minutes=5)
    second = (await desk.file(new_request("b"), [], chat_id=1001)).request
    assert first.slot_start == second.slot_start
    desk.clock.value = first.slot_start
    await desk.deliver_due()
    chat = desk.directory.member(first.assignee_id).telegram_id
    numbers = [p["text"].split("№\u00a0")[1][:9] for p in await cards_to(desk, chat)]
    assert numbers == [first.number, second.number]


async def test_not_taken_in_time_escalates_then_reaches_the_administrators(desk, school):
    r = (await desk.file(new_request(), [], chat_id=1001)).request
    desk.clock.advance(minutes=school.helpdesk.escalation_minutes - 1)
    assert await desk.escalate_due() == 0
    desk.clock.advance(minutes=2)
    assert await desk.escalate_due() == 1
    after = await desk.requests.get(r.id)
    assert after.assignee_id != r.assignee_id and after.escalations == 1
    events = [e[1] for e in await desk.requests.events(r.id)]
    assert events.count("escalated") == 1
    # Keep not taking it: eventually the administrators have it, and it stops there.
    for _ in range(len(school.specialists) + 1):
        desk.clock.advance(minutes=school.helpdesk.escalation_minutes + 1)
        await desk.escalate_due()
    final = await desk.requests.get(r.id)
    assert final.assignee_id == ADMINS
    assert await cards_to(desk, school.school.administrators[0].telegram_id)


async def test_escalation_to_the_next_specialist_on_duty_shows_no_false_substitution(desk, school):
    desk.clock.value = datetime.fromisoformat(f"2026-11-26T08:30:00{MSK3}")  # Thursday: A and E both on duty
    r = (await desk.file(new_request(), [], chat_id=1001)).request
    assert r.assignee_id == tg(school, 1)
    desk.clock.advance(minutes=school.helpdesk.escalation_minutes + 1)
    assert await desk.escalate_due() == 1
    moved = await desk.requests.get(r.id)
    assert moved.assignee_id == tg(school, 5)
    card = (await cards_to(desk, 200005))[-1]
    assert "Передано дальше" in card["text"] and "замещаете" not in card["text"]


async def test_substitute_receives_the_absent_specialists_requests(desk, school):
    absent, substitute = tg(school, 1), tg(school, 2)
    await desk.add_substitution(Substitution(absent, substitute, date(2026, 11, 24), date(2026, 11, 25)), created_by=100002)
    r = (await desk.file(new_request(), [], chat_id=1001)).request
    assert r.assignee_id == substitute and r.scheduled_id == absent
    card = (await cards_to(desk, 200002))[0]
    assert desk.directory.member(absent).name in card["text"]
    assert desk.directory.member(substitute).name in placement_text(r, desk.directory.i18n.get("ru"), desk.directory)


async def test_a_cancelled_substitution_gives_the_waiting_requests_back(desk, school):
    desk.clock.value = datetime.fromisoformat(f"2026-11-22T20:00:00{MSK3}")  # Sunday: queued for a slot
    r = (await desk.file(new_request(), [], chat_id=1001)).request
    absent = r.scheduled_id
    assert absent is not None and r.assignee_id == absent
    day = r.slot_start.astimezone(school.tz).date()
    substitute = next(s.id for s in school.specialists if s.id != absent)
    await desk.add_substitution(Substitution(absent, substitute, day, day), created_by=100002)
    assert (await desk.requests.get(r.id)).assignee_id == substitute
    [(sub_id, listed)] = await desk.substitutions_ahead()
    assert (listed.absent_id, listed.substitute_id) == (absent, substitute)

    cancelled = await desk.cancel_substitution(sub_id, cancelled_by=100002)
    assert cancelled is not None and cancelled.substitute_id == substitute
    assert await desk.cancel_substitution(sub_id, cancelled_by=100002) is None  # a second press changes nothing
    assert await desk.substitutions_ahead() == []
    back = await desk.requests.get(r.id)
    assert back.assignee_id == absent and back.status is Status.NEW
    told = [p["text"] for c, m, p in await outbox(desk) if c == desk.directory.member(substitute).telegram_id]
    assert any("Замена отменена" in text for text in told)
    assert desk.timetable.serving(absent, day) == absent

    desk.clock.value = r.slot_start
    assert await desk.deliver_due() == 1
    assert await cards_to(desk, desk.directory.member(absent).telegram_id)
    assert not await cards_to(desk, desk.directory.member(substitute).telegram_id)


async def test_a_double_press_on_send_files_one_request(desk):
    results = await asyncio.gather(*(desk.file(new_request("same"), [], chat_id=1001) for _ in range(5)))
    assert sum(f.created for f in results) == 1
    assert len({f.request.id for f in results}) == 1
    assert await desk.db.fetch_value("SELECT count(*) FROM requests") == 1


async def test_two_specialists_pressing_take_at_once_one_wins(desk, school):
    r = (await desk.file(new_request(), [], chat_id=1001)).request
    admin = desk.directory.staff_id_for(school.school.administrators[0].telegram_id)
    results = await asyncio.gather(desk.take(r.id, r.assignee_id), desk.take(r.id, admin))
    assert sorted(x.ok for x in results) == [False, True]
    loser = next(x for x in results if not x.ok)
    assert loser.reason == "card-already-taken"


async def test_compromised_access_records_the_moment_and_alerts_head_and_admins(desk, school):
    desk.clock.value = datetime.fromisoformat(f"2026-11-22T23:59:58{MSK3}")  # Sunday night: no slot, still at once
    r = (await desk.file(new_request(topic=Topic.COMPROMISED, area="registration"), [], chat_id=1001)).request
    assert r.notice_at == desk.clock.now()
    assert r.assignee_id == ADMINS and r.status is Status.ASSIGNED
    chats = {c for c, m, p in await outbox(desk) if "🚨" in p.get("text", "")}
    assert school.school.head.telegram_id in chats
    assert {a.telegram_id for a in school.school.administrators} <= chats
    alert = next(p for c, m, p in await outbox(desk) if "🚨" in p.get("text", ""))
    assert "22.11.2026 23:59:58" in alert["text"]


async def test_new_access_carries_a_two_working_day_deadline_and_a_reminder(desk, school):
    desk.clock.value = datetime.fromisoformat(f"2026-11-27T10:00:00{MSK3}")  # Friday
    r = (await desk.file(new_request(topic=Topic.NEW_ACCESS, area="registration"), [], chat_id=1001)).request
    assert r.deadline_at.astimezone(school.tz).date() == date(2026, 12, 1)  # Mon, Tue
    desk.clock.value = r.deadline_at - timedelta(hours=school.helpdesk.access_reminder_hours + 1)
    await desk.run_timers()
    assert not [p for c, m, p in await outbox(desk) if "⏰" in p.get("text", "")]
    desk.clock.advance(hours=2)
    await desk.run_timers()
    await desk.run_timers()
    assert len([p for c, m, p in await outbox(desk) if "⏰" in p.get("text", "")]) >= 1
    assert (await desk.requests.get(r.id)).reminded_at is not None


async def test_reply_waits_for_requester_and_follow_up_resumes(desk, school):
    r = (await desk.file(new_request(), [], chat_id=1001)).request
    await desk.take(r.id, r.assignee_id)
    result = await desk.reply(r.id, r.assignee_id, chat_id=200001, message_id=5, content_type="text",
                              text="Очистите кэш <браузера>", file_id=None)
    assert result.request.status is Status.WAITING and result.request.first_answer_at is not None
    answer = [p for c, m, p in await outbox(desk) if c == 1001 and "Очистите" in p.get("text", "")]
    assert answer and "&lt;браузера&gt;" in answer[0]["text"]
    follow = await desk.follow_up(result.request, chat_id=1001, message_id=77, content_type="photo",
                                  text=None, file_id="ph")
    assert follow.ok
    assert (await desk.requests.get(r.id)).status is Status.IN_PROGRESS
    copies = [p for c, m, p in await outbox(desk) if c == 200001 and m == "CopyMessage" and p["message_id"] == 77]
    assert len(copies) == 1


async def test_courtesy_breach_ends_the_request_and_tells_the_supervisor(desk, school):
    r = (await desk.file(new_request(text="Вы там все идиоты, ничего не работает"), [], chat_id=1001)).request
    assert r.courtesy_marks == 0 and r.courtesy_flag == "идиоты"  # an insult waits for the specialist's confirmation
    await desk.take(r.id, r.assignee_id)
    result = await desk.end_for_courtesy(r.id, r.assignee_id)
    assert result.request.status is Status.CLOSED and result.request.outcome.value == "courtesy_breach"
    supervisor = desk.directory.supervisor_chat(r.assignee_id)
    assert [p for c, m, p in await outbox(desk) if c == supervisor and "⚠️" in p.get("text", "")]


async def test_a_card_handed_over_to_a_named_specialist_does_not_claim_a_substitution(desk, school):
    r = (await desk.file(new_request(), [], chat_id=1001)).request
    result = await desk.hand_over(r.id, r.assignee_id, tg(school, 5))
    assert result.ok and result.request.assignee_id == tg(school, 5)
    card = (await cards_to(desk, 200005))[-1]
    assert "замещаете" not in card["text"]


async def test_complaint_goes_to_the_supervisor_never_to_the_specialist(desk):
    r = (await desk.file(new_request(), [], chat_id=1001)).request
    await desk.take(r.id, r.assignee_id)
    before = {c for c, m, p in await outbox(desk)}
    result = await desk.complain(r.id, 1001, "Грубо ответили")
    assert result.ok
    rows = [(c, p) for c, m, p in await outbox(desk) if "Грубо ответили" in p.get("text", "")]
    assert len(rows) == 1
    assert rows[0][0] == desk.directory.supervisor_chat(r.assignee_id) != 200001
    assert 200001 in before


async def test_resolve_rate_reopen_window(desk, school):
    r = (await desk.file(new_request(), [], chat_id=1001)).request
    await desk.take(r.id, r.assignee_id)
    await desk.resolve(r.id, r.assignee_id)
    assert (await desk.rate(r.id, 1001, 5, "Спасибо")).ok
    assert not (await desk.rate(r.id, 9999, 1)).ok
    assert (await desk.reopen(r.id, 1001)).request.status is Status.IN_PROGRESS
    await desk.resolve(r.id, r.assignee_id)
    desk.clock.advance(days=school.helpdesk.reopen_days + 1)
    assert not (await desk.reopen(r.id, 1001)).ok
    await desk.run_timers()
    assert (await desk.requests.get(r.id)).status is Status.CLOSED


async def test_a_burst_of_filings_is_written_together_and_placed_as_one_by_one(tmp_path, school):
    """Group commit (storage/group_commit.py): the same numbers, people and cards as filing
    them one after another, in far fewer transactions."""
    moment = f"2026-11-26T08:30:00{MSK3}"  # Thursday: A and E both on duty, so the load decides

    def burst() -> list[tuple[NewRequest, list[Attachment]]]:
        items: list[tuple[NewRequest, list[Attachment]]] = [
            (new_request(f"k{n}", text=f"Не открывается дневник, случай {n}"), []) for n in range(12)]
        items[3] = (new_request("k3", topic=Topic.LOST_LOGIN, area="technical"), [])
        items[5] = (new_request("k5"), [Attachment("photo", "file-5", 55, "экран")])
        items[7] = items[6]  # a double press inside the burst
        return items

    async def run(name: str, together: bool):
        db = await Database(tmp_path / f"{name}.sqlite3").connect()
        desk = HelpDesk(db, school, SetClock(moment), directory := Directory(school, I18n(), db), views=Views(directory))
        await desk.reload_substitutions()
        if together:
            filed = await asyncio.gather(*(desk.file(new, files, chat_id=1001) for new, files in burst()))
        else:
            filed = [await desk.file(new, files, chat_id=1001) for new, files in burst()]
        placed = [(f.request.number, f.request.assignee_id, f.request.status, f.created) for f in filed]
        cards = [(c, m, p.get("text") or p.get("caption")) for c, m, p in await outbox(desk)]
        events = await db.fetch_all("SELECT request_id, event, detail FROM request_events ORDER BY request_id, id")
        relayed = await db.fetch_value("SELECT count(*) FROM request_messages WHERE relayed = 1")
        batches = desk._filings.batches
        await db.close()
        return placed, cards, [tuple(e) for e in events], relayed, batches

    together = await run("together", True)
    one_by_one = await run("one-by-one", False)
    assert together[:4] == one_by_one[:4]
    placed = together[0]
    assert [p[3] for p in placed].count(False) == 1  # the double press
    assert {p[1] for p in placed} >= {tg(school, 1), tg(school, 5), ADMINS}
    assert placed[0][0].endswith("0001") and placed[-1][0].endswith("0011")
    assert together[3] == 1  # the photo went with its card
    assert together[4] == 1 and one_by_one[4] == 12


class GatedBot:
    """Telegram for the outbox: each call waits until the test opens the gate."""

    def __init__(self) -> None:
        self.gate = asyncio.Event()
        self.calls: list[int] = []

    async def __call__(self, method):
        self.calls.append(method.body["chat_id"])
        await self.gate.wait()
        return {"message_id": 500 + len(self.calls), "date": 0, "chat": {"id": method.body["chat_id"], "type": "private"}}


async def test_the_requester_is_answered_once_the_card_is_out(tmp_path, school, monkeypatch):
    from bot.outbox import OutboxWorker
    from bot.services.helpdesk import filing as helpdesk_module  # where the filing waits for the card
    from storage.outbox import OutboxRepository

    db = await Database(tmp_path / "gated.sqlite3").connect()
    bot = GatedBot()
    worker = OutboxWorker(bot, OutboxRepository(db))  # type: ignore[arg-type]
    desk = HelpDesk(db, school, SetClock(f"2026-11-24T14:45:00{MSK3}"), directory := Directory(school, I18n(), db), worker, views=Views(directory))
    await desk.reload_substitutions()
    try:
        filing = asyncio.create_task(desk.file(new_request("gated"), [], chat_id=1001))
        for _ in range(200):
            if bot.calls:
                break
            await asyncio.sleep(0.01)
        assert bot.calls == [200001]  # the card is on its way to A, on duty at 14:45 on Tuesday
        await asyncio.sleep(0.1)
        assert not filing.done()  # committed, but the requester waits for the card
        bot.gate.set()
        filed = await asyncio.wait_for(filing, 5)
        assert filed.created and filed.request.assignee_id == tg(school, 1)
        card = await db.fetch_one("SELECT status, sent_message_id FROM outbox WHERE purpose = 'card' AND ref_id = ?",
                                  (filed.request.id,))
        assert (card["status"], card["sent_message_id"]) == ("sent", 501)  # marked before the requester hears

        # Telegram stuck: the requester is answered after the head start all the same.
        bot.gate.clear()
        monkeypatch.setattr(helpdesk_module, "CARD_HEAD_START", 0.2)
        started = asyncio.get_running_loop().time()
        stuck = await asyncio.wait_for(desk.file(new_request("stuck"), [], chat_id=1002), 5)
        assert stuck.created and 0.15 < asyncio.get_running_loop().time() - started < 2
    finally:
        bot.gate.set()
        await worker.stop()
        await db.close()


# --- delivery fallback: nothing stays with someone who cannot see it ------------------------------

CHAT_NOT_FOUND = "Telegram server says - Bad Request: chat not found"
BLOCKED = "Telegram server says - Forbidden: bot was blocked by the user"


async def test_a_refused_card_goes_at_once_along_the_chain_and_the_requester_hears_it(desk, school):
    r = (await desk.file(new_request(), [], chat_id=1001)).request
    assert r.assignee_id == tg(school, 1)  # A, on duty on Tuesday 14:45, the only one for this area
    await desk.card_undeliverable(r.id, 200001, CHAT_NOT_FOUND)
    assert not desk.directory.is_reachable(200001)
    moved = await desk.requests.get(r.id)
    assert moved.assignee_id == ADMINS and moved.status is Status.ASSIGNED
    assert await cards_to(desk, 100002)  # the administrators have the card now
    told = [p["text"] for c, m, p in await outbox(desk) if c == 1001]
    assert any("передано администраторам" in text for text in told)
    warned = [p["text"] for c, m, p in await outbox(desk) if c == 100002 and "не удалось доставить" in p.get("text", "")]
    assert warned and "Специалист А. А." in warned[0]

    await desk.card_undeliverable(r.id, 100002, BLOCKED)  # the only administrator blocked the bot
    head = await desk.requests.get(r.id)
    assert head.assignee_id == f"admin-{school.school.head.telegram_id}"
    assert await cards_to(desk, school.school.head.telegram_id)

    await desk.card_undeliverable(r.id, school.school.head.telegram_id, CHAT_NOT_FOUND)  # nobody left
    assert (await desk.requests.get(r.id)).assignee_id == head.assignee_id


async def test_a_refused_old_card_changes_nothing(desk, school):
    r = (await desk.file(new_request(), [], chat_id=1001)).request
    await desk.card_undeliverable(r.id, 200005, CHAT_NOT_FOUND)  # not the holder's chat
    assert (await desk.requests.get(r.id)).assignee_id == r.assignee_id
    await desk.take(r.id, r.assignee_id)
    await desk.card_undeliverable(r.id, 200001, CHAT_NOT_FOUND)  # taken meanwhile: stays with the taker
    assert (await desk.requests.get(r.id)).taken_by == r.assignee_id


async def test_people_known_to_be_unreachable_are_passed_by_before_trying(desk, school):
    await desk.directory.mark_unreachable(200001, CHAT_NOT_FOUND)  # A never opened the bot
    r = (await desk.file(new_request(), [], chat_id=1001)).request
    assert r.assignee_id not in (None, tg(school, 1))  # routed past A: the next fitting slot
    assert not await cards_to(desk, 200001)
    await desk.directory.mark_unreachable(100002, CHAT_NOT_FOUND)  # and the administrator never opened it
    lost = (await desk.file(new_request("lost", topic=Topic.LOST_LOGIN), [], chat_id=1001)).request
    head = f"admin-{school.school.head.telegram_id}"
    assert lost.assignee_id == head and not await cards_to(desk, 100002)
    events = [(e[1], e[2]) for e in await desk.requests.events(lost.id)]
    assert ("moved", {"from": ADMINS, "assignee": head, "reason": "unreachable"}) in events
    # A hand-over to A passes A by as well.
    admin = f"admin-{school.school.administrators[0].telegram_id}"
    await desk.hand_over(r.id, admin, tg(school, 1))
    assert (await desk.requests.get(r.id)).assignee_id != tg(school, 1)


async def test_coming_back_delivers_what_failed_but_not_cards_that_moved_on(desk, school):
    r = (await desk.file(new_request(), [], chat_id=1001)).request
    async with UnitOfWork(desk.db) as uow:
        await desk._tell_staff(uow, [200001], lambda chat, lang: ClosedByRequester(chat_id=chat, lang=lang,
                                                                                    number="2026-9999"),
                               dedupe="probe")
    await desk.db.execute("UPDATE outbox SET status = 'failed', last_error = ? WHERE chat_id = 200001", (CHAT_NOT_FOUND,))
    await desk.card_undeliverable(r.id, 200001, CHAT_NOT_FOUND)
    assert (await desk.requests.get(r.id)).assignee_id == ADMINS

    await desk.directory.mark_seen(200001)  # A pressed /start
    assert desk.directory.is_reachable(200001)
    rows = await desk.db.fetch_all("SELECT purpose, status, payload FROM outbox WHERE chat_id = 200001 ORDER BY id")
    assert [(row[0], row[1]) for row in rows if "2026-9999" in row[2]] == [(None, "pending")]  # the notice again
    assert all(row[1] == "failed" for row in rows if row[0] == "card")  # the card of a request gone to others: not again
    assert desk.directory.reach(200001).last_seen is not None


async def test_a_card_still_theirs_is_sent_fresh_when_they_come_back(desk, school):
    for chat in (100001, 100002):
        await desk.directory.mark_unreachable(chat, CHAT_NOT_FOUND)  # nobody of the chain can be reached
    r = (await desk.file(new_request(topic=Topic.LOST_LOGIN), [], chat_id=1001)).request
    assert r.assignee_id == ADMINS  # nobody further along: it stays, and waits for them
    await desk.db.execute("UPDATE outbox SET status = 'failed', last_error = ? WHERE chat_id = 100002", (CHAT_NOT_FOUND,))
    await desk.directory.mark_seen(100002)
    cards = list(await desk.db.fetch_all(
        "SELECT status FROM outbox WHERE chat_id = 100002 AND purpose = 'card' AND ref_id = ?", (r.id,)))
    assert sorted(row[0] for row in cards) == ["failed", "pending"]


async def test_many_requests_at_a_slots_start_come_as_one_queue_message(desk, school):
    desk.clock.value = datetime.fromisoformat(f"2026-11-22T20:00:00{MSK3}")
    filed = [(await desk.file(new_request(f"q{n}"), [Attachment("photo", f"f{n}", 100 + n)], chat_id=1001)).request
             for n in range(5)]
    holder = filed[0].assignee_id
    chat = desk.directory.member(holder).telegram_id
    desk.clock.value = filed[0].slot_start
    assert await desk.deliver_due() == 5
    sent = [(m, p) for c, m, p in await outbox(desk) if c == chat]
    assert len(sent) == 1 and "Ожидают вас: 5" in sent[0][1]["text"]
    buttons = [b for row in sent[0][1]["reply_markup"]["inline_keyboard"] for b in row]
    assert len(buttons) == 5 and all(b["callback_data"].startswith("qt1:") for b in buttons)

    list_id = (await desk.db.fetch_one("SELECT id FROM queue_lists"))[0]
    await desk.requests.queue_list_sent([(list_id, 77)])
    assert (await desk.take(filed[2].id, holder)).ok
    after = [(m, p) for c, m, p in await outbox(desk) if c == chat][1:]
    assert any(m == "SendMessage" and "📩" in p["text"] and filed[2].number in p["text"] for m, p in after)  # the card
    assert any(m == "CopyMessage" and p["message_id"] == 102 for m, p in after)  # and what was attached
    edits = [p for m, p in after if m == "EditMessageText" and p["message_id"] == 77]
    assert edits and "Ожидают вас: 4" in edits[-1]["text"]
    assert len([b for row in edits[-1]["reply_markup"]["inline_keyboard"] for b in row]) == 4


async def test_an_out_of_date_card_loses_its_buttons(desk, school):
    r = (await desk.file(new_request(), [], chat_id=1001)).request
    await desk.requests.add_cards([(r.id, 200001, 55)])
    desk.clock.advance(minutes=school.helpdesk.escalation_minutes + 1)
    assert await desk.escalate_due() == 1
    edits = [p for c, m, p in await outbox(desk) if c == 200001 and m == "EditMessageText" and p["message_id"] == 55]
    assert edits and edits[-1]["reply_markup"] == {"inline_keyboard": []} and "Передано" in edits[-1]["text"]
    told = [p["text"] for c, m, p in await outbox(desk) if c == 1001]
    assert any("передано" in text for text in told)  # the requester hears of the escalation


async def test_escalation_passes_by_a_specialist_known_to_be_unreachable(desk, school):
    desk.clock.value = datetime.fromisoformat(f"2026-11-26T08:30:00{MSK3}")  # Thursday: A and E both on duty
    r = (await desk.file(new_request(), [], chat_id=1001)).request
    assert r.assignee_id == tg(school, 1)
    await desk.directory.mark_unreachable(200005, BLOCKED)  # E blocked the bot
    desk.clock.advance(minutes=school.helpdesk.escalation_minutes + 1)
    assert await desk.escalate_due() == 1
    assert (await desk.requests.get(r.id)).assignee_id == ADMINS
    assert not await cards_to(desk, 200005)


async def test_a_long_queue_is_split_into_messages_telegram_takes(desk, school):
    desk.clock.value = datetime.fromisoformat(f"2026-11-22T20:00:00{MSK3}")
    filed = [(await desk.file(new_request(f"long{n}", text="Не открывается дневник " * 20), [], chat_id=1001)).request
             for n in range(55)]
    chat = desk.directory.member(filed[0].assignee_id).telegram_id
    desk.clock.value = filed[0].slot_start
    assert await desk.deliver_due() == 55
    lists = [p for c, m, p in await outbox(desk) if c == chat]
    assert 2 <= len(lists) <= 3
    assert all(len(p["text"]) <= 4096 and sum(map(len, p["reply_markup"]["inline_keyboard"])) <= 100 for p in lists)
    assert sum(sum(map(len, p["reply_markup"]["inline_keyboard"])) for p in lists) == 55


async def test_a_queue_message_that_went_out_after_a_change_is_edited_at_once(desk, school):
    from storage.outbox import OutboxItem

    desk.clock.value = datetime.fromisoformat(f"2026-11-22T20:00:00{MSK3}")
    filed = [(await desk.file(new_request(f"s{n}"), [], chat_id=1001)).request for n in range(3)]
    holder = filed[0].assignee_id
    desk.clock.value = filed[0].slot_start
    await desk.deliver_due()
    list_id = (await desk.db.fetch_one("SELECT id FROM queue_lists"))[0]
    chat = desk.directory.member(holder).telegram_id
    item = OutboxItem(1, chat, "SendMessage", {}, "queue", list_id, 1, 0)
    await desk.queue_lists_sent([(item, 90)])  # nothing changed on the way: no edit
    assert not [p for c, m, p in await outbox(desk) if m == "EditMessageText"]
    await desk.db.execute("UPDATE queue_lists SET message_id = NULL")
    assert (await desk.take(filed[1].id, holder)).ok  # taken while the message was on its way
    await desk.queue_lists_sent([(item, 91)])
    edits = [p for c, m, p in await outbox(desk) if m == "EditMessageText" and p["message_id"] == 91]
    assert edits and "Ожидают вас: 2" in edits[-1]["text"]


async def test_a_queue_not_taken_in_time_escalates_as_one_queue_message(desk, school):
    desk.clock.value = datetime.fromisoformat(f"2026-11-22T20:00:00{MSK3}")
    filed = [(await desk.file(new_request(f"e{n}"), [], chat_id=1001)).request for n in range(4)]
    desk.clock.value = filed[0].slot_start
    await desk.deliver_due()
    list_id = (await desk.db.fetch_one("SELECT id FROM queue_lists"))[0]
    await desk.requests.queue_list_sent([(list_id, 70)])
    desk.clock.advance(minutes=school.helpdesk.escalation_minutes + 1)
    assert await desk.escalate_due() == 4
    admin = school.school.administrators[0].telegram_id
    to_admin = [p for c, m, p in await outbox(desk) if c == admin]
    assert len(to_admin) == 1 and "Ожидают вас: 4" in to_admin[0]["text"]
    edits = [p for c, m, p in await outbox(desk) if m == "EditMessageText" and p["message_id"] == 70]
    assert len(edits) == 1 and "Очередь разобрана" in edits[0]["text"]  # one edit for the whole pass


async def test_a_receipt_goes_out_even_if_its_handler_dies(desk, school):
    """The receipt is written with the request, held for the handler that files it; a process
    that dies before the handler sends it sends it at its next start, as written."""
    from storage.outbox import OutboxRepository

    filed = await desk.file(new_request("k1"), [], chat_id=1001)  # ... and the process dies here
    rows = await desk.db.fetch_all("SELECT chat_id, payload, not_before, status FROM outbox WHERE batch = 'held'")
    assert [(r[0], r[3]) for r in rows] == [(1001, "pending")]
    assert f"№\u00a0{filed.request.number}" in json.loads(rows[0][1])["text"]
    assert rows[0][2] > 0  # not before the handler has had its moment
    await OutboxRepository(desk.db).recover_in_flight()  # the next start
    assert await desk.db.fetch_value("SELECT not_before FROM outbox WHERE batch = 'held'") == 0
    # A handler still alive takes its receipt with the words true by then; once, never twice.
    repo = OutboxRepository(desk.db)
    item = await repo.take_held(f"receipt:{filed.request.id}", {"chat_id": 1001, "text": "✅ final"})
    assert item is not None and item.chat_id == 1001 and item.payload["text"] == "✅ final"
    assert await repo.take_held(f"receipt:{filed.request.id}", {"chat_id": 1001, "text": "again"}) is None


async def test_a_move_the_life_cycle_forbids_is_refused_and_changes_nothing(desk, school):
    """bot/domain/requests.py decides: an old card's Resolve on a request not taken yet, a take
    by a specialist it is not with, a second take, a requester's reopening of an open request."""
    r = (await desk.file(new_request(), [], chat_id=1001)).request
    assert r.status is Status.ASSIGNED and r.assignee_id == tg(school, 1)
    for refused in (await desk.resolve(r.id, r.assignee_id), await desk.end_for_courtesy(r.id, r.assignee_id)):
        assert not refused.ok and refused.reason == "button-outdated"
    other = await desk.take(r.id, tg(school, 2))
    assert not other.ok and other.reason == "card-assigned-to-other"
    assert not (await desk.reopen(r.id, 1001)).ok
    assert not (await desk.rate(r.id, 1001, 5)).ok
    assert (await desk.requests.get(r.id)).status is Status.ASSIGNED
    assert (await desk.take(r.id, r.assignee_id)).ok
    again = await desk.take(r.id, r.assignee_id)
    assert not again.ok and again.reason == "card-already-taken"
    assert (await desk.resolve(r.id, r.assignee_id)).request.status is Status.RESOLVED
    closed = await desk.reply(r.id, r.assignee_id, chat_id=200001, message_id=9, content_type="text",
                              text="Ещё одно", file_id=None)
    assert not closed.ok and closed.reason == "card-closed"
