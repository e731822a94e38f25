"""APScheduler 3.x jobs, in the school's time zone.

The help desk's timers (queued cards, escalations, deadlines, auto-close) are a
short interval job that asks the database what is due, so nothing is lost when
the process was down: the first tick after a restart catches up.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from apscheduler.schedulers.asyncio import AsyncIOScheduler


def create_scheduler(tz: ZoneInfo) -> AsyncIOScheduler:
    return AsyncIOScheduler(
        timezone=tz,
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 6 * 3600},
    )


def add_tick(scheduler: AsyncIOScheduler, job: Callable[[], Awaitable[None]], seconds: float, job_id: str) -> None:
    scheduler.add_job(
        job, "interval", seconds=seconds, id=job_id, replace_existing=True, next_run_time=datetime.now(scheduler.timezone)
    )
