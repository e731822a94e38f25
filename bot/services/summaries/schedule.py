"""When: the latest due moment of the weekly run and of the forecast, at each tick."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from bot.domain.school import Period
from bot.services.summaries.core import FORECAST, WEEKLY, week_of
from bot.services.summaries.progress import SummaryProgress


class SummarySchedule(SummaryProgress):
    def due_weekly(self, now: datetime) -> date | None:
        """The Monday of the week whose summary time has come most recently."""
        local = now.astimezone(self.school.tz)
        settings = self.school.parents
        days_back = (local.weekday() - settings.summary_weekday.index) % 7
        moment = datetime.combine(local.date() - timedelta(days=days_back), settings.summary_time, self.school.tz)
        if moment > local:
            moment -= timedelta(days=7)
        return week_of(moment.date())[0]

    def due_forecast(self, now: datetime) -> Period | None:
        """The period whose forecast is due (R5.2: not later than N days before its end)."""
        today = now.astimezone(self.school.tz).date()
        for period in self.school.periods:
            if period.end - timedelta(days=self.school.parents.forecast_days_before_end) <= today <= period.end:
                return period
        return None

    async def tick(self) -> None:
        now = self.clock.now()
        week = self.due_weekly(now)
        if week is not None and not await self._queued(WEEKLY, week):
            await self.run(WEEKLY, week)
        period = self.due_forecast(now)
        if period is not None and not await self._queued(FORECAST, period.end):
            await self.run(FORECAST, period.end, period=period)
        await self.announce_finals()
        await self.report_progress()
