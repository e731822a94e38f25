"""A run: every summary of a week (or a period's forecast) queued once, and the final marks
of a period announced once."""

from __future__ import annotations

from datetime import date

from bot.domain.school import Period
from bot.events import event
from bot.services.outgoing import outgoing, post
from bot.services.summaries.core import ENQUEUE_CHUNK, WEEKLY, week_of
from bot.services.summaries.notices import FinalMarks, ParentSummary
from bot.services.summaries.parents import ParentSide
from storage.outbox import PRIORITY_BULK
from storage.summaries import FinalMark
from storage.uow import UnitOfWork


class SummaryRuns(ParentSide):
    async def announce_finals(self) -> int:
        """Final marks of a period go to the parents as soon as they are in (R5.3), each once."""
        rows = await self.repo.unannounced_finals()
        if not rows:
            return 0
        by_student: dict[int, list[FinalMark]] = {}
        for row in rows:
            by_student.setdefault(row.student_id, []).append(row)
        recipients = [r for r in await self.recipients() if r.student_id in by_student]
        now = self.clock.now()
        async with UnitOfWork(self.db) as uow:
            for r in recipients:
                marks = by_student[r.student_id]
                notice = FinalMarks(chat_id=r.telegram_id, lang=r.language, recipient=r, marks=tuple(marks))
                await post(uow, self.views, notice,
                           dedupe_key=f"final:{r.telegram_id}:{r.student_id}:{marks[0].id}-{marks[-1].id}",
                           priority=PRIORITY_BULK, purpose="summary", ref_id=r.student_id)
            await uow.summaries.finals_announced([row.id for row in rows], now)
        if self.outbox is not None:
            self.outbox.wake()
        return len(recipients)

    async def _queued(self, kind: str, key: date) -> bool:
        return await self.repo.queued(kind, key)

    async def run(self, kind: str, week: date, *, period: Period | None = None) -> int:
        """Queue every summary of this run; safe to call again (each key is queued once)."""
        now = self.clock.now()
        await self.repo.start_run(kind, week, now)
        summary_week = week if kind == WEEKLY else week_of(now.astimezone(self.school.tz).date())[0]
        recipients = await self.recipients()
        batch = f"{kind}:{week.isoformat()}"
        queued = 0
        for start in range(0, len(recipients), ENQUEUE_CHUNK):
            chunk = recipients[start:start + ENQUEUE_CHUNK]
            summaries = await self.week_summaries(sorted({r.student_id for r in chunk}), summary_week)
            items = []
            for r in chunk:
                summary = summaries[r.student_id]
                notice = ParentSummary(
                    chat_id=r.telegram_id, lang=r.language, recipient=r, summary=summary, kind=kind,
                    period=period or self.school.period_on(summary.week_start), week=summary_week, rules=self.rules,
                )
                items.append(outgoing(self.views, notice, dedupe_key=f"{batch}:{r.telegram_id}:{r.student_id}",
                                      purpose="summary", ref_id=r.student_id))
            async with UnitOfWork(self.db) as uow:
                queued += await uow.outbox.enqueue_many(items, priority=PRIORITY_BULK, batch=batch)
        async with UnitOfWork(self.db) as uow:
            if kind == WEEKLY:
                await self._queue_views_report(uow, week)
            await uow.summaries.run_queued(kind, week, len(recipients))
        event("summaries_run", kind=kind, week=week.isoformat(), recipients=len(recipients), queued=queued)
        if self.outbox is not None:
            self.outbox.wake()
        self._progress_at = 0.0
        return queued
