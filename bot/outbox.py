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

from bot.scheduler.supervisor import Backoff, Health, describe
from bot.services.outgoing import BlockedHook, Sent, SentHook
from bot.telegram import prepared_call
from storage.group_commit import GroupCommit
from storage.outbox import OutboxItem, OutboxRepository

log = logging.getLogger(__name__)

HEALTH_NAME = "outbox"



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
    health: Health | None = None  # set by the app: the loop's successes and failures, for /status
    _recovered = False  # rows left in flight by the last process are re-queued once, at the first run

    def __init__(
        self,
        bot: Bot,
        repo: OutboxRepository,
        *,
        rate_per_second: float = 25.0,
        per_chat_interval: float = 1.0,
        concurrency: int = 256,
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
        self.on_undeliverable: BlockedHook | None = None  # any row given up, before its purpose's hook
        self.sent = 0

    def wake(self) -> None:
        """Call after committing new rows: delivery starts at once, not at the next poll."""
        self._wake.set()

    async def send_held(self, dedupe_key: str, payload: dict[str, Any]) -> asyncio.Task[None] | None:
        """A row held for its writer (`storage.outbox.enqueue_held`) goes out now with these words;
        None when it had gone out already."""
        item = await self._repo.take_held(dedupe_key, payload)
        return self.deliver_now([item])[0] if item is not None else None

    def deliver_now(self, items: list[OutboxItem]) -> list[asyncio.Task[None]]:
        """Rows the caller has just written as taken (`enqueue_claimed_many`): sent at once, by the
        same path as everything else, without waiting for the next claim. The tasks, in order,
        for a caller that wants to know when they are done (they are never cancelled by it)."""
        return [self._start(item) for item in items]

    async def run(self) -> None:
        """Claims due rows and starts their delivery, until `stop()`. Nothing stops it: an error
        (a locked or full database) is logged with its traceback and recorded in `health`, and
        the loop tries again after a pause that grows with each failure in a row (capped)."""
        pause = Backoff(base=0.5, cap=30.0)
        while not self._stopping:
            try:
                if not self._recovered:
                    # Once per process: a restarted loop must not re-queue rows this process is sending.
                    recovered = await self._repo.recover_in_flight()
                    self._recovered = True
                    if recovered:
                        log.warning("outbox: %d message(s) were in flight at the last stop; sending them again",
                                    recovered)
                free = self._concurrency - len(self._tasks)
                items = await self._repo.claim(free, time.time()) if free > 0 else []
                for item in items:
                    self._start(item)
                if not items:
                    await self._sleep_until_work()
            except asyncio.CancelledError:
                raise
            except Exception as error:
                delay = pause.next()
                log.exception("outbox: the queue could not be read; next try in %.1f s", delay)
                if self.health is not None:
                    self.health.failed(HEALTH_NAME, error)
                await self._pause(delay)
            else:
                pause.reset()
                if self.health is not None:
                    self.health.ok(HEALTH_NAME)

    def _start(self, item: OutboxItem) -> asyncio.Task[None]:
        task = asyncio.create_task(self._deliver_kept(item))
        self._tasks.add(task)
        task.add_done_callback(self._done)
        return task

    async def _deliver_kept(self, item: OutboxItem) -> None:
        """`_deliver`, and if it fails (its outcome could not be written, or an error nobody
        expected), the row goes back to the queue rather than staying "in flight" until a
        restart: it is tried again later (a possible duplicate, never a loss)."""
        try:
            await self._deliver(item)
        except asyncio.CancelledError:
            raise
        except Exception as error:
            if self._stopping:  # left "sending": the next start sends it again (docs/delivery.md)
                log.warning("outbox: message %s unsettled at the stop: %s", item.id, describe(error))
                return
            log.exception("outbox: message %s to chat %s failed; it goes back to the queue", item.id, item.chat_id)
            if self.health is not None:
                self.health.failed(HEALTH_NAME, error)
            await self._requeue(item, describe(error))

    async def _requeue(self, item: OutboxItem, error: str) -> None:
        pause = Backoff(base=0.5, cap=30.0)
        while True:
            try:
                if item.attempts >= self._max_attempts:
                    await self._repo.settle_in_flight(item.id, "failed", None, error)
                else:
                    delay = min(300.0, 2.0 ** item.attempts) * random.uniform(0.5, 1.0)
                    await self._repo.settle_in_flight(item.id, "pending", time.time() + delay, error)
                return
            except Exception:
                if self._stopping:
                    return  # still "sending": the next start sends it again
                log.exception("outbox: message %s could not be put back in the queue; trying again", item.id)
                await self._pause(pause.next())

    async def _mark_sent(self, sent: Sent) -> None:
        """Records a message Telegram has accepted. If the database refuses (locked, full), it is
        tried again until it works: sending it again would be a duplicate."""
        pause = Backoff(base=0.5, cap=30.0)
        while True:
            try:
                await self._marks.submit(sent)
                return
            except Exception as error:
                if self._stopping:
                    raise  # still "sending": the next start sends it again (at-least-once)
                log.warning("outbox: message %s was sent but could not be recorded (%s); trying again",
                            sent[0].id, describe(error))
                if self.health is not None:
                    self.health.failed(HEALTH_NAME, error)
                await self._pause(pause.next())

    async def _pause(self, seconds: float) -> None:
        """Sleeps, but not past `stop()`."""
        deadline = time.monotonic() + seconds
        while not self._stopping and (left := deadline - time.monotonic()) > 0:  # noqa: ASYNC110 - notices stop()
            await asyncio.sleep(min(left, 0.25))

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
            if self.on_undeliverable is not None:
                await self.on_undeliverable(item, str(error))
            hook = self.on_blocked.get(item.purpose or "")
            if hook is not None:
                await hook(item, str(error))
            return
        except TelegramBadRequest as error:
            log.error("outbox %s to %s rejected: %s", item.method, item.chat_id, error)
            await self._repo.give_up(item.id, "failed", str(error))
            if self.on_undeliverable is not None:
                await self.on_undeliverable(item, str(error))
            failed = self.on_failed.get(item.purpose or "")
            if failed is not None:
                await failed(item, str(error))
            return
        except (TelegramServerError, TelegramNetworkError) as error:
            if item.attempts >= self._max_attempts:
                # Telegram kept failing for hours: given up, and whoever the row was for is
                # handled as for a refusal (a card moves on, a relay's sender is told), but the
                # chat is not marked unreachable: the fault was Telegram's, not the person's.
                log.error("outbox %s to %s given up after %d attempts: %s", item.method, item.chat_id,
                          item.attempts, error)
                await self._repo.give_up(item.id, "failed", str(error))
                failed = self.on_failed.get(item.purpose or "")
                if failed is not None:
                    await failed(item, str(error))
                return
            delay = min(300.0, 2.0 ** item.attempts) * random.uniform(0.5, 1.0)
            await self._repo.retry_later(item.id, time.time() + delay, str(error))
            return
        message_id = result.get("message_id") if isinstance(result, dict) else None
        await self._mark_sent((item, message_id))

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
