"""How the summaries' notices read (bot/services/summaries/notices.py): a child's week or
forecast with its buttons, the final marks, the class teachers' notices, a run's progress, and
what the ЭлЖур connector tells (bot/services/eljur.py)."""

from __future__ import annotations

import html
from datetime import date
from typing import Any

from bot.domain.marks import AbsenceKind, GradingRules, Mark, SubjectWeek, WeekSummary
from bot.domain.school import Period
from bot.i18n import Markup, Translator
from bot.services.eljur import (
    CONFIG_TOPICS,
    JournalBack,
    JournalConfigWrong,
    JournalNews,
    JournalPartial,
    JournalReadsNothing,
    JournalStatus,
    JournalUnavailable,
    JournalUnreadableClass,
    JournalWhole,
)
from bot.services.summaries.core import ABSENCE_ORDER, FORECAST, WEEKLY
from bot.services.summaries.notices import (
    ChildOrphaned,
    FinalMarks,
    JournalNotice,
    ParentSummary,
    ParentUnreachable,
    RunProgress,
    ViewsReport,
)
from bot.views.callbacks import SummaryAction, SummaryCb
from bot.views.present import Rows, Views, Worded, words
from storage.summaries import ParentViews, Recipient

# --- a child's week ---------------------------------------------------------------------------


def number(value: float, t: Translator, signed: bool = False) -> str:
    text = f"{value:+.2f}" if signed else f"{value:.2f}"
    if signed:
        text = text.replace("-", "−")
    return text.replace(".", ",") if t.language == "ru" else text


def _mark_text(mark: Mark) -> str:
    text = html.escape(mark.written)
    if mark.kind_of_work:
        text += f" <i>({html.escape(mark.kind_of_work)})</i>"
    return text


def summary_text(r: Recipient, summary: WeekSummary, t: Translator, rules: GradingRules, period: Period,
                 kind: str = WEEKLY) -> str:
    """A child's week (`kind` WEEKLY) or the period's forecast (FORECAST)."""
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
        lines.append(_subject_line(subject, t, kind))
        if subject.week_marks and kind == WEEKLY:
            lines.append(t("summary-week-marks", marks=Markup(", ".join(_mark_text(m) for m in subject.week_marks))))
        if kind == WEEKLY:
            missed = [f"{t('absence-' + k.value)} — {subject.absences[k]}"
                      for k in ABSENCE_ORDER if k is not AbsenceKind.LATE and subject.absences.get(k)]
            if missed:
                lines.append(t("summary-absences", list=Markup(", ".join(missed))))
            if subject.absences.get(AbsenceKind.LATE):
                lines.append(t("summary-late", count=subject.absences[AbsenceKind.LATE]))
        if subject.too_few_marks(rules):
            lines.append(t("summary-too-few", count=subject.counting_marks, need=rules.min_marks, term=term))
    lines.append("")
    lines.append(t("summary-footer", term=term))
    # A very full week may pass Telegram's 4,096 characters: the sending path
    # (bot/sending.py) sends it in parts, cut between lines, never inside a tag.
    return "\n".join(lines)


def _subject_line(s: SubjectWeek, t: Translator, kind: str) -> str:
    if s.average is None:  # only absences so far
        return t("summary-subject-no-average", subject=s.subject)
    change = ""
    if s.change is not None and abs(s.change) >= 0.005 and kind == WEEKLY:
        change = f" ({t('summary-change', delta=number(s.change, t, signed=True))})"
    forecast = t("summary-forecast", mark=str(s.forecast)) if s.forecast is not None else ""
    return t("summary-subject", subject=s.subject, average=number(s.average, t), change=Markup(change),
             forecast=Markup(forecast))


def summary_rows(kind: str, week: date, student_id: int, t: Translator) -> Rows:
    """«Ознакомлен(а)», and for a week «График»."""
    stamp = week.strftime("%Y%m%d")
    rows = [[(t("summary-button-ack"), SummaryCb(action=SummaryAction.ACK, sid=student_id, week=stamp).pack())]]
    if kind == WEEKLY:
        rows.append([(t("summary-button-chart"),
                      SummaryCb(action=SummaryAction.CHART, sid=student_id, week=stamp).pack())])
    return rows


@words(ParentSummary)
def _(n: ParentSummary, v: Views) -> Worded:
    t = v.t(n.lang)
    return (summary_text(n.recipient, n.summary, t, n.rules, n.period, n.kind),
            summary_rows(n.kind, n.week, n.recipient.student_id, t))


@words(FinalMarks)
def _(n: FinalMarks, v: Views) -> Worded:
    t = v.t(n.lang)
    lines = [t("final-title", name=n.recipient.student_name, klass=n.recipient.class_name)] + [
        t("final-line", subject=m.subject, mark=m.written, date=m.day.strftime("%d.%m.%Y")) for m in n.marks
    ]
    return "\n".join(lines), None


# --- to class teachers and administrators -------------------------------------------------------


def views_line(row: ParentViews, t: Translator) -> str:
    return t("views-line", parent=row.parent, student=row.student_name, count=row.count)


@words(ViewsReport)
def _(n: ViewsReport, v: Views) -> Worded:
    t = v.t(n.lang)
    checked = "\n".join(views_line(r, t) for r in n.checked)
    unchecked = "\n".join(views_line(r, t) for r in n.unchecked)
    return t("views-report", klass=n.class_name, start=n.start.strftime("%d.%m"), end=n.end.strftime("%d.%m.%Y"),
             times=n.times, checked=Markup(checked or t("views-nobody")),
             unchecked=Markup(unchecked or t("views-nobody"))), None


@words(ParentUnreachable)
def _(n: ParentUnreachable, v: Views) -> Worded:
    return v.t(n.lang)("summary-unreachable", name=n.student_name, klass=n.class_name), None


@words(ChildOrphaned)
def _(n: ChildOrphaned, v: Views) -> Worded:
    return v.t(n.lang)("forget-orphan-notice", name=n.student_name, klass=n.class_name), None


_PROGRESS = {WEEKLY: "summary-progress-weekly", FORECAST: "summary-progress-forecast"}


@words(RunProgress)
def _(n: RunProgress, v: Views) -> Worded:
    return v.t(n.lang)(_PROGRESS[n.kind], start=n.start.strftime("%d.%m.%Y"), sent=n.sent, total=n.total,
                       blocked=n.blocked, failed=n.failed, minutes=n.minutes, done="yes" if n.done else "no"), None


# --- the ЭлЖур connector ----------------------------------------------------------------------


def journal_message(news: JournalNews) -> tuple[str, dict[str, Any]]:
    """The text key (the news' `topic`) and its values of what the connector tells."""
    args: dict[str, Any]
    if isinstance(news, JournalConfigWrong | JournalUnavailable):
        args = {"error": news.error}
    elif isinstance(news, JournalBack | JournalWhole):
        args = {}
    elif isinstance(news, JournalPartial):
        args = {"stored": news.stored, "gaps": news.gaps, "absent": news.absent, "empty": news.empty,
                "garbled": news.garbled, "refused": news.refused}
    elif isinstance(news, JournalReadsNothing):
        args = {"role": news.role}
    elif isinstance(news, JournalUnreadableClass):
        args = {"klass": news.class_name, "count": len(news.names), "names": "\n".join(f"• {n}" for n in news.names)}
    else:
        raise LookupError(f"no wording for {type(news).__name__}")
    return news.topic, args


@words(JournalNotice)
def _(n: JournalNotice, v: Views) -> Worded:
    key, args = journal_message(n.news)
    return v.t(n.lang)(key, **args), None


def journal_status_lines(status: JournalStatus, t: Translator) -> list[str]:
    """Lines for /status: what the account is and can read (asked now), and the last pull."""
    lines: list[str] = []
    if status.config is not None:
        lines.append(t(CONFIG_TOPICS[status.config], error=status.error))
    elif status.error is not None:
        lines.append(t("eljur-status-unknown", error=status.error))
    else:
        role = ", ".join(t("eljur-role", role=r) for r in status.roles)
        if role:
            lines.append(t("eljur-status-access", role=role, readable=status.readable, total=status.total))
        else:
            lines.append(t("eljur-status-access-norole", readable=status.readable, total=status.total))
        if status.unreadable:
            lines.append("   " + t("eljur-status-unreadable", classes=", ".join(
                f"{name}: {count}" for name, count in status.unreadable)))
    last = status.last
    if last is not None:
        lines.append("   " + t("eljur-status-last", stored=last.stored, gaps=sum(last.gaps.values()),
                                 phantoms=last.phantoms, ambiguous=last.ambiguous))
    return lines
