"""APScheduler 3.x jobs, in the school's time zone.

The help desk's timers (queued cards, escalations, deadlines, auto-close) are a
short interval job that asks the database what is due, so nothing is lost when
the process was down: the first tick after a restart catches up.

Every job runs `guarded` (bot/scheduler/supervisor.py): an exception is logged with its
traceback and recorded for /status, the next runs wait a growing pause, and the job
goes on; nothing a job raises stops the scheduler or the bot.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.schedulers.base import STATE_STOPPED

from bot.scheduler.supervisor import Backoff, Health, LoopFailed, Supervisor, guarded

__all__ = ["Backoff", "Health", "LoopFailed", "Supervisor", "add_tick", "create_scheduler", "guarded"]


class _ShutdownIsNotAnError(logging.Filter):
    """At a stop, the scheduler cancels the runs it has just started; a run cancelled before its
    first step never reaches `guarded`, and APScheduler would log it as "Error running job"
    with a traceback. Every job is transactional and resumes at the next start: not an error."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.exc_info and isinstance(record.exc_info[1], asyncio.CancelledError))


_quiet_cancellations = _ShutdownIsNotAnError()


class SupervisedScheduler(AsyncIOScheduler):
    """The scheduler, with the `Health` its ticks report to (None: not recorded)."""

    health: Health | None = None


def create_scheduler(tz: ZoneInfo, health: Health | None = None) -> AsyncIOScheduler:
    scheduler = SupervisedScheduler(
        timezone=tz,
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 6 * 3600},
    )
    scheduler.health = health
    executors_log = logging.getLogger("apscheduler.executors.default")
    if _quiet_cancellations not in executors_log.filters:
        executors_log.addFilter(_quiet_cancellations)
    return scheduler


def add_tick(
    scheduler: AsyncIOScheduler, job: Callable[[], Awaitable[None]], seconds: float, job_id: str,
    health: Health | None = None,
) -> None:
    """`job` every `seconds`, from now on; its runs are recorded in `health` under `job_id`
    (by default the scheduler's own)."""
    if health is None:
        health = getattr(scheduler, "health", None)
    if health is not None:
        health.register(job_id, seconds)
    scheduler.add_job(
        guarded(job_id, job, health, backoff=Backoff(base=max(1.0, seconds), cap=max(60.0, seconds)),
                stopping=lambda: scheduler.state == STATE_STOPPED),
        "interval", seconds=seconds, id=job_id, name=job_id, replace_existing=True,
        next_run_time=datetime.now(scheduler.timezone),
        # A run that takes longer than the interval: the next one starts and returns at once
        # (`guarded`), instead of APScheduler's warning at every interval.
        max_instances=2,
    )
