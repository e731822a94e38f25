"""Cards filed faster than one chat takes them come as one queue message: through the service,
the real outbox worker and the database, with a fake Telegram that paces each chat as the
session does (a burst, then one message an interval)."""

from __future__ import annotations

import asyncio
import itertools
from pathlib import Path

import pytest

from bot.domain.requests import RequestKind, Status, Topic
from bot.domain.school import load_school_config
from bot.i18n import I18n
from bot.outbox import OutboxWorker
from bot.sending import ChatPacer
from bot.services.helpdesk import HelpDesk
from bot.services.helpdesk import filing as filing_module
from bot.services.people import Directory
from bot.telegram import PreparedCall
from bot.views.present import Views
from storage.db import Database
from storage.outbox import OutboxRepository
from storage.requests import NewRequest
from tests.fakes.clock import SetClock

ROOT = Path(__file__).resolve().parents[2]
SPEC_A = 200001  # on duty on Tuesday 14:45 in the example school
PER_SECOND, BURST = 10.0, 3  # a chat's pace, ten times Telegram's, so the test is quick


class PacedTelegram:
    """Numbers messages per chat; each chat takes BURST messages at once, then PER_SECOND."""

    def __init__(self) -> None:
        self.pacer = ChatPacer(PER_SECOND, BURST)
        self.calls: list[tuple[str, dict]] = []
        self.gate = asyncio.Event()
        self.gate.set()
        self._ids: dict[int, itertools.count] = {}

    async def __call__(self, call: PreparedCall):
        await self.gate.wait()
        chat = call.body["chat_id"]
        await self.pacer.wait(chat)
        self.calls.append((call.method, call.body))
        return {"message_id": next(self._ids.setdefault(chat, itertools.count(500)))}

    def texts_to(self, chat: int) -> list[str]:
        return [body.get("text", "") for method, body in self.calls if body["chat_id"] == chat
                and method == "SendMessage"]


def desk_on(db: Database, worker: OutboxWorker) -> HelpDesk:
    school = load_school_config(ROOT / "schools" / "example.toml")
    desk = HelpDesk(db, school, SetClock("2026-11-24T14:45:00+03:00"), directory := Directory(school, I18n(), db),
                    worker, views=Views(directory))
    desk.gather_bursts(PER_SECOND, BURST)
    worker.on_sent["card"] = desk.cards_sent
    worker.on_sent["queue"] = desk.queue_lists_sent
    worker.on_failed["queue"] = worker.on_blocked["queue"] = desk.queue_list_refused
    return desk


def new_request(n: int) -> NewRequest:
    return NewRequest(
        submission_key=f"k{n}", requester_id=5000 + n, requester_name=f"Иванова{n} Анна", requester_role="parent",
        requester_class="5А", login=None, language="ru", kind=RequestKind.QUESTION, topic=Topic.GENERAL,
        area="technical", text=f"Не открывается дневник, случай {n}",
    )


async def carrier_sent(db: Database, request_id: int) -> bool:
    """Whether the card or a queue message that carries the request has been sent to A."""
    return bool(await db.fetch_value(
        "SELECT count(*) FROM outbox WHERE chat_id = ? AND status = 'sent' AND ("
        "(purpose = 'card' AND ref_id = ?) OR (purpose = 'queue' AND ref_id IN "
        "(SELECT list_id FROM queue_list_items WHERE request_id = ?)))", (SPEC_A, request_id, request_id)))


@pytest.fixture
async def db(tmp_path):
    database = await Database(tmp_path / "desk.sqlite3").connect()
    yield database
    await database.close()


async def test_a_burst_for_one_specialist_brings_a_few_cards_and_one_queue_message(db):
    telegram = PacedTelegram()
    worker = OutboxWorker(telegram, OutboxRepository(db), rate_per_second=1000)  # type: ignore[arg-type]
    desk = desk_on(db, worker)
    await desk.reload_substitutions()
    running = asyncio.create_task(worker.run())
    told_before_out: list[str] = []

    async def file(n: int):
        filed = await desk.file(new_request(n), [], chat_id=5000 + n)
        if not await carrier_sent(db, filed.request.id):  # the receipt would say "already received"
            told_before_out.append(filed.request.number)
        await desk.send_receipt(filed)
        return filed.request

    try:
        requests = await asyncio.gather(*(file(n) for n in range(12)))
        assert not told_before_out
        texts = telegram.texts_to(SPEC_A)
        cards = [t for t in texts if t.startswith("📩")]
        lists = [t for t in texts if t.startswith("📋")]
        assert len(cards) <= BURST and 1 <= len(lists) <= 2, texts
        for r in requests:  # each request in front of the specialist once: its card or its line
            assert sum(r.number in t for t in cards + lists) == 1, r.number
            assert r.status is Status.ASSIGNED and r.assignee_id is not None
        assert len({body["chat_id"] for m, body in telegram.calls if "зарегистрировано" in body.get("text", "")}) == 12

        listed = next(r for r in requests if any(r.number in t for t in lists))
        result = await desk.take(listed.id, listed.assignee_id)
        assert result.ok
        for _ in range(100):
            if any(t.startswith("📩") and listed.number in t for t in telegram.texts_to(SPEC_A)):
                break
            await asyncio.sleep(0.02)
        card = next(t for t in telegram.texts_to(SPEC_A) if t.startswith("📩") and listed.number in t)
        assert f"случай {requests.index(listed)}" in card  # the full card, with the request's text
        for _ in range(100):  # the queue message is edited: that request has no Take button any more
            edits = [body for m, body in telegram.calls if m == "EditMessageText" and body["chat_id"] == SPEC_A]
            if edits:
                break
            await asyncio.sleep(0.02)
        buttons = [b["text"] for row in edits[-1]["reply_markup"]["inline_keyboard"] for b in row]
        assert not any(listed.number in b for b in buttons) and buttons
    finally:
        await worker.stop()
        running.cancel()
        await asyncio.gather(running, return_exceptions=True)


async def test_two_filings_at_the_same_instant_start_one_list_that_survives_a_restart(db, monkeypatch):
    monkeypatch.setattr(filing_module, "CARD_HEAD_START", 0.05)
    monkeypatch.setattr(filing_module, "QUEUE_HEAD_START", 0.05)
    stuck = PacedTelegram()
    stuck.gate.clear()  # Telegram does not answer: the first three cards stay unsent
    first = OutboxWorker(stuck, OutboxRepository(db), rate_per_second=1000)  # type: ignore[arg-type]
    one, other = desk_on(db, first), desk_on(db, first)  # two writers: two transactions
    await one.reload_substitutions()
    await other.reload_substitutions()
    try:
        for n in range(3):
            await one.file(new_request(n), [], chat_id=5000 + n)
        a, b = await asyncio.gather(one.file(new_request(3), [], chat_id=5003),
                                    other.file(new_request(4), [], chat_id=5004))
        assert one._filings.batches >= 4 and other._filings.batches == 1  # not one transaction
        lists = await db.fetch_all("SELECT list_id, request_id FROM queue_list_items ORDER BY list_id, position")
        assert [tuple(row) for row in lists] == [(lists[0][0], a.request.id), (lists[0][0], b.request.id)]
        rows = await db.fetch_all("SELECT status, payload FROM outbox WHERE purpose = 'queue'")
        assert len(rows) == 1 and rows[0]["status"] == "pending"
        assert a.request.number in rows[0]["payload"] and b.request.number in rows[0]["payload"]

        # The process dies here; the next one sends the list once, with both requests.
        telegram = PacedTelegram()
        second = OutboxWorker(telegram, OutboxRepository(db), rate_per_second=1000)  # type: ignore[arg-type]
        desk_on(db, second)
        running = asyncio.create_task(second.run())
        try:
            for _ in range(200):
                if await db.fetch_value("SELECT message_id FROM queue_lists") is not None:
                    break
                await asyncio.sleep(0.02)
            lists_sent = [t for t in telegram.texts_to(SPEC_A) if t.startswith("📋")]
            assert len(lists_sent) == 1 and a.request.number in lists_sent[0] and b.request.number in lists_sent[0]
            assert len([t for t in telegram.texts_to(SPEC_A) if t.startswith("📩")]) == 3  # sent again, as in flight
        finally:
            await second.stop()
            running.cancel()
            await asyncio.gather(running, return_exceptions=True)
    finally:
        stuck.gate.set()
        await first.stop()
