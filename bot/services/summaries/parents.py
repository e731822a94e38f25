"""What parents did with the summaries (R5.5), and who is on a class's printout."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from bot.i18n import Markup, Translator
from bot.services.summaries.notices import SummaryNotices
from bot.views.payloads import send_text
from storage.uow import UnitOfWork


class ParentSide(SummaryNotices):
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

    async def views_report(self, class_name: str, since: datetime, until: datetime,
                           t: Translator | None = None) -> tuple[list[str], list[str]]:
        """(parents who acknowledged or opened the marks at least `checks_per_week` times, the
        others) for the opted-out students of a class, one line each."""
        rows = await self.repo.views(class_name, since, until)
        t = t or self.i18n.get(None)
        times = self.school.parents.checks_per_week
        lines = [(r.count >= times, t("views-line", parent=r.parent, student=r.student_name, count=r.count))
                 for r in rows]
        return [line for enough, line in lines if enough], [line for enough, line in lines if not enough]

    async def _queue_views_report(self, uow: UnitOfWork, week: date) -> None:
        """With each weekly run: every class teacher's list for the seven days before it."""
        until = self.clock.now()
        since = until - timedelta(days=7)
        for teacher in self.school.class_teachers:
            t = await self._translator(teacher.telegram_id)
            checked, not_checked = await self.views_report(teacher.class_name, since, until, t)
            if not checked and not not_checked:
                continue
            text = t("views-report", klass=teacher.class_name, start=since.astimezone(self.school.tz).strftime("%d.%m"),
                     end=until.astimezone(self.school.tz).strftime("%d.%m.%Y"), times=self.school.parents.checks_per_week,
                     checked=Markup("\n".join(checked) or t("views-nobody")),
                     unchecked=Markup("\n".join(not_checked) or t("views-nobody")))
            await uow.outbox.enqueue(chat_id=teacher.telegram_id, method="SendMessage",
                                     payload=send_text(teacher.telegram_id, text),
                                     dedupe_key=f"views:{week.isoformat()}:{teacher.telegram_id}:{teacher.class_name}",
                                     purpose="notice")
