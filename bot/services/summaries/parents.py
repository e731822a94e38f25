"""What parents did with the summaries (R5.5), and who is on a class's printout."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from bot.services.outgoing import post
from bot.services.summaries.alerts import SummaryAlerts
from bot.services.summaries.notices import ViewsReport
from storage.summaries import ParentViews
from storage.uow import UnitOfWork


class ParentSide(SummaryAlerts):
    async def printout_students(self, class_name: str, everyone: bool = False) -> list[tuple[int, str]]:
        """(id, name) of the class's students whose family is informed on paper, cannot be
        reached in Telegram, or chose Telegram but has no parent linked (never joined, or
        left with /forget); `everyone`: all students of the class."""
        return await self.repo.printout_students(class_name, everyone)

    async def reachable_again(self, telegram_id: int) -> None:
        await self.repo.reachable_again(telegram_id)

    async def viewed(self, telegram_id: int, student_id: int, action: str) -> None:
        await self.repo.viewed(telegram_id, student_id, self.clock.now(), action)

    async def is_linked(self, telegram_id: int, student_id: int) -> bool:
        return await self.repo.is_linked(telegram_id, student_id)

    async def views_report(self, class_name: str, since: datetime,
                           until: datetime) -> tuple[list[ParentViews], list[ParentViews]]:
        """(parents who acknowledged or opened the marks at least `checks_per_week` times, the
        others) for the opted-out students of a class."""
        rows = await self.repo.views(class_name, since, until)
        times = self.school.parents.checks_per_week
        return [r for r in rows if r.count >= times], [r for r in rows if r.count < times]

    async def _queue_views_report(self, uow: UnitOfWork, week: date) -> None:
        """With each weekly run: every class teacher's list for the seven days before it."""
        until = self.clock.now()
        since = until - timedelta(days=7)
        for teacher in self.school.class_teachers:
            checked, not_checked = await self.views_report(teacher.class_name, since, until)
            if not checked and not not_checked:
                continue
            chat = teacher.telegram_id
            notice = ViewsReport(
                chat_id=chat, lang=await self._language(chat), class_name=teacher.class_name,
                start=since.astimezone(self.school.tz).date(), end=until.astimezone(self.school.tz).date(),
                times=self.school.parents.checks_per_week, checked=tuple(checked), unchecked=tuple(not_checked),
            )
            await post(uow, self.views, notice,
                       dedupe_key=f"views:{week.isoformat()}:{chat}:{teacher.class_name}", purpose="notice")
