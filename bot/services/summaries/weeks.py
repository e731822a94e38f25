"""Each student's week, from the sums SQLite makes and the week's own rows."""

from __future__ import annotations

from datetime import date, timedelta

from bot.domain.marks import AbsenceKind, Mark, SubjectWeek, WeekSummary
from bot.services.summaries.core import SummariesCore


class SummaryWeeks(SummariesCore):
    async def week_summaries(self, student_ids: list[int] | None, week_start: date) -> dict[int, WeekSummary]:
        """Each student's week, from sums SQLite makes and the week's own rows."""
        week_end = week_start + timedelta(days=6)
        period = self.school.period_on(week_start)
        period_start = max(period.start, date(week_start.year - 1, 1, 1))
        sums = {(s.student_id, s.subject): s for s in await self.marks.sums(student_ids, period_start, week_start, week_end)}
        subjects = set(sums)
        marks: dict[tuple[int, str], list[Mark]] = {}
        for mark in await self.marks.week_marks(student_ids, week_start, week_end):
            marks.setdefault((mark.student_id, mark.subject), []).append(mark)
        absences: dict[tuple[int, str], dict[AbsenceKind, int]] = {}
        for absence in await self.marks.week_absences(student_ids, week_start, week_end):
            counter = absences.setdefault((absence.student_id, absence.subject), {})
            counter[absence.kind] = counter.get(absence.kind, 0) + 1
        subjects |= set(absences)
        by_student: dict[int, list[SubjectWeek]] = {sid: [] for sid in student_ids or []}
        for sid, subject in sorted(subjects):
            s = sums.get((sid, subject))
            average = s.average if s else None
            count = s.count if s else 0
            by_student.setdefault(sid, []).append(SubjectWeek(
                subject=subject,
                week_marks=tuple(marks.get((sid, subject), ())),
                average=average,
                previous_average=s.previous_average if s else None,
                counting_marks=count,
                forecast=self.rules.period_mark(average, count),
                absences=absences.get((sid, subject), {}),
            ))
        return {sid: WeekSummary(sid, week_start, week_end, tuple(items)) for sid, items in by_student.items()}
