"""Background work cannot die silently: the outbox loop, the scheduler's jobs and the
supervisor survive any exception, log it with its traceback, back off and go on."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import Callable

import pytest

from bot.outbox import OutboxWorker
from bot.scheduler import Backoff, Health, LoopFailed, Supervisor, guarded
from bot.views.payloads import send_text
from storage.db import Database
from storage.outbox import OutboxRepository, enqueue
from tests.unit.test_outbox import FakeBot


@pytest.fixture
async def db(tmp_path):
    database = await Database(tmp_path / "o.sqlite3").connect()
    yield database
    await database.close()


async def add(db: Database, chat: int) -> None:
    async with db.transaction() as conn:
        await enqueue(conn, chat_id=chat, method="SendMessage", payload=send_text(chat, f"hi {chat}"))


class Flaky(OutboxRepository):
    """The outbox's table, with chosen calls failing the way SQLite fails."""

    def __init__(self, db: Database, **failures: int) -> None:
        super().__init__(db)
        self.failures = dict(failures)

    def _maybe_fail(self, name: str) -> None:
        if self.failures.get(name, 0) > 0:
            self.failures[name] -= 1
            raise sqlite3.OperationalError("database is locked" if name == "claim" else "database or disk is full")

    async def claim(self, limit, now):  # type: ignore[no-untyped-def]
        self._maybe_fail("claim")
        return await super().claim(limit, now)

    async def mark_sent(self, results):  # type: ignore[no-untyped-def]
        self._maybe_fail("mark_sent")
        await super().mark_sent(results)


async def until(condition, seconds: float = 5.0) -> None:  # type: ignore[no-untyped-def]
    for _ in range(int(seconds / 0.02)):
        if await condition():
            return
        await asyncio.sleep(0.02)
    raise AssertionError("not reached in time")


async def test_the_outbox_loop_survives_a_failing_claim_and_sends_afterwards(db, caplog):
    """Observation 4: one "database is locked" from the claim ended the loop for good, silently."""
    caplog.set_level(logging.ERROR, "bot.outbox")
    repo = Flaky(db, claim=2)
    bot = FakeBot()
    worker = OutboxWorker(bot, repo, rate_per_second=1000)  # type: ignore[arg-type]
    worker.health = health = Health()
    await add(db, 1)
    task = asyncio.create_task(worker.run())
    try:
        await until(lambda: _sent(repo, 1))
        await add(db, 2)
        worker.wake()
        await until(lambda: _sent(repo, 2))
    finally:
        await worker.stop()
        task.cancel()
    assert bot.sent == [1, 2]
    failures = [r for r in caplog.records if "queue could not be read" in r.getMessage()]
    assert len(failures) == 2 and all(r.exc_info for r in failures)  # logged, with the traceback
    state = health.loops["outbox"]
    assert state.last_error and "locked" in state.last_error and state.failing_since is None  # recovered


async def _sent(repo: OutboxRepository, count: int) -> bool:
    return (await repo.counts()).get("sent", 0) >= count


async def test_a_message_sent_but_not_recorded_is_recorded_later_not_sent_twice(db):
    repo = Flaky(db, mark_sent=2)
    bot = FakeBot()
    worker = OutboxWorker(bot, repo, rate_per_second=1000)  # type: ignore[arg-type]
    await add(db, 7)
    task = asyncio.create_task(worker.run())
    try:
        await until(lambda: _sent(repo, 1))
    finally:
        await worker.stop()
        task.cancel()
    assert bot.sent == [7]
    assert await repo.counts() == {"sent": 1}


async def test_an_unexpected_error_puts_the_message_back_in_the_queue(db):
    """A failure nobody expected used to leave the row "in flight" until a restart."""

    class Odd(FakeBot):
        calls = 0

        async def __call__(self, method):  # type: ignore[no-untyped-def]
            self.calls += 1
            if self.calls == 1:
                raise RuntimeError("something nobody expected")
            return await super().__call__(method)

    repo = OutboxRepository(db)
    bot = Odd()
    worker = OutboxWorker(bot, repo, rate_per_second=1000)  # type: ignore[arg-type]
    await add(db, 3)
    task = asyncio.create_task(worker.run())
    try:
        await until(lambda: _row_status("pending", db))
        await db.execute("UPDATE outbox SET not_before = 0")  # its pause is over
        worker.wake()
        await until(lambda: _sent(repo, 1))
    finally:
        await worker.stop()
        task.cancel()
    assert bot.sent == [3]


async def _row_status(status: str, db: Database) -> bool:
    return await db.fetch_value("SELECT status FROM outbox") == status


async def test_a_scheduled_job_logs_backs_off_and_goes_on(caplog):
    caplog.set_level(logging.WARNING, "bot.scheduler.supervisor")
    now = [0.0]
    health = Health(now=lambda: now[0])
    outcomes: list[BaseException | None] = [RuntimeError("boom"), LoopFailed("ЭлЖур: HTTP 503"), None]
    runs = []

    async def job() -> None:
        runs.append(now[0])
        outcome = outcomes.pop(0)
        if outcome is not None:
            raise outcome

    tick = guarded("helpdesk-timers", job, health, backoff=Backoff(base=10, cap=15), clock=lambda: now[0])
    for moment in (0, 5, 11, 20, 40):
        now[0] = moment
        await tick()
    assert runs == [0, 11, 40]  # 5 and 20 fall in the pauses after each failure (≥ 8 s, ≥ 12 s)
    boom = next(r for r in caplog.records if "helpdesk-timers failed" in r.getMessage())
    assert boom.exc_info is not None and "boom" in str(boom.exc_info[1])
    state = health.loops["helpdesk-timers"]
    assert state.last_success == 40 and state.failing_since is None
    assert state.last_error == "ЭлЖур: HTTP 503" and state.last_error_at == 11


async def eventually(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    """Until `condition()` holds: the supervisor's watch runs on its own schedule."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        assert asyncio.get_running_loop().time() < deadline, "the condition never held"
        await asyncio.sleep(0.01)


async def test_the_supervisor_restarts_a_loop_that_ended_and_alerts_once_when_it_lasts(caplog):
    caplog.set_level(logging.ERROR, "bot.scheduler.supervisor")
    health = Health()
    supervisor = Supervisor(health, backoff_base=0.01, backoff_cap=0.02, alert_after=0.2, watch_every=0.02)
    told: list[tuple[str, bool]] = []

    async def alert(state, back):  # type: ignore[no-untyped-def]
        told.append((state.name, back))
        return True

    supervisor.alert = alert
    starts = []
    broken = True

    async def loop() -> None:
        starts.append(1)
        if broken:
            raise sqlite3.OperationalError("database or disk is full")
        health.ok("worker")
        await asyncio.sleep(3600)

    supervisor.keep("worker", loop)
    supervisor.start_watch()
    try:
        await eventually(lambda: len(starts) > 3 and bool(told))
        assert told == [("worker", False)]  # restarted each time, told once
        broken = False
        await eventually(lambda: len(told) > 1)
        assert told == [("worker", False), ("worker", True)]  # (a second "down" would come before this)
    finally:
        await supervisor.stop()
    assert health.loops["worker"].restarts >= 3
    assert any(r.exc_info for r in caplog.records if "worker stopped with an error" in r.getMessage())


async def test_lasting_database_trouble_is_watched_too():
    health = Health()
    supervisor = Supervisor(health, alert_after=0.0)
    told: list[tuple[str, bool]] = []

    async def alert(state, back):  # type: ignore[no-untyped-def]
        told.append((state.name, back))
        return True

    supervisor.alert = alert
    trouble: list[tuple[float, str] | None] = [(health.now() - 1, "OperationalError: database or disk is full")]
    supervisor.watch_also("database", lambda: trouble[0])
    await supervisor.check_once()
    assert health.loops["database"].last_error == "OperationalError: database or disk is full"
    trouble[0] = None
    await supervisor.check_once()
    assert told == [("database", False), ("database", True)]


async def test_a_loop_that_makes_no_progress_counts_as_failing():
    now = [1000.0]
    health = Health(now=lambda: now[0])
    supervisor = Supervisor(health, alert_after=100.0)
    told: list[tuple[str, bool]] = []

    async def alert(state, back):  # type: ignore[no-untyped-def]
        told.append((state.name, back))
        return True

    supervisor.alert = alert
    health.register("outbox")
    health.ok("outbox")
    health.register("journal-pull", 3600).alerts = False  # it tells the administrators itself
    health.failed("journal-pull", "getperiods: HTTP 503")
    now[0] += 99
    await supervisor.check_once()
    assert told == []
    now[0] += 1000  # the outbox has not got round once in 1,099 s: stuck
    await supervisor.check_once()
    assert told == [("outbox", False)] and "stuck" in (health.loops["outbox"].last_error or "")
    health.ok("outbox")
    await supervisor.check_once()
    assert told == [("outbox", False), ("outbox", True)]


async def test_a_tick_broken_by_the_stop_is_an_interruption_not_a_failure(caplog):
    """At SIGTERM the database closes under a tick that just started: no traceback, no failure
    recorded (the tick's work is transactional and resumes at the next start)."""
    health = Health()
    health.register("summaries", 1)
    stopping = [False]

    async def job() -> None:
        raise ValueError("no active connection")

    tick = guarded("summaries", job, health, stopping=lambda: stopping[0])
    stopping[0] = True
    with caplog.at_level(logging.INFO):
        await tick()
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
    assert "interrupted by shutdown" in caplog.text
    stopping[0] = False
    with caplog.at_level(logging.INFO):
        await tick()  # while running, the same error is a failure, with its traceback
    assert [r for r in caplog.records if r.levelno >= logging.ERROR and r.exc_info]



def test_a_run_cancelled_by_the_stop_is_not_logged_as_an_error(caplog):
    """Stopping cancels the runs the scheduler has just started; one cancelled before its first
    step never reaches `guarded`, and APScheduler's executor reports it as it reports a failure
    (this is the record it makes). It is an interruption, not an error; real failures still show."""
    from zoneinfo import ZoneInfo

    from bot.scheduler import create_scheduler

    create_scheduler(ZoneInfo("Europe/Moscow"))
    executor_log = logging.getLogger("apscheduler.executors.default")
    caplog.set_level(logging.INFO, "apscheduler")
    for error in (asyncio.CancelledError(), RuntimeError("a real failure")):
        try:
            raise error
        except BaseException:
            executor_log.exception('Job "helpdesk-timers" raised an exception')
    assert [r.exc_info[1].__class__ for r in caplog.records if r.levelno >= logging.ERROR] == [RuntimeError]
