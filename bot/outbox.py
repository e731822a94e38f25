"""The outbox worker: delivers queued messages at Telegram's pace, losing nothing.

Pacing: bulk rows take a global slot (default 25 msg/s, under Telegram's ~30/s); every
row, like every other call of the bot, then takes its chat's turn in the session
(`bot/sending.py`: ~1 a second per chat after a burst of 3). Each message is its own
task, so one busy chat never holds back the others.

Guarantees: a row is marked 'sent' right after Telegram answers (answers that come
in together are marked in one transaction, with no wait added: storage/group_commit.py),
so only a message whose answer was in flight at the instant of a crash can be sent
twice; it is never lost (see docs/delivery.md).

A row is sent as it was stored, as JSON (`bot.telegram.prepared_call`), and what comes
back is the plain answer: a queued message needs only its id.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import Bot
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)

from bot.telegram import prepared_call
from storage.group_commit import GroupCommit
from storage.outbox import OutboxItem, OutboxRepository

log = logging.getLogger(__name__)

Sent = tuple[OutboxItem, int | None]  # a row and the id of the message it became
SentHook = Callable[[list[Sent]], Awaitable[None]]  # called in the transaction that marks them sent
BlockedHook = Callable[[OutboxItem, str], Awaitable[None]]


class Pacer:
    """Spaces bulk rows at the global rate (`OUTBOX_RATE`). The per-chat limit is not here:
    every call, bulk or not, takes its chat's turn in the session (`bot/sending.py`), so a
    bulk row is never made to wait for its chat twice."""

    def __init__(
        self,
        rate_per_second: float,
        per_chat_interval: float | None = None,  # unused: the session paces each chat
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
    ) -> None:
        self.interval = 1.0 / rate_per_second
        self._clock = clock
        self._sleep = sleep
        self._next_global = 0.0

    async def wait(self, chat_id: int) -> None:
        now = self._clock()
        global_at = max(now, self._next_global)
        self._next_global = global_at + self.interval
        if global_at > now:
            await self._sleep(global_at - now)


class OutboxWorker:
    def __init__(
        self,
        bot: Bot,
        repo: OutboxRepository,
        *,
        rate_per_second: float = 25.0,
        per_chat_interval: float = 1.0,
        concurrency: int = 32,
        max_attempts: int = 20,
    ) -> None:
        self._bot = bot
        self._repo = repo
        self._pacer = Pacer(rate_per_second, per_chat_interval)
        self._slots = asyncio.Semaphore(concurrency)
        self._concurrency = concurrency
        self._wake = asyncio.Event()
        self._stopping = False
        self._tasks: set[asyncio.Task[None]] = set()
        self._pacing: set[asyncio.Task[None]] = set()  # waiting for their turn, not yet sent
        self._max_attempts = max_attempts
        self._marks: GroupCommit[Sent, None] = GroupCommit(self._record_sent, name="outbox-sent")
        self.on_sent: dict[str, SentHook] = {}
        self.on_blocked: dict[str, BlockedHook] = {}
        self.on_failed: dict[str, BlockedHook] = {}
        self.sent = 0

    def wake(self) -> None:
        """Call after committing new rows: delivery starts at once, not at the next poll."""
        self._wake.set()

    def deliver_now(self, items: list[OutboxItem]) -> list[asyncio.Task[None]]:
        """Rows the caller has just written as taken (`enqueue_claimed_many`): sent at once, by the
        same path as everything else, without waiting for the next claim. The tasks, in order,
        for a caller that wants to know when they are done (they are never cancelled by it)."""
        tasks = []
        for item in items:
            task = asyncio.create_task(self._deliver(item))
            self._tasks.add(task)
            task.add_done_callback(self._done)
            tasks.append(task)
        return tasks

    async def run(self) -> None:
        recovered = await self._repo.recover_in_flight()
        if recovered:
            log.warning("outbox: %d message(s) were in flight at the last stop; sending them again", recovered)
        while not self._stopping:
            free = self._concurrency - len(self._tasks)
            items = await self._repo.claim(free, time.time()) if free > 0 else []
            for item in items:
                task = asyncio.create_task(self._deliver(item))
                self._tasks.add(task)
                task.add_done_callback(self._done)
            if not items:
                await self._sleep_until_work()

    def _done(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("outbox task failed", exc_info=task.exception())
        self._wake.set()

    async def _sleep_until_work(self) -> None:
        timeout = 1.0
        next_due = await self._repo.next_due()
        if next_due is not None:
            timeout = min(timeout, max(0.0, next_due - time.time()))
        self._wake.clear()
        try:
            await asyncio.wait_for(self._wake.wait(), timeout=timeout if timeout > 0 else 0.01)
        except TimeoutError:
            pass

    async def stop(self) -> None:
        self._stopping = True
        self._wake.set()
        for task in list(self._pacing):
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    async def _deliver(self, item: OutboxItem) -> None:
        if item.paced:
            task = asyncio.current_task()
            assert task is not None
            self._pacing.add(task)
            try:
                await self._pacer.wait(item.chat_id)
            except asyncio.CancelledError:
                # Shutting down while it waited for its turn: back to the queue, untouched, so a
                # stop during a bulk run is quick and nothing is left "in flight".
                await self._repo.retry_later(item.id, 0.0, "stopped before sending")
                return
            finally:
                self._pacing.discard(task)
        try:
            result = await self._bot(prepared_call(item.method, item.payload))
        except TelegramRetryAfter as error:
            await self._repo.retry_later(item.id, time.time() + error.retry_after, str(error))
            return
        except TelegramForbiddenError as error:
            await self._repo.give_up(item.id, "blocked", str(error))
            hook = self.on_blocked.get(item.purpose or "")
            if hook is not None:
                await hook(item, str(error))
            return
        except TelegramBadRequest as error:
            log.error("outbox %s to %s rejected: %s", item.method, item.chat_id, error)
            await self._repo.give_up(item.id, "failed", str(error))
            failed = self.on_failed.get(item.purpose or "")
            if failed is not None:
                await failed(item, str(error))
            return
        except (TelegramServerError, TelegramNetworkError) as error:
            if item.attempts >= self._max_attempts:
                await self._repo.give_up(item.id, "failed", str(error))
                return
            delay = min(300.0, 2.0 ** item.attempts) * random.uniform(0.5, 1.0)
            await self._repo.retry_later(item.id, time.time() + delay, str(error))
            return
        message_id = result.get("message_id") if isinstance(result, dict) else None
        await self._marks.submit((item, message_id))

    async def _record_sent(self, sent: list[Sent]) -> list[None]:
        by_purpose: defaultdict[str, list[Sent]] = defaultdict(list)
        for row in sent:
            by_purpose[row[0].purpose or ""].append(row)
        async with self._repo.transaction():
            await self._repo.mark_sent([(item.id, message_id) for item, message_id in sent])
            for purpose, rows in by_purpose.items():
                hook = self.on_sent.get(purpose)
                if hook is not None:
                    await hook(rows)
        self.sent += len(sent)
        return [None] * len(sent)
