"""How a week's summary reads: its text and its buttons."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.domain.marks import AbsenceKind, SubjectWeek, WeekSummary
from bot.domain.school import Period
from bot.i18n import Markup, Translator
from bot.services.summaries.core import ABSENCE_ORDER, FORECAST, WEEKLY, SummariesCore, _mark_text, number
from storage.summaries import Recipient


class SummaryTexts(SummariesCore):
    def render(self, r: Recipient, summary: WeekSummary, t: Translator, kind: str = WEEKLY,
               period: Period | None = None) -> str:
        period = period or self.school.period_on(summary.week_start)
        term = period.term.value  # «с начала четверти», «прогноз отметок за полугодие»
        head = "summary-forecast-title" if kind == FORECAST else "summary-title"
        lines = [t(head, name=r.student_name, klass=r.class_name, period=period.name, term=term,
                   start=summary.week_start.strftime("%d.%m"), end=summary.week_end.strftime("%d.%m.%Y"))]
        overall = summary.average_of_averages()
        absences = summary.absences
        late = absences.get(AbsenceKind.LATE, 0)  # lateness is not a missed lesson: counted apart
        lines.append(t("summary-overall", marks=summary.marks_this_week,
                       absences=sum(absences.values()) - late, late=late))
        if overall is not None:
            lines.append(t("summary-overall-average", average=number(overall, t)))
        if not summary.subjects:
            lines.append(t("summary-no-marks", term=term))
        for subject in summary.subjects:
            lines.append("")
            lines.append(self._subject_line(subject, t, kind))
            if subject.week_marks and kind == WEEKLY:
                lines.append(t("summary-week-marks", marks=Markup(", ".join(_mark_text(m) for m in subject.week_marks))))
            if kind == WEEKLY:
                missed = [f"{t('absence-' + k.value)} — {subject.absences[k]}"
                          for k in ABSENCE_ORDER if k is not AbsenceKind.LATE and subject.absences.get(k)]
                if missed:
                    lines.append(t("summary-absences", list=Markup(", ".join(missed))))
                if subject.absences.get(AbsenceKind.LATE):
                    lines.append(t("summary-late", count=subject.absences[AbsenceKind.LATE]))
            if subject.too_few_marks(self.rules):
                lines.append(t("summary-too-few", count=subject.counting_marks, need=self.rules.min_marks, term=term))
        lines.append("")
        lines.append(t("summary-footer", term=term))
        # A very full week may pass Telegram's 4,096 characters: the sending path
        # (bot/sending.py) sends it in parts, cut between lines, never inside a tag.
        return "\n".join(lines)

    def _subject_line(self, s: SubjectWeek, t: Translator, kind: str) -> str:
        if s.average is None:  # only absences so far
            return t("summary-subject-no-average", subject=s.subject)
        change = ""
        if s.change is not None and abs(s.change) >= 0.005 and kind == WEEKLY:
            change = f" ({t('summary-change', delta=number(s.change, t, signed=True))})"
        forecast = t("summary-forecast", mark=str(s.forecast)) if s.forecast is not None else ""
        return t("summary-subject", subject=s.subject, average=number(s.average, t), change=Markup(change),
                 forecast=Markup(forecast))

    def keyboard(self, kind: str, week: date, student_id: int, t: Translator) -> dict[str, Any]:
        from bot.views.callbacks import SummaryAction, SummaryCb

        stamp = week.strftime("%Y%m%d")
        rows = [[{"text": t("summary-button-ack"),
                  "callback_data": SummaryCb(action=SummaryAction.ACK, sid=student_id, week=stamp).pack()}]]
        if kind == WEEKLY:
            rows.append([{"text": t("summary-button-chart"),
                          "callback_data": SummaryCb(action=SummaryAction.CHART, sid=student_id, week=stamp).pack()}])
        return {"inline_keyboard": rows}
