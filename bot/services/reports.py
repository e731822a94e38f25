"""Activity reports (R6.1) and the yearly archive of the register (R6.3).

A report is a short text in the chat, an XLSX workbook (a sheet per table, headers in the
reader's language, set up for printing) and a PNG chart of the period at a glance. Its
figures come from storage/reports.py (SQL over the register). The yearly archive is the
register of a year as a PDF for printing and signing (the school's name, the period, page
numbers, places for signatures) with the same entries as XLSX beside it.

The monthly report goes to the administrators by itself (`tick`, a due-check against the
school's clock, bot/domain/reports.py) once per month: the run's row in report_runs and the
short texts (outbox rows) are written in one transaction, so a restart neither repeats nor
loses them. The files follow straight through the sending path (the outbox carries texts,
not uploads); a run whose files were not all handed over (the process ended) is marked
unsent and taken over again after `STALE_AFTER`, so the files arrive at least once.
"""

from __future__ import annotations

import asyncio
import io
import logging
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError
from aiogram.types import BufferedInputFile

from bot.domain.reports import ReportKind, ReportPeriod, due_periods, work_windows
from bot.i18n import I18n, Translator
from bot.services.helpdesk import HelpDesk
from bot.services.people import ADMINS
from bot.views.documents import fill_sheet, pdf_table, register_rows, to_xlsx
from bot.views.documents import fonts as _fonts
from bot.views.payloads import send_text
from bot.views.render import assignee_name, local
from storage.db import from_iso
from storage.reports import ReportFigures, ReportRepository, Timing
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)

STALE_AFTER = timedelta(minutes=10)  # a claimed run not marked sent by then is taken over again
TEXTS_FIRST_WAIT = 10.0  # seconds the files wait for the texts (outbox) to go first; then they go all the same
ROLES = ("parent", "student", "teacher", "class_teacher", "administration", "specialist", "admin", "head", "unknown")


@dataclass(frozen=True, slots=True)
class ReportFile:
    name: str
    data: bytes
    caption: str
    photo: bool = False


@dataclass(frozen=True, slots=True)
class MadeReport:
    period: ReportPeriod
    text: str
    files: list[ReportFile]
    figures: ReportFigures | None = None
    entries: int = 0  # the archive's


class Reports:
    def __init__(self, helpdesk: HelpDesk, i18n: I18n, bot: Any = None, *, folder: Path | None = None,
                 outbox: Any = None) -> None:
        self.helpdesk = helpdesk
        self.i18n = i18n
        self.bot = bot
        self.folder = folder
        self.outbox = outbox
        self.repo = ReportRepository(helpdesk.db)
        self._done: set[tuple[str, str]] = set()  # runs known to be sent: no query on every tick

    @property
    def school(self):  # type: ignore[no-untyped-def]
        return self.helpdesk.school

    # --- the figures ---------------------------------------------------------------------------

    async def figures(self, period: ReportPeriod) -> ReportFigures:
        school = self.school
        start, end = period.bounds(school)
        earliest = from_iso(await self.repo.earliest_open_start(end))
        first = min(period.start, earliest.astimezone(school.tz).date()) if earliest else period.start
        windows = await asyncio.to_thread(work_windows, first, period.last_day, school)
        directory = self.helpdesk.directory
        staff_roles = {}
        for person in school.people:
            chat = directory.chat_of(person.id)
            if chat is not None:
                staff_roles[chat] = person.role.value
        return await self.repo.figures(
            start, end, windows=windows, staff_roles=staff_roles, first_day=period.start.isoformat(),
            end_day=period.end.isoformat(), weeks=period.days / 7)

    # --- making ----------------------------------------------------------------------------------

    def period_title(self, period: ReportPeriod, t: Translator) -> str:
        year = str(period.start.year)
        if period.kind is ReportKind.MONTHLY:
            return t("report-period-monthly", month=period.start.month, year=year)
        if period.kind is ReportKind.QUARTERLY:
            return t("report-period-quarterly", quarter=(period.start.month - 1) // 3 + 1, year=year)
        return t(f"report-period-{period.kind.value}", year=year)

    async def make(self, period: ReportPeriod, t: Translator) -> MadeReport:
        if period.kind is ReportKind.ARCHIVE:
            return await self.make_archive(period, t)
        figures = await self.figures(period)
        title = self.period_title(period, t)
        school_name = self.school.school.name
        text = self.text(period, figures, t)
        xlsx, png = await asyncio.to_thread(self._render, period, figures, t, title, school_name)
        stem = f"report-{period.key}"
        return MadeReport(period, text, [
            ReportFile(f"{stem}.xlsx", xlsx, t("report-caption-xlsx", period=title)),
            ReportFile(f"{stem}.png", png, t("report-caption-png", period=title), photo=True),
        ], figures)

    def _render(self, period: ReportPeriod, figures: ReportFigures, t: Translator, title: str,
                school_name: str) -> tuple[bytes, bytes]:
        return (report_xlsx(self.tables(figures, t), t, t("report-file-title", school=school_name, period=title)),
                report_chart_png(figures, t, self.helpdesk, title=t("report-chart-title", school=school_name,
                                                                      period=title)))

    def hours(self, value: float | None, t: Translator) -> str:
        if value is None:
            return "—"
        text = f"{value:.1f}"
        return t("report-hours", hours=text.replace(".", ",") if t.language == "ru" else text)

    def text(self, period: ReportPeriod, f: ReportFigures, t: Translator) -> str:
        lines = [t(f"report-title-{period.kind.value}"), t("report-period-line", period=self.period_title(period, t)),
                 "", t("report-line-filed", count=f.filed, resolved=f.resolved, waiting=f.waiting_at_end),
                 t("report-line-active", count=f.active_total)]
        for measure in ("first_answer", "resolution"):
            timing = f.timings.get((measure, "calendar"))
            if timing and timing.count:
                working = f.timings[(measure, "working")]
                lines.append(t(f"report-line-{measure.replace('_', '-')}", working=self.hours(working.median, t),
                               calendar=self.hours(timing.median, t)))
        if not any(timing.count for timing in f.timings.values()):
            lines.append(t("report-line-no-times"))
        lines.append(t("report-line-escalations", escalations=f.event("escalated"), handovers=f.event("handed_over"),
                       breaches=f.event("courtesy_breach")))
        if f.rating_average is not None:
            average = f"{f.rating_average:.1f}"
            lines.append(t("report-line-rating", average=average.replace(".", ",") if t.language == "ru" else average,
                           count=sum(f.ratings.values())))
        else:
            lines.append(t("report-line-no-rating"))
        lines.append(t("report-line-parents", checks=f.checks, delivered=f.summaries_delivered,
                       unreachable=f.summaries_unreachable))
        lines += ["", t("report-files-note")]
        return "\n".join(lines)

    def tables(self, f: ReportFigures, t: Translator) -> list[tuple[str, list[str], list[list[object]]]]:
        """(sheet's title, headers, rows) of every table of the report."""
        directory = self.helpdesk.directory
        average = round(f.rating_average, 2) if f.rating_average is not None else "—"
        summary: list[list[object]] = [
            [t("report-figure-filed"), f.filed], [t("report-figure-resolved"), f.resolved],
            [t("report-figure-closed"), f.closed], [t("report-figure-waiting"), f.waiting_at_end],
            [t("report-figure-active"), f.active_total],
            [t("report-figure-escalations"), f.event("escalated")],
            [t("report-figure-handovers"), f.event("handed_over")],
            [t("report-figure-breaches"), f.event("courtesy_breach")],
            [t("report-figure-rating-average"), average],
            [t("report-figure-checks"), f.checks],
            [t("report-figure-summaries-delivered"), f.summaries_delivered],
            [t("report-figure-summaries-unreachable"), f.summaries_unreachable],
        ]
        roles = sorted(f.active_by_role.items(), key=lambda item: ROLES.index(item[0]) if item[0] in ROLES else 99)
        activity = [[t(f"report-role-{role.replace('_', '-')}") if role in ROLES else role, n] for role, n in roles]
        activity.append([t("report-total"), f.active_total])
        kinds = [[t(f"kind-{kind}"), f.by_kind.get(kind, 0)] for kind in ("question", "remark", "suggestion")]
        kinds.append([t("report-total"), f.filed])
        area_ids = [a.id for a in self.school.areas]
        area_ids += sorted((set(f.by_area) | set(f.waiting_by_area)) - set(area_ids))  # areas no longer in the file
        areas = [[directory.area_title(a, t), f.by_area.get(a, 0), f.waiting_by_area.get(a, 0)] for a in area_ids]
        areas.append([t("report-total"), f.filed, f.waiting_at_end])
        specialists = [[assignee_name(directory, t, who) if self._known(who) else who, *counts]
                       for who, counts in sorted(f.by_specialist.items())]
        times = []
        for measure in ("first_answer", "resolution"):
            working = f.timings.get((measure, "working")) or Timing(0, None, None)
            calendar = f.timings.get((measure, "calendar")) or Timing(0, None, None)
            times.append([t(f"report-measure-{measure.replace('_', '-')}"), calendar.count,
                          _round(working.median), _round(working.p90), _round(calendar.median), _round(calendar.p90)])
        events = [
            [t("report-figure-escalations"), f.event("escalated")],
            [t("report-figure-handovers"), f.event("handed_over")],
            [t("report-figure-reopened"), f.event("reopened")],
            [t("report-figure-courtesy-marks"), f.event("courtesy_mark")],
            [t("report-figure-breaches"), f.event("courtesy_breach")],
            [t("report-figure-complaints"), f.complaints],
        ]
        ratings: list[list[object]] = [[stars, f.ratings.get(stars, 0)] for stars in range(5, 0, -1)]
        ratings.append([t("report-figure-rating-average"), average])
        parents = [
            [t("report-figure-checks"), f.checks], [t("report-figure-checks-ack"), f.checks_ack],
            [t("report-figure-checks-open"), f.checks_open],
            [t("report-figure-parents-checking"), f.parents_checking],
            [t("report-figure-parents-twice"), f.parents_twice_weekly],
            [t("report-figure-parents-linked"), f.parents_linked],
            [t("report-figure-summaries-queued"), f.summaries_queued],
            [t("report-figure-summaries-delivered"), f.summaries_delivered],
            [t("report-figure-summaries-acknowledged"), f.summaries_acknowledged],
            [t("report-figure-summaries-unreachable"), f.summaries_unreachable],
        ]
        figure_value = [t("report-col-figure"), t("report-col-value")]
        return [
            (t("report-sheet-summary"), figure_value, summary),
            (t("report-sheet-activity"), [t("report-col-role"), t("report-col-people")], activity),
            (t("report-sheet-kinds"), [t("report-col-kind"), t("report-col-filed")], kinds),
            (t("report-sheet-areas"), [t("report-col-area"), t("report-col-filed"), t("report-col-waiting")], areas),
            (t("report-sheet-specialists"), [t("report-col-specialist"), t("report-col-taken"),
                                             t("report-col-answered"), t("report-col-resolved")], specialists),
            (t("report-sheet-times"), [t("report-col-measure"), t("report-col-count"), t("report-col-median-working"),
                                       t("report-col-p90-working"), t("report-col-median-calendar"),
                                       t("report-col-p90-calendar")], times),
            (t("report-sheet-events"), [t("report-col-event"), t("report-col-count")], events),
            (t("report-sheet-ratings"), [t("report-col-stars"), t("report-col-ratings")], ratings),
            (t("report-sheet-parents"), figure_value, parents),
        ]

    def _known(self, who: str) -> bool:
        try:
            self.helpdesk.directory.member(who)
        except KeyError:
            return False
        return True

    # --- the yearly archive ----------------------------------------------------------------------

    async def make_archive(self, period: ReportPeriod, t: Translator) -> MadeReport:
        school = self.school
        start, end = period.bounds(school)
        entries = await self.helpdesk.requests.register(since=start, until=end)
        title = self.period_title(period, t)
        rows = register_rows(entries, t, self.helpdesk.directory, school.tz)
        printed = [[r.number, local(r.created_at, school.tz), r.requester_name, t(f"kind-{r.kind.value}"),
                    self.helpdesk.directory.area_title(r.area, t),
                    assignee_name(self.helpdesk.directory, t, r.taken_by) if r.taken_by else "—",
                    local(r.resolved_at, school.tz) if r.resolved_at else "—",
                    t(f"status-{r.status.value.replace('_', '-')}")] for r in sorted(entries, key=lambda r: r.id)]
        heading = t("report-file-title", school=school.school.name, period=title)

        def render() -> tuple[bytes, bytes]:
            pdf = archive_pdf(school_name=school.school.name, period=period, rows=printed, t=t)
            return pdf, to_xlsx(rows, t, heading)

        pdf, xlsx = await asyncio.to_thread(render)
        stem = f"register-archive-{period.key}"
        return MadeReport(period, t("archive-message", period=title, count=len(entries)), [
            ReportFile(f"{stem}.pdf", pdf, t("archive-caption-pdf", period=title)),
            ReportFile(f"{stem}.xlsx", xlsx, t("archive-caption-xlsx", period=title)),
        ], entries=len(entries))

    # --- keeping and sending ---------------------------------------------------------------------

    async def keep(self, made: MadeReport) -> str | None:
        """Writes the files under `folder/<kind>-<period>/`; returns that folder (None: no folder set)."""
        if self.folder is None:
            return None
        target = self.folder / f"{made.period.kind.value}-{made.period.key}"

        def write() -> None:
            target.mkdir(parents=True, exist_ok=True)
            for file in made.files:
                (target / file.name).write_bytes(file.data)

        await asyncio.to_thread(write)
        return str(target)

    async def record(self, made: MadeReport) -> None:
        """A report made on demand: its files kept, and an archive recorded as made (the removal of
        old entries waits for the archive of their year)."""
        path = await self.keep(made)
        now = self.helpdesk.clock.now()
        # Only a year that is over has its archive: one made during the year is a preview, and
        # the January run still makes the whole year's.
        over = made.period.end <= now.astimezone(self.school.tz).date()
        if path is not None and made.period.kind is ReportKind.ARCHIVE and over:
            await self.repo.record(made.period.kind.value, made.period.key, now, path)

    async def send_files(self, chat_id: int, made: MadeReport, bot: Any = None) -> None:
        """The report's files, straight through the sending path (documents; the chart as a photo)."""
        bot = bot or self.bot
        for file in made.files:
            document = BufferedInputFile(file.data, filename=file.name)
            if file.photo:
                await bot.send_photo(chat_id, document, caption=file.caption)
            else:
                await bot.send_document(chat_id, document, caption=file.caption)

    async def tick(self) -> None:
        """The automatic reports, when due (bot/domain/reports.py::due_periods)."""
        now = self.helpdesk.clock.now()
        for period in due_periods(now, self.school):
            if (period.kind.value, period.key) not in self._done:
                await self.run_auto(period, now)

    async def run_auto(self, period: ReportPeriod, now: datetime) -> bool:
        """Makes and sends one automatic report, once; False: made already (or being made)."""
        kind, key = period.kind.value, period.key
        row = await self.repo.run(kind, key)
        if row is not None:
            if row["sent_at"] is not None:
                self._done.add((kind, key))
                return False
            if not await self.repo.reclaim(kind, key, now, now - STALE_AFTER):
                return False  # being made now, or taken over recently
            log.warning("report %s %s: its files were not all sent before; sending them again", kind, key)
        directory = self.helpdesk.directory
        readers = dict.fromkeys([*directory.chats_of(ADMINS), directory.head_chat()])  # the administrators and the head
        chats = [chat for chat in readers if chat and directory.is_reachable(chat)]
        made: dict[int, MadeReport] = {}
        by_language: dict[str, MadeReport] = {}
        for chat in chats:
            t = await directory.translator_for(chat)
            if t.language not in by_language:
                by_language[t.language] = await self.make(period, t)
            made[chat] = by_language[t.language]
        if row is None:
            async with UnitOfWork(self.helpdesk.db) as uow:
                if not await uow.reports.claim_in(uow.conn, kind, key, now):
                    return False  # another run claimed it meanwhile
                for chat, report in made.items():
                    await uow.outbox.enqueue(chat_id=chat, method="SendMessage", payload=send_text(chat, report.text),
                                             dedupe_key=f"report:{kind}:{key}:{chat}", purpose="notice")
            if self.outbox is not None and made:
                self.outbox.wake()
                await self._texts_first(kind, key)
        path = None
        for chat, report in made.items():
            path = path or await self.keep(report)
            if self.bot is None:
                continue
            try:
                await self.send_files(chat, report)
            except (TelegramForbiddenError, TelegramBadRequest) as error:
                log.warning("report %s %s: files refused for chat %s: %s", kind, key, chat, error)
        if not made and self.folder is not None:  # nobody to send to: kept all the same (the archive above all)
            path = await self.keep(await self.make(period, self.i18n.get(self.school.school.default_language)))
        await self.repo.mark_sent(kind, key, self.helpdesk.clock.now(), path)
        self._done.add((kind, key))
        log.info("report %s %s made and sent to %d administrator(s)", kind, key, len(made))
        return True


    async def _texts_first(self, kind: str, key: str) -> None:
        """Waits (a little) for the texts to go out, so that the files come after them in the chat."""
        for _ in range(int(TEXTS_FIRST_WAIT / 0.1)):
            if not await self.repo.texts_waiting(kind, key):
                return
            await asyncio.sleep(0.1)


def _round(value: float | None) -> float | str:
    return round(value, 2) if value is not None else "—"


# --- the files ------------------------------------------------------------------------------------

_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def report_xlsx(tables: list[tuple[str, list[str], list[list[object]]]], t: Translator, title: str) -> bytes:
    """A sheet per table: the report's title, bold headers, fitting widths; A4 landscape,
    one page wide, the headers repeated on every printed page, page numbers in the footer."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.properties import PageSetupProperties

    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, headers, rows in tables:
        sheet = workbook.create_sheet(_SHEET_BAD.sub(" ", name)[:31])
        fill_sheet(sheet, title, headers, rows, title_size=12)
        if rows and isinstance(rows[-1][0], str) and rows[-1][0] == t("report-total"):
            for cell in sheet[sheet.max_row]:
                cell.font = Font(bold=True)
        for index in range(1, len(headers) + 1):
            longest = max([len(str(headers[index - 1]))] + [len(str(r[index - 1])) for r in rows if len(r) >= index])
            width = min(60, max(12, longest + 2)) if index == 1 else min(24, max(12, longest + 2))
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.freeze_panes = "A3"
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        sheet.print_title_rows = "1:2"
        sheet.print_options.gridLines = True
        sheet.oddFooter.center.text = "&P / &N"
        sheet.oddHeader.left.text = _SHEET_BAD.sub(" ", title)[:200]
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def report_chart_png(f: ReportFigures, t: Translator, helpdesk: HelpDesk, *, title: str) -> bytes:
    """The period at a glance: requests by kind and by area, the median times (working and
    calendar hours), active participants by role."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager
    from matplotlib.figure import Figure

    regular, _ = _fonts()
    font_manager.fontManager.addfont(str(regular))
    figure = Figure(figsize=(11, 7.5), dpi=100)
    figure.suptitle(title, fontfamily="DejaVu Sans", fontsize=13)
    (kinds_ax, areas_ax), (times_ax, roles_ax) = figure.subplots(2, 2)

    def bars(axes: Any, labels: list[str], values: list[float], heading: str, color: str) -> None:
        axes.set_title(heading, fontfamily="DejaVu Sans", fontsize=10)
        if not values or not any(values):
            axes.text(0.5, 0.5, t("report-chart-empty"), ha="center", va="center", fontfamily="DejaVu Sans")
            axes.set_axis_off()
            return
        axes.barh(labels[::-1], values[::-1], color=color)
        for label in axes.get_yticklabels():
            label.set_fontfamily("DejaVu Sans")
            label.set_fontsize(8)
        for index, value in enumerate(values[::-1]):
            axes.text(value, index, f" {value:g}", va="center", fontsize=8)

    kinds = ("question", "remark", "suggestion")
    bars(kinds_ax, [t(f"kind-{k}") for k in kinds], [f.by_kind.get(k, 0) for k in kinds], t("report-chart-kinds"),
         "#4C8BF5")
    areas = [a for a in helpdesk.school.areas if f.by_area.get(a.id)]
    bars(areas_ax, [_short(helpdesk.directory.area_title(a.id, t)) for a in areas],
         [f.by_area[a.id] for a in areas], t("report-chart-areas"), "#34A853")
    roles = [r for r in ROLES if f.active_by_role.get(r)]
    bars(roles_ax, [t(f"report-role-{r.replace('_', '-')}") for r in roles], [f.active_by_role[r] for r in roles],
         t("report-chart-active"), "#9C27B0")
    times_ax.set_title(t("report-chart-times"), fontfamily="DejaVu Sans", fontsize=10)
    measures = ("first_answer", "resolution")
    labels = [t(f"report-measure-{m.replace('_', '-')}") for m in measures]
    working = [(f.timings.get((m, "working")) or Timing(0, None, None)).median or 0 for m in measures]
    calendar = [(f.timings.get((m, "calendar")) or Timing(0, None, None)).median or 0 for m in measures]
    if any(working) or any(calendar):
        positions = range(len(measures))
        times_ax.bar([p - 0.2 for p in positions], working, width=0.4, color="#E8710A", label=t("report-chart-working"))
        times_ax.bar([p + 0.2 for p in positions], calendar, width=0.4, color="#9AA0A6",
                     label=t("report-chart-calendar"))
        times_ax.set_xticks(list(positions), labels, fontfamily="DejaVu Sans", fontsize=8)
        times_ax.legend(prop={"family": "DejaVu Sans", "size": 8})
    else:
        times_ax.text(0.5, 0.5, t("report-chart-empty"), ha="center", va="center", fontfamily="DejaVu Sans")
        times_ax.set_axis_off()
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def _short(text: str, limit: int = 28) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def archive_pdf(*, school_name: str, period: ReportPeriod, rows: list[list[str]], t: Translator,
                compress: bool = True) -> bytes:
    """The register of a period for printing and signing: A4 landscape, the school's name and
    the period on top, the entries as a table (headers repeated on each page), page numbers
    ("page N of M") at the foot of every page, and places for signatures at the end."""
    from fpdf import FPDF

    regular, bold = _fonts()
    footer_text = t("archive-pdf-page", page="{page}", pages="{pages}")

    class ArchivePDF(FPDF):
        def footer(self) -> None:
            self.set_y(-12)
            self.set_font("DejaVu", "", 8)
            self.cell(0, 5, school_name, align="L")
            self.set_x(self.l_margin)
            self.cell(0, 5, footer_text.format(page=self.page_no(), pages="{nb}"), align="R")

    pdf = ArchivePDF(orientation="L", unit="mm", format="A4")
    pdf.set_compression(compress)
    pdf.set_creation_date(datetime(2000, 1, 1))
    pdf.alias_nb_pages("{nb}")
    pdf.add_font("DejaVu", "", str(regular))
    pdf.add_font("DejaVu", "B", str(bold))
    pdf.set_auto_page_break(auto=True, margin=16)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 14)
    pdf.multi_cell(0, 7, school_name, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "B", 12)
    pdf.multi_cell(0, 6, t("archive-pdf-title"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    pdf.multi_cell(0, 5, t("archive-pdf-period", start=period.start.strftime("%d.%m.%Y"),
                           end=period.last_day.strftime("%d.%m.%Y")), new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 5, t("archive-pdf-count", count=len(rows)), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    if rows:
        headers = [t(k) for k in ("archive-col-number", "archive-col-received", "archive-col-requester",
                                  "archive-col-kind", "archive-col-area", "archive-col-specialist",
                                  "archive-col-resolved", "archive-col-status")]
        pdf.set_font("DejaVu", "", 8)
        pdf_table(pdf, headers, rows, col_widths=(20, 28, 52, 24, 44, 44, 28, 30), line_height=4.2)
    else:
        pdf.multi_cell(0, 6, t("archive-pdf-empty"), new_x="LMARGIN", new_y="NEXT")
    if pdf.get_y() > pdf.h - 70:
        pdf.add_page()
    pdf.ln(10)
    pdf.set_font("DejaVu", "", 10)
    for key in ("archive-pdf-signatures", "archive-pdf-sign-head", "archive-pdf-sign-admin", "archive-pdf-sign-date"):
        pdf.multi_cell(0, 6, t(key), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
    return bytes(pdf.output())
