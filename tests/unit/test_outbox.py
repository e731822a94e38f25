"""The outbox: pacing arithmetic, claiming, crash recovery, and the worker against a fake Bot."""

from __future__ import annotations

import asyncio

import pytest
from aiogram.exceptions import TelegramForbiddenError, TelegramRetryAfter
from aiogram.methods import SendMessage

from bot.outbox import OutboxWorker, Pacer
from bot.telegram import PreparedCall
from bot.views.payloads import send_text
from storage.db import Database
from storage.outbox import PRIORITY_BULK, OutboxRepository, enqueue


class FakeTime:
    def __init__(self) -> None:
        self.now = 100.0

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds


async def test_pacer_spaces_bulk_rows_globally_and_leaves_each_chat_to_the_session():
    fake = FakeTime()
    pacer = Pacer(rate_per_second=10, clock=fake.clock, sleep=fake.sleep)
    times = []
    for chat in (1, 2, 3, 1):
        await pacer.wait(chat)
        times.append(round(fake.now - 100, 3))
    # Chat 1's second row is not held for its chat here: bot/sending.py paces every chat.
    assert times == [0.0, 0.1, 0.2, 0.3]


@pytest.fixture
async def db(tmp_path):
    database = await Database(tmp_path / "o.sqlite3").connect()
    yield database
    await database.close()


async def add(db: Database, chat: int, key: str | None = None, priority: int = 0) -> bool:
    async with db.transaction() as conn:
        return await enqueue(conn, chat_id=chat, method="SendMessage", payload=send_text(chat, f"hi {chat}"),
                             dedupe_key=key, priority=priority)


async def test_dedupe_key_queues_a_message_once(db):
    assert await add(db, 1, "summary:w47:1")
    assert not await add(db, 1, "summary:w47:1")
    assert await db.fetch_value("SELECT count(*) FROM outbox") == 1


async def test_interactive_rows_are_claimed_before_bulk(db):
    repo = OutboxRepository(db)
    await add(db, 1, priority=PRIORITY_BULK)
    await add(db, 2)
    first = await repo.claim(1, now=1e12)
    assert first[0].chat_id == 2 and not first[0].paced


async def test_rows_in_flight_at_a_crash_are_sent_again(db):
    repo = OutboxRepository(db)
    await add(db, 1)
    await add(db, 2)
    claimed = await repo.claim(10, now=1e12)
    await repo.mark_sent([(claimed[0].id, 55)])
    # the process dies here: row 2 is still 'sending'
    assert await repo.recover_in_flight() == 1
    again = await repo.claim(10, now=1e12)
    assert [item.chat_id for item in again] == [2]


class FakeBot:
    def __init__(self, failures: dict[int, Exception] | None = None) -> None:
        self.sent: list[int] = []
        self.failures = failures or {}

    async def __call__(self, method: PreparedCall):
        chat_id = method.body["chat_id"]
        error = self.failures.pop(chat_id, None)
        if error:
            raise error
        self.sent.append(chat_id)
        return {"message_id": 100 + len(self.sent), "date": 0, "chat": {"id": chat_id, "type": "private"}}


async def test_worker_delivers_retries_429_and_marks_blocked(db):
    method = SendMessage(chat_id=2, text="x")
    bot = FakeBot({2: TelegramRetryAfter(method=method, message="Too Many Requests", retry_after=0),
                   3: TelegramForbiddenError(method=method, message="Forbidden: bot was blocked by the user")})
    repo = OutboxRepository(db)
    worker = OutboxWorker(bot, repo, rate_per_second=1000)  # type: ignore[arg-type]
    blocked: list[int] = []

    async def on_blocked(item, error):
        blocked.append(item.chat_id)

    cards: list[tuple[int, int | None]] = []

    async def on_sent(rows):
        assert db.in_transaction_here()  # recorded with the rows' own 'sent' mark
        cards.extend((item.chat_id, message_id) for item, message_id in rows)

    worker.on_blocked["summary"] = on_blocked
    worker.on_sent["card"] = on_sent
    for chat in (1, 2):
        await add(db, chat)
    async with db.transaction() as conn:
        await enqueue(conn, chat_id=3, method="SendMessage", payload=send_text(3, "x"), purpose="summary")
        await enqueue(conn, chat_id=4, method="SendMessage", payload=send_text(4, "card"), purpose="card")
    task = asyncio.create_task(worker.run())
    for _ in range(200):
        counts = await repo.counts()
        if counts.get("sent") == 3 and counts.get("blocked") == 1:
            break
        await asyncio.sleep(0.01)
    await worker.stop()
    task.cancel()
    assert sorted(bot.sent) == [1, 2, 4]
    assert blocked == [3]
    assert await repo.counts() == {"sent": 3, "blocked": 1}
    assert cards == [(4, 100 + bot.sent.index(4) + 1)]
    ids = await db.fetch_all("SELECT chat_id, sent_message_id FROM outbox WHERE status = 'sent' ORDER BY chat_id")
    assert [(r["chat_id"], r["sent_message_id"]) for r in ids] == [(c, 100 + bot.sent.index(c) + 1) for c in (1, 2, 4)]


async def test_answers_that_come_together_are_marked_in_one_transaction(db):
    release = asyncio.Event()

    class SlowBot(FakeBot):
        async def __call__(self, method: PreparedCall):
            await release.wait()
            return await super().__call__(method)

    bot = SlowBot()
    repo = OutboxRepository(db)
    worker = OutboxWorker(bot, repo, rate_per_second=1000)  # type: ignore[arg-type]
    hooked: list[int] = []

    async def on_sent(rows):
        hooked.append(len(rows))

    worker.on_sent["card"] = on_sent
    async with db.transaction() as conn:
        for chat in range(1, 11):
            await enqueue(conn, chat_id=chat, method="SendMessage", payload=send_text(chat, "card"), purpose="card")
    task = asyncio.create_task(worker.run())
    for _ in range(200):
        if len(bot.sent) + (await repo.counts()).get("sending", 0) >= 10:
            break
        await asyncio.sleep(0.01)
    release.set()  # all ten answers arrive at once
    for _ in range(200):
        if (await repo.counts()).get("sent") == 10:
            break
        await asyncio.sleep(0.01)
    await worker.stop()
    task.cancel()
    assert await repo.counts() == {"sent": 10}
    assert sum(hooked) == 10 and len(hooked) < 10  # grouped, not one transaction per answer
    assert worker.sent == 10


async def test_a_row_given_up_after_telegrams_errors_calls_its_failed_hook(db):
    """Telegram answering 5xx for hours: the row is given up, and its purpose's hook runs (a card
    moves on, a relay's sender is told) — never a silent loss."""
    from aiogram.exceptions import TelegramServerError

    method = SendMessage(chat_id=7, text="x")
    bot = FakeBot({7: TelegramServerError(method=method, message="Bad Gateway")})
    repo = OutboxRepository(db)
    worker = OutboxWorker(bot, repo, rate_per_second=1000, max_attempts=1)  # type: ignore[arg-type]
    failed: list[int] = []

    async def on_failed(item, error):
        failed.append(item.chat_id)

    worker.on_failed["card"] = on_failed
    async with db.transaction() as conn:
        await enqueue(conn, chat_id=7, method="SendMessage", payload=send_text(7, "card"), purpose="card")
    task = asyncio.create_task(worker.run())
    for _ in range(200):
        if failed:
            break
        await asyncio.sleep(0.01)
    await worker.stop()
    task.cancel()
    assert failed == [7]
    assert await repo.counts() == {"failed": 1}
