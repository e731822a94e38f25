"""Weekly summaries for parents who declined the web diary (R5.1, R5.4), the forecast of
period marks (R5.2), and what parents did with them (R5.5).

A run is driven by the scheduler's tick and the school's clock, not by a one-shot timer:
at each tick the latest due moment (the school's day and hour, in its time zone) is
compared with the runs recorded in the database. A bot that was down at that hour
therefore catches up when it starts, and a run cut short by a crash is resumed: each
(parent, child, week) summary has its own outbox key, so it is queued once and sent once
(docs/delivery.md).
"""

from __future__ import annotations

import logging
import time
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError

from bot.clock import Clock
from bot.domain.marks import AbsenceKind, GradingRules, ImportRow, Mark, SubjectWeek, WeekSummary
from bot.domain.school import Period, SchoolConfig
from bot.events import event
from bot.i18n import I18n, Markup, Translator
from bot.outbox import OutboxWorker
from bot.services.people import ADMINS, Directory
from bot.views.payloads import send_text
from storage.db import Database, utc_iso
from storage.marks import StoreResult
from storage.outbox import PRIORITY_BULK, OutboxItem, Outgoing
from storage.summaries import FinalMark, Recipient
from storage.uow import UnitOfWork, repositories_of

if TYPE_CHECKING:
    from bot.services.marks_import import ParsedImport

log = logging.getLogger(__name__)

WEEKLY = "weekly"
FORECAST = "forecast"
ENQUEUE_CHUNK = 1000
ABSENCE_ORDER = (AbsenceKind.ABSENT, AbsenceKind.ILL, AbsenceKind.VALID, AbsenceKind.LATE)


def week_of(day: date) -> tuple[date, date]:
    start = day - timedelta(days=day.weekday())
    return start, start + timedelta(days=6)


def number(value: float, t: Translator, signed: bool = False) -> str:
    text = f"{value:+.2f}" if signed else f"{value:.2f}"
    if signed:
        text = text.replace("-", "−")
    return text.replace(".", ",") if t.language == "ru" else text


class Summaries:
    def __init__(
        self,
        db: Database,
        school: SchoolConfig,
        clock: Clock,
        i18n: I18n,
        outbox: OutboxWorker | None = None,
        bot: Bot | None = None,
        directory: Directory | None = None,
    ) -> None:
        self.db = db
        self._school = school if directory is None else None
        # The running school file and the administrators' chats (with accounts joined by a
        # link) come from the Directory when there is one: it is what /reload replaces.
        self.directory = directory
        self.clock = clock
        self.i18n = i18n
        self.outbox = outbox
        self.bot = bot
        self.marks = repositories_of(db).marks
        self.repo = repositories_of(db).summaries
        self._rules = (school.grading, GradingRules.from_settings(school.grading))
        self._progress_at = 0.0

    @property
    def school(self) -> SchoolConfig:
        if self.directory is not None:
            return self.directory.school
        assert self._school is not None
        return self._school

    @property
    def rules(self) -> GradingRules:
        """The school's grading rule, worked out again when a reloaded file changes it."""
        grading = self.school.grading
        if self._rules[0] is not grading:
            self._rules = (grading, GradingRules.from_settings(grading))
        return self._rules[1]

    def _admin_chats(self) -> list[int]:
        if self.directory is not None:
            return self.directory.chats_of(ADMINS)
        return [p.telegram_id for p in self.school.school.administrators if p.telegram_id is not None]

    # --- when ------------------------------------------------------------------------------------

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
                t = self.i18n.get(r.language)
                lines = [t("final-title", name=r.student_name, klass=r.class_name)] + [
                    t("final-line", subject=m.subject, mark=m.written, date=m.day.strftime("%d.%m.%Y"))
                    for m in marks
                ]
                await uow.outbox.enqueue(chat_id=r.telegram_id, method="SendMessage",
                                         payload=send_text(r.telegram_id, "\n".join(lines)),
                                         dedupe_key=f"final:{r.telegram_id}:{r.student_id}:{marks[0].id}-{marks[-1].id}",
                                         priority=PRIORITY_BULK, purpose="summary", ref_id=r.student_id)
            await uow.summaries.finals_announced([row.id for row in rows], now)
        if self.outbox is not None:
            self.outbox.wake()
        return len(recipients)

    async def _queued(self, kind: str, key: date) -> bool:
        return await self.repo.queued(kind, key)

    # --- who -------------------------------------------------------------------------------------

    async def recipients(self, class_name: str | None = None) -> list[Recipient]:
        """Linked parents of students whose family chose this bot instead of the web diary
        (R5.1), except those whose chat refuses the bot."""
        return await self.repo.recipients(class_name)

    # --- what ------------------------------------------------------------------------------------

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

    # --- the run ---------------------------------------------------------------------------------

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
                t = self.i18n.get(r.language)
                items.append(Outgoing(
                    chat_id=r.telegram_id, method="SendMessage",
                    payload=send_text(r.telegram_id, self.render(r, summaries[r.student_id], t, kind, period),
                                      self.keyboard(kind, summary_week, r.student_id, t)),
                    dedupe_key=f"{batch}:{r.telegram_id}:{r.student_id}", purpose="summary", ref_id=r.student_id,
                ))
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

    # --- progress for the administrators -----------------------------------------------------------

    async def report_progress(self, force: bool = False) -> None:
        """One message per administrator per run, edited as it goes: sent / total, failures, time left."""
        if self.bot is None or (not force and time.monotonic() - self._progress_at < 3.0):
            return
        self._progress_at = time.monotonic()
        for run in await self.repo.open_runs():
            kind, week, total = run.kind, run.week, run.queued
            counts = await repositories_of(self.db).outbox.counts(f"{kind}:{week}")
            sent, blocked, failed = counts.get("sent", 0), counts.get("blocked", 0), counts.get("failed", 0)
            left = counts.get("pending", 0) + counts.get("sending", 0)
            done = left == 0
            if total == 0:  # nobody to inform this time: nothing to report
                await self.repo.finish_run(kind, week, self.clock.now())
                continue
            elapsed = max(1.0, (self.clock.now() - run.started_at).total_seconds())
            rate = sent / elapsed if sent else 0.0
            minutes = max(1, round(left / rate / 60)) if rate and left else 0
            await self._show_progress(kind, week, {
                "start": date.fromisoformat(week).strftime("%d.%m.%Y"), "sent": sent, "total": total,
                "blocked": blocked, "failed": failed, "minutes": minutes, "done": "yes" if done else "no",
            })
            if done:
                await self.repo.finish_run(kind, week, self.clock.now())
                event("summaries_done", kind=kind, week=week, total=total, sent=sent, blocked=blocked, failed=failed)

    async def _show_progress(self, kind: str, week: str, args: dict[str, Any]) -> None:
        assert self.bot is not None
        shown = await self.repo.progress_shown(kind, week)
        for chat in self._admin_chats():
            t = await self._translator(chat)
            text = t("summary-progress-" + kind, **args)
            try:
                if chat not in shown:
                    message = await self.bot.send_message(chat, text)
                    await self.repo.progress_sent(kind, week, chat, message.message_id, text)
                elif shown[chat][1] != text:
                    await self.bot.edit_message_text(text=text, chat_id=chat, message_id=shown[chat][0])
                    await self.repo.progress_edited(kind, week, chat, text)
            except TelegramAPIError as error:  # progress is a courtesy: the run goes on without it
                log.warning("progress message to %s: %s", chat, error)

    async def _translator(self, telegram_id: int) -> Translator:
        return self.i18n.get(await self.repo.language_of(telegram_id))

    # --- the ЭлЖур connector's side (bot/services/eljur.py) ---------------------------------------------

    async def journal_students(self) -> list[tuple[str, str, str]]:
        """(journal id, full name, class) of every student the journal's id is known for."""
        return await self.repo.journal_students()

    async def store_file(self, parsed: ParsedImport) -> StoreResult:
        """The marks and absences of an imported file (/import): new rows added, known ones kept."""
        return await self.marks.store(parsed.marks, parsed.absences, source="file", now=self.clock.now())

    async def store_pulled(self, rows: list[ImportRow], start: date, end: date, journal_ids: list[str]) -> int:
        """A pull gives the whole picture of its range for the students it read cleanly
        (`journal_ids`): their earlier rows there are replaced; nobody else's change."""
        from bot.services.marks_import import rows_to_import

        parsed = rows_to_import(rows, self.rules)
        ids = await self.marks.ids_of_journal(journal_ids)
        result = await self.marks.store(parsed.marks, parsed.absences, source="eljur", now=self.clock.now(),
                                        replace=(ids, start, end))
        return result.marks_added + result.absences_added

    async def tell_admins(self, key: str, **args: Any) -> None:
        stamp = self.clock.now().astimezone(self.school.tz).strftime("%Y-%m-%dT%H")
        async with UnitOfWork(self.db) as uow:
            for chat in self._admin_chats():
                t = await self._translator(chat)
                await uow.outbox.enqueue(chat_id=chat, method="SendMessage",
                                         payload=send_text(chat, t(key, **args)),
                                         dedupe_key=f"{key}:{stamp}:{chat}", purpose="notice")
        if self.outbox is not None:
            self.outbox.wake()

    async def tell_class_teachers(self, class_name: str, key: str, **args: Any) -> None:
        """A notice to the class's teachers, at most once a day each (a restart the same day
        does not repeat it)."""
        stamp = self.clock.now().astimezone(self.school.tz).date().isoformat()
        async with UnitOfWork(self.db) as uow:
            for teacher in self.school.class_teachers_of(class_name):
                t = await self._translator(teacher.telegram_id)
                await uow.outbox.enqueue(chat_id=teacher.telegram_id, method="SendMessage",
                                         payload=send_text(teacher.telegram_id, t(key, **args)),
                                         dedupe_key=f"{key}:{class_name}:{stamp}:{teacher.telegram_id}",
                                         purpose="notice")
        if self.outbox is not None:
            self.outbox.wake()

    # --- a chat that refuses the bot (403) -----------------------------------------------------------

    async def unreachable(self, item: OutboxItem, error: str) -> None:
        """The parent blocked the bot: no more summaries to them, and the class teacher is told
        a printout is needed (R5.1, R5.6)."""
        student = await self.repo.student(item.ref_id)
        async with UnitOfWork(self.db) as uow:
            await uow.summaries.unreachable(item.chat_id, self.clock.now(), error)
            if student is None:
                return
            full_name, class_name = student
            for teacher in self.school.class_teachers_of(class_name):
                t = await self._translator(teacher.telegram_id)
                await uow.outbox.enqueue(
                    chat_id=teacher.telegram_id, method="SendMessage",
                    payload=send_text(teacher.telegram_id, t("summary-unreachable", name=full_name,
                                                             klass=class_name)),
                    dedupe_key=f"unreachable:{item.chat_id}:{item.ref_id}:{teacher.telegram_id}",
                    purpose="notice",
                )
        if self.outbox is not None:
            self.outbox.wake()

    async def orphaned(self, students: list[Any]) -> None:
        """Children whose last linked parent left (/forget) while the family chose this bot:
        their class teachers are told that the printout now includes them."""
        if not students:
            return
        stamp = utc_iso(self.clock.now())
        async with UnitOfWork(self.db) as uow:
            for student in students:
                for teacher in self.school.class_teachers_of(student.class_name):
                    if teacher.telegram_id is None:
                        continue
                    t = await self._translator(teacher.telegram_id)
                    await uow.outbox.enqueue(
                        chat_id=teacher.telegram_id, method="SendMessage",
                        payload=send_text(teacher.telegram_id, t("forget-orphan-notice", name=student.full_name,
                                                                 klass=student.class_name)),
                        dedupe_key=f"orphan:{student.id}:{teacher.telegram_id}:{stamp}", purpose="notice",
                    )
        if self.outbox is not None:
            self.outbox.wake()

    async def printout_students(self, class_name: str, everyone: bool = False) -> list[tuple[int, str]]:
        """(id, name) of the class's students whose family is informed on paper, cannot be
        reached in Telegram, or chose Telegram but has no parent linked (never joined, or
        left with /forget); `everyone`: all students of the class."""
        return await self.repo.printout_students(class_name, everyone)

    async def reachable_again(self, telegram_id: int) -> None:
        await self.repo.reachable_again(telegram_id)

    # --- what parents did (R5.5) -----------------------------------------------------------------------

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


def _mark_text(mark: Mark) -> str:
    import html

    text = html.escape(mark.written)
    if mark.kind_of_work:
        text += f" <i>({html.escape(mark.kind_of_work)})</i>"
    return text
