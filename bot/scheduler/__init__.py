"""APScheduler 3.x jobs, in the school's time zone.

The help desk's timers (queued cards, escalations, deadlines, auto-close) are a
short interval job that asks the database what is due, so nothing is lost when
the process was down: the first tick after a restart catches up.

Every job runs `guarded` (bot/scheduler/supervisor.py): an exception is logged with its
traceback and recorded for /status, the next runs wait a growing pause, and the job
goes on; nothing a job raises stops the scheduler or the bot.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.schedulers.base import STATE_STOPPED

from bot.scheduler.supervisor import Backoff, Health, LoopFailed, Supervisor, guarded

__all__ = ["Backoff", "Health", "LoopFailed", "Supervisor", "add_tick", "create_scheduler", "guarded"]


class SupervisedScheduler(AsyncIOScheduler):
    """The scheduler, with the `Health` its ticks report to (None: not recorded)."""

    health: Health | None = None


def create_scheduler(tz: ZoneInfo, health: Health | None = None) -> AsyncIOScheduler:
    scheduler = SupervisedScheduler(
        timezone=tz,
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 6 * 3600},
    )
    scheduler.health = health
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
