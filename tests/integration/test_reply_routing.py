"""Which request a message belongs to, and what becomes of a follow-up: through the service,
the real outbox worker and the database, with a fake Telegram that numbers what it is sent."""

from __future__ import annotations

import asyncio
import itertools
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from aiogram.exceptions import TelegramBadRequest

from bot.domain.requests import RequestKind, Topic
from bot.domain.school import load_school_config
from bot.i18n import I18n
from bot.outbox import OutboxWorker
from bot.services.helpdesk import RELAYED_REACTION, Attachment, HelpDesk
from bot.services.people import Directory
from bot.telegram import PreparedCall
from bot.views.present import Views
from storage.db import Database
from storage.outbox import OutboxRepository
from storage.requests import NewRequest
from tests.fakes.clock import SetClock

ROOT = Path(__file__).resolve().parents[2]
PARENT, SPEC_A, SPEC_E = 1001, 200001, 200005


class FakeTelegram:
    """Numbers messages per chat as Telegram does; refuses whatever is in `refuse` (chat ids)."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict]] = []
        self.refuse: set[int] = set()
        self._ids: dict[int, itertools.count] = {}

    async def __call__(self, call: PreparedCall):
        chat = call.body["chat_id"]
        if chat in self.refuse:
            raise TelegramBadRequest(method=call, message="Bad Request: chat not found")
        self.calls.append((call.method, call.body))
        if call.method == "SetMessageReaction":
            return True
        return {"message_id": next(self._ids.setdefault(chat, itertools.count(500)))}

    def to(self, chat: int, method: str | None = None) -> list[dict]:
        return [body for m, body in self.calls if body["chat_id"] == chat and (method is None or m == method)]


@pytest.fixture
async def desk(tmp_path):
    school = load_school_config(ROOT / "schools" / "example.toml")
    db = await Database(tmp_path / "desk.sqlite3").connect()
    telegram = FakeTelegram()
    worker = OutboxWorker(telegram, OutboxRepository(db), rate_per_second=1000)  # type: ignore[arg-type]
    helpdesk = HelpDesk(db, school, SetClock("2026-11-24T14:45:00+03:00"), directory := Directory(school, I18n(), db), worker, views=Views(directory))
    worker.on_sent["card"] = helpdesk.cards_sent
    await helpdesk.reload_substitutions()
    task = asyncio.create_task(worker.run())
    helpdesk.telegram = telegram  # type: ignore[attr-defined]
    yield helpdesk
    await worker.stop()
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    await db.close()


PENDING = "SELECT count(*) FROM outbox WHERE status IN ('pending', 'sending') AND coalesce(batch, '') != 'held'"


async def settled(desk: HelpDesk) -> None:
    """Until the outbox has nothing pending or in flight."""
    for _ in range(300):
        if await desk.db.fetch_value(PENDING) == 0:
            await asyncio.sleep(0.02)
            if await desk.db.fetch_value(PENDING) == 0:
                return
        await asyncio.sleep(0.01)
    raise AssertionError("the outbox did not settle")


def new_request(key: str, text: str = "Не открывается электронный дневник") -> NewRequest:
    return NewRequest(
        submission_key=key, requester_id=PARENT, requester_name="Иванова Анна", requester_role="parent",
        requester_class="5А", login=None, language="ru", kind=RequestKind.QUESTION, topic=Topic.GENERAL,
        area="technical", text=text,
    )


async def test_every_message_of_a_request_leads_back_to_it_on_both_sides(desk):
    telegram: FakeTelegram = desk.telegram  # type: ignore[attr-defined]
    r = (await desk.file(new_request("k1"), [Attachment("photo", "ph-1", 11)], chat_id=PARENT)).request
    await settled(desk)
    card, photo = telegram.to(SPEC_A)  # the card and the screenshot's relay
    card_id, photo_id = 500, 501
    assert "📩" in card["text"] and photo["message_id"] == 11
    lookup = desk.requests.request_of_message
    assert await lookup(SPEC_A, card_id) == r.id
    assert await lookup(SPEC_A, photo_id) == r.id
    assert await lookup(PARENT, 11) == r.id  # the requester's own message

    await desk.take(r.id, r.assignee_id)
    await desk.reply(r.id, r.assignee_id, chat_id=SPEC_A, message_id=7, content_type="text", text="Очистите кэш",
                     file_id=None)
    await settled(desk)
    to_parent = telegram.to(PARENT, "SendMessage")
    assert len(to_parent) == 2, to_parent
    taken, answer = to_parent
    assert "взял в работу" in taken["text"] and "Очистите кэш" in answer["text"]
    assert await lookup(PARENT, 500) == r.id  # the "taken" notice
    assert await lookup(PARENT, 501) == r.id  # the specialist's relayed answer
    assert await lookup(SPEC_A, 7) == r.id  # the specialist's own answer
    assert await lookup(SPEC_A, 999) is None and await lookup(PARENT, 999) is None

    other = (await desk.file(new_request("k2", "Не приходят уведомления"), [], chat_id=PARENT)).request
    await settled(desk)
    assert await lookup(SPEC_A, 502) == other.id  # the next card: its own request, not the latest's
    assert await lookup(SPEC_A, card_id) == r.id


async def test_a_follow_up_is_confirmed_by_a_reaction_only_once_it_went_out(desk):
    telegram: FakeTelegram = desk.telegram  # type: ignore[attr-defined]
    r = (await desk.file(new_request("k1"), [], chat_id=PARENT)).request
    await desk.take(r.id, r.assignee_id)
    result = await desk.follow_up(r, chat_id=PARENT, message_id=21, content_type="text", text="Спасибо",
                                  file_id=None)
    assert result.ok and result.args["relayed"] and result.reason is None
    await settled(desk)
    relay = [b for b in telegram.to(SPEC_A) if "Спасибо" in b.get("text", "")]
    assert len(relay) == 1
    reactions = telegram.to(PARENT, "SetMessageReaction")
    assert reactions == [{"chat_id": PARENT, "message_id": 21,
                          "reaction": [{"type": "emoji", "emoji": RELAYED_REACTION}]}]
    assert not [b for b in telegram.to(PARENT, "SendMessage") if "Спасибо" in b.get("text", "")]

    # The specialist's chat refuses: no reaction, and the requester is told it did not arrive.
    telegram.refuse.add(SPEC_A)
    await desk.follow_up(r, chat_id=PARENT, message_id=22, content_type="text", text="Ещё вопрос", file_id=None)
    await settled(desk)
    assert [b["message_id"] for b in telegram.to(PARENT, "SetMessageReaction")] == [21]
    told = [b for b in telegram.to(PARENT, "SendMessage") if "Не удалось передать" in b["text"]]
    assert len(told) == 1 and r.number in told[0]["text"]
    assert told[0]["reply_parameters"]["message_id"] == 22
    events = [e for _, e, _ in await desk.requests.events(r.id)]
    assert "relay_failed" in events


async def test_a_request_taken_from_the_queue_before_its_slot_relays_at_once(desk):
    desk.clock.value = datetime.fromisoformat("2026-11-22T20:00:00+03:00")  # Sunday evening: queued for Monday
    await desk.reload_substitutions()
    telegram: FakeTelegram = desk.telegram  # type: ignore[attr-defined]
    r = (await desk.file(new_request("k1"), [], chat_id=PARENT)).request
    assert r.status.value == "new" and r.assignee_id == "spec-e"
    kept = await desk.follow_up(r, chat_id=PARENT, message_id=31, content_type="text", text="Забыла добавить: 5А",
                                file_id=None)
    assert kept.ok and not kept.args["relayed"] and kept.args["burst_start"]
    await settled(desk)
    assert telegram.to(SPEC_E) == []  # nothing before the specialist has it

    taken = await desk.take(r.id, "spec-e")  # from /queue, the evening before the slot
    assert taken.ok
    await settled(desk)
    texts = [b.get("text", "") for b in telegram.to(SPEC_E)]
    assert any("📩" in text and r.number in text for text in texts)  # the card
    assert any("Забыла добавить" in text for text in texts)  # and what was written while it waited
    follow = await desk.follow_up(taken.request, chat_id=PARENT, message_id=32, content_type="text",
                                  text="И ещё: логин ivanova", file_id=None)
    assert follow.args["relayed"]
    await settled(desk)
    assert any("логин ivanova" in b.get("text", "") for b in telegram.to(SPEC_E))
    assert {b["message_id"] for b in telegram.to(PARENT, "SetMessageReaction")} == {31, 32}


async def test_messages_kept_for_a_choice_go_to_the_chosen_request_in_order(desk):
    telegram: FakeTelegram = desk.telegram  # type: ignore[attr-defined]
    first = (await desk.file(new_request("k1"), [], chat_id=PARENT)).request
    second = (await desk.file(new_request("k2", "Не приходят уведомления"), [], chat_id=PARENT)).request
    await desk.take(first.id, first.assignee_id)
    await desk.take(second.id, second.assignee_id)
    assert await desk.keep_unplaced(PARENT, 41, "text", "первое", None) is True  # ask which
    assert await desk.keep_unplaced(PARENT, 42, "text", "второе", None) is False  # same burst: asked already
    desk.clock.value += timedelta(minutes=5)
    assert await desk.keep_unplaced(PARENT, 43, "text", "третье", None) is True  # later: asked again
    placed = await desk.place_unplaced(first.id, PARENT)
    assert placed.ok and placed.args["count"] == 3
    await settled(desk)
    relays = [b["text"] for b in telegram.to(SPEC_A) if "💬" in b.get("text", "")]
    assert [text.split("\n\n")[1] for text in relays] == ["первое", "второе", "третье"]
    assert all(first.number in text for text in relays)
    assert [m.message_id for m in await desk.requests.messages(first.id) if m.direction == "in"] == [41, 42, 43]
    assert not [m for m in await desk.requests.messages(second.id) if m.direction == "in"]
    again = await desk.place_unplaced(second.id, PARENT)  # a second press: nothing left to place
    assert again.ok and again.args["count"] == 0
    assert (await desk.place_unplaced(first.id, 4242)).reason == "card-not-found"  # not theirs


async def test_a_message_belongs_to_one_request_at_most(desk):
    rows = await desk.db.fetch_all("PRAGMA table_info(request_chat_messages)")
    assert [(r["name"], r["pk"]) for r in rows] == [("chat_id", 1), ("message_id", 2), ("request_id", 0)]
    first = (await desk.file(new_request("k1"), [], chat_id=PARENT)).request
    second = (await desk.file(new_request("k2"), [], chat_id=PARENT)).request
    await desk.requests.link_messages([(SPEC_A, 900, first.id)])
    await desk.requests.link_messages([(SPEC_A, 900, second.id)])  # recorded again (a resend): the first stays
    assert await desk.requests.request_of_message(SPEC_A, 900) == first.id


async def test_follow_ups_go_to_whoever_has_the_request_after_a_hand_over_or_an_escalation(desk):
    telegram: FakeTelegram = desk.telegram  # type: ignore[attr-defined]
    r = (await desk.file(new_request("k1"), [], chat_id=PARENT)).request
    await desk.take(r.id, r.assignee_id)
    handed = await desk.hand_over(r.id, r.assignee_id, "spec-e")  # А hands it to Д by name
    assert handed.ok
    await desk.follow_up(handed.request, chat_id=PARENT, message_id=51, content_type="text",
                         text="Для Д: пароль не подходит", file_id=None)
    await settled(desk)
    assert any("Для Д" in b.get("text", "") for b in telegram.to(SPEC_E))
    assert not any("Для Д" in b.get("text", "") for b in telegram.to(SPEC_A))

    # Nobody takes it within the escalation time: it goes on, and so do the follow-ups.
    desk.clock.value += timedelta(minutes=desk.school.helpdesk.escalation_minutes + 1)
    await desk.escalate_due()
    moved = await desk.requests.get(r.id)
    assert moved.assignee_id != "spec-e"
    await desk.follow_up(moved, chat_id=PARENT, message_id=52, content_type="text", text="Всё ещё не работает",
                         file_id=None)
    await settled(desk)
    holders = desk.directory.chats_of(moved.assignee_id)
    assert any("Всё ещё не работает" in b.get("text", "") for chat in holders for b in telegram.to(chat))
    assert not any("Всё ещё не работает" in b.get("text", "") for b in telegram.to(SPEC_E))
    assert {b["message_id"] for b in telegram.to(PARENT, "SetMessageReaction")} >= {51, 52}
