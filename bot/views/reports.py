"""How an activity report (R6.1) and the register's yearly archive (R6.3) look: the short text
in the chat, the XLSX workbook (a sheet per table, headers in the reader's language, set up
for printing), the PNG chart of the period at a glance, and the archive's PDF for printing and
signing with the same entries as XLSX beside it.

bot/services/reports.py computes the figures and picks the entries; `ReportFiles` is the
presenter of documents it is given (its `ReportDocuments`), and the texts are the wordings of
its notices `ReportReady` and `ArchiveReady`.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from bot.domain.reports import ReportKind, ReportPeriod
from bot.i18n import Translator
from bot.services.outgoing import OutgoingFile
from bot.services.reports import ArchiveReady, ReportReady
from bot.views.documents import fill_sheet, fonts, pdf_table, register_rows, to_xlsx
from bot.views.present import Views, Worded, words
from bot.views.render import assignee_name, local, status_title
from storage.reports import ReportFigures, Timing
from storage.requests import Request

if TYPE_CHECKING:
    from bot.services.people import Directory

ROLES = ("parent", "student", "teacher", "class_teacher", "administration", "specialist", "admin", "head", "unknown")
Table = tuple[str, list[str], list[list[object]]]  # (sheet's title, headers, rows)


# --- the texts -----------------------------------------------------------------------------------


def period_title(period: ReportPeriod, t: Translator) -> str:
    year = str(period.start.year)
    if period.kind is ReportKind.MONTHLY:
        return t("report-period-monthly", month=period.start.month, year=year)
    if period.kind is ReportKind.QUARTERLY:
        return t("report-period-quarterly", quarter=(period.start.month - 1) // 3 + 1, year=year)
    return t(f"report-period-{period.kind.value}", year=year)


def hours(value: float | None, t: Translator) -> str:
    if value is None:
        return "—"
    text = f"{value:.1f}"
    return t("report-hours", hours=text.replace(".", ",") if t.language == "ru" else text)


def report_text(period: ReportPeriod, f: ReportFigures, t: Translator) -> str:
    lines = [t(f"report-title-{period.kind.value}"), t("report-period-line", period=period_title(period, t)),
             "", t("report-line-filed", count=f.filed, resolved=f.resolved, waiting=f.waiting_at_end),
             t("report-line-active", count=f.active_total)]
    for measure in ("first_answer", "resolution"):
        timing = f.timings.get((measure, "calendar"))
        if timing and timing.count:
            working = f.timings[(measure, "working")]
            lines.append(t(f"report-line-{measure.replace('_', '-')}", working=hours(working.median, t),
                           calendar=hours(timing.median, t)))
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


@words(ReportReady)
def _report_ready(n: ReportReady, v: Views) -> Worded:
    return report_text(n.period, n.figures, v.t(n.lang)), None


@words(ArchiveReady)
def _archive_ready(n: ArchiveReady, v: Views) -> Worded:
    t = v.t(n.lang)
    return t("archive-message", period=period_title(n.period, t), count=n.entries), None


# --- the tables ----------------------------------------------------------------------------------


def _round(value: float | None) -> float | str:
    return round(value, 2) if value is not None else "—"


def _known(directory: Directory, who: str) -> bool:
    try:
        directory.member(who)
    except KeyError:
        return False
    return True


def report_tables(f: ReportFigures, t: Translator, directory: Directory) -> list[Table]:
    """(sheet's title, headers, rows) of every table of the report."""
    average = _round(f.rating_average)
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
    activity: list[list[object]] = [[t(f"report-role-{role.replace('_', '-')}") if role in ROLES else role, n]
                                    for role, n in roles]
    activity.append([t("report-total"), f.active_total])
    kinds: list[list[object]] = [[t(f"kind-{kind}"), f.by_kind.get(kind, 0)]
                                 for kind in ("question", "remark", "suggestion")]
    kinds.append([t("report-total"), f.filed])
    area_ids = [a.id for a in directory.school.areas]
    area_ids += sorted((set(f.by_area) | set(f.waiting_by_area)) - set(area_ids))  # areas no longer in the file
    areas: list[list[object]] = [[directory.area_title(a, t.language), f.by_area.get(a, 0), f.waiting_by_area.get(a, 0)]
                                 for a in area_ids]
    areas.append([t("report-total"), f.filed, f.waiting_at_end])
    specialists: list[list[object]] = [[assignee_name(directory, t, who) if _known(directory, who) else who, *counts]
                                       for who, counts in sorted(f.by_specialist.items())]
    times: list[list[object]] = []
    for measure in ("first_answer", "resolution"):
        working = f.timings.get((measure, "working")) or Timing(0, None, None)
        calendar = f.timings.get((measure, "calendar")) or Timing(0, None, None)
        times.append([t(f"report-measure-{measure.replace('_', '-')}"), calendar.count,
                      _round(working.median), _round(working.p90), _round(calendar.median), _round(calendar.p90)])
    events: list[list[object]] = [
        [t("report-figure-escalations"), f.event("escalated")],
        [t("report-figure-handovers"), f.event("handed_over")],
        [t("report-figure-reopened"), f.event("reopened")],
        [t("report-figure-courtesy-marks"), f.event("courtesy_mark")],
        [t("report-figure-breaches"), f.event("courtesy_breach")],
        [t("report-figure-complaints"), f.complaints],
    ]
    ratings: list[list[object]] = [[stars, f.ratings.get(stars, 0)] for stars in range(5, 0, -1)]
    ratings.append([t("report-figure-rating-average"), average])
    parents: list[list[object]] = [
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


def archive_rows(entries: Sequence[Request], t: Translator, directory: Directory) -> list[list[str]]:
    """The archive PDF's lines: number, received, requester, kind, area, specialist, resolved, status."""
    tz = directory.school.tz
    return [[r.number, local(r.created_at, tz), r.requester_name, t(f"kind-{r.kind.value}"),
             directory.area_title(r.area, t.language),
             assignee_name(directory, t, r.taken_by), local(r.resolved_at, tz),
             status_title(t, r.status)] for r in sorted(entries, key=lambda r: r.id)]


# --- the files -----------------------------------------------------------------------------------


class ReportFiles:
    """The presenter of documents bot/services/reports.py is given (`ReportDocuments`)."""

    def __init__(self, views: Views) -> None:
        self.views = views

    def report(self, period: ReportPeriod, figures: ReportFigures, lang: str | None) -> list[OutgoingFile]:
        """The XLSX workbook and the PNG chart (sent as a photo)."""
        t = self.views.t(lang)
        directory = self.views.directory
        title = period_title(period, t)
        school_name = directory.school.school.name
        xlsx = report_xlsx(report_tables(figures, t, directory), t,
                           t("report-file-title", school=school_name, period=title))
        png = report_chart_png(figures, t, directory, title=t("report-chart-title", school=school_name, period=title))
        stem = f"report-{period.key}"
        return [
            OutgoingFile(f"{stem}.xlsx", xlsx, t("report-caption-xlsx", period=title)),
            OutgoingFile(f"{stem}.png", png, t("report-caption-png", period=title), as_photo=True),
        ]

    def archive(self, period: ReportPeriod, entries: Sequence[Request], lang: str | None) -> list[OutgoingFile]:
        """The register of the period as a PDF for signing, and as XLSX."""
        t = self.views.t(lang)
        directory = self.views.directory
        school = directory.school
        title = period_title(period, t)
        rows = register_rows(entries, t, directory, school.tz)
        printed = archive_rows(entries, t, directory)
        heading = t("report-file-title", school=school.school.name, period=title)
        pdf = archive_pdf(school_name=school.school.name, period=period, rows=printed, t=t)
        xlsx = to_xlsx(rows, t, heading)
        stem = f"register-archive-{period.key}"
        return [
            OutgoingFile(f"{stem}.pdf", pdf, t("archive-caption-pdf", period=title)),
            OutgoingFile(f"{stem}.xlsx", xlsx, t("archive-caption-xlsx", period=title)),
        ]


_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def report_xlsx(tables: list[Table], t: Translator, title: str) -> bytes:
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


def report_chart_png(f: ReportFigures, t: Translator, directory: Directory, *, title: str) -> bytes:
    """The period at a glance: requests by kind and by area, the median times (working and
    calendar hours), active participants by role."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager
    from matplotlib.figure import Figure

    regular, _ = fonts()
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
    areas = [a for a in directory.school.areas if f.by_area.get(a.id)]
    bars(areas_ax, [_short(directory.area_title(a.id, t.language)) for a in areas],
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

    regular, bold = fonts()
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
