"""APScheduler 3.x jobs, in the school's time zone.

The help desk's timers (queued cards, escalations, deadlines, auto-close) are a
short interval job that asks the database what is due, so nothing is lost when
the process was down: the first tick after a restart catches up.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from apscheduler.schedulers.asyncio import AsyncIOScheduler


def create_scheduler(tz: ZoneInfo) -> AsyncIOScheduler:
    return AsyncIOScheduler(
        timezone=tz,
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 6 * 3600},
    )


log = logging.getLogger(__name__)


def add_tick(scheduler: AsyncIOScheduler, job: Callable[[], Awaitable[None]], seconds: float, job_id: str) -> None:
    async def tick() -> None:
        try:
            await job()
        except asyncio.CancelledError:
            # Shutdown interrupted the tick; its work is transactional and resumes at the next start.
            log.info("%s interrupted by shutdown", job_id)

    scheduler.add_job(
        tick, "interval", seconds=seconds, id=job_id, name=job_id, replace_existing=True,
        next_run_time=datetime.now(scheduler.timezone),
    )
