"""Paper and pictures: the class teacher's weekly printout (R5.1) and the chart of averages.

The PDF uses DejaVu Sans, which matplotlib ships (so Cyrillic needs no font of the
system's and no extra download). One A4 page per student, with a line for the parent's
signature: the school's printout for families without the web diary or Telegram.
"""

from __future__ import annotations

import io
from datetime import date, datetime

from bot.domain.marks import AbsenceKind, GradingRules, WeekSummary
from bot.i18n import Translator
from bot.views.documents import fonts, pdf_table

ABSENCE_CODES = {AbsenceKind.ABSENT: "н", AbsenceKind.ILL: "б", AbsenceKind.VALID: "у", AbsenceKind.LATE: "оп"}


def _number(value: float | None, t: Translator, signed: bool = False) -> str:
    if value is None:
        return "—"
    text = f"{value:+.2f}" if signed else f"{value:.2f}"
    text = text.replace("-", "−")
    return text.replace(".", ",") if t.language == "ru" else text


def printout_rows(summary: WeekSummary, rules: GradingRules, t: Translator) -> list[list[str]]:
    """The table of one student's page: subject, this week's marks, average, change,
    absences, forecast; a subject short of marks is flagged in the last column."""
    rows = []
    for s in summary.subjects:
        marks = ", ".join(m.written + (f" ({m.kind_of_work})" if m.kind_of_work else "") for m in s.week_marks)
        absences = ", ".join(f"{ABSENCE_CODES[k]}×{n}" for k, n in s.absences.items() if n)
        change = _number(s.change, t, signed=True) if s.change is not None and abs(s.change) >= 0.005 else "—"
        forecast = str(s.forecast) if s.forecast is not None else "—"
        if s.too_few_marks(rules):
            forecast += " " + t("printout-too-few", count=s.counting_marks, need=rules.min_marks)
        rows.append([s.subject, marks or "—", _number(s.average, t), change, absences or "—", forecast])
    return rows


def class_printout_pdf(
    *,
    school_name: str,
    class_name: str,
    week_start: date,
    week_end: date,
    students: list[tuple[str, WeekSummary]],
    rules: GradingRules,
    t: Translator,
    compress: bool = True,
    term: str = "other",
) -> bytes:
    from fpdf import FPDF

    regular, bold = fonts()
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_compression(compress)
    pdf.set_creation_date(datetime(2000, 1, 1))  # the same data gives the same file
    pdf.add_font("DejaVu", "", str(regular))
    pdf.add_font("DejaVu", "B", str(bold))
    pdf.set_auto_page_break(auto=True, margin=18)
    headers = [t("printout-col-subject"), t("printout-col-marks"), t("printout-col-average"),
               t("printout-col-change"), t("printout-col-absences"), t("printout-col-forecast")]
    widths = (40, 62, 20, 18, 22, 28)
    period = f"{week_start:%d.%m.%Y}–{week_end:%d.%m.%Y}"
    for name, summary in students:
        pdf.add_page()
        pdf.set_font("DejaVu", "B", 14)
        pdf.multi_cell(0, 7, name, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 10)
        pdf.multi_cell(0, 5, t("printout-subtitle", klass=class_name, period=period), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
        rows = printout_rows(summary, rules, t)
        if not rows:
            pdf.multi_cell(0, 6, t("printout-no-marks"), new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.set_font("DejaVu", "", 8.5)
            pdf_table(pdf, headers, rows, col_widths=widths, line_height=4.5)
        late = summary.absences.get(AbsenceKind.LATE, 0)  # lateness is not a missed lesson
        pdf.ln(4)
        pdf.set_font("DejaVu", "", 10)
        pdf.multi_cell(0, 5, t("printout-absences-total", absences=sum(summary.absences.values()) - late, late=late),
                       new_x="LMARGIN", new_y="NEXT")
        pdf.multi_cell(0, 5, t("printout-legend", term=term), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(10)
        pdf.multi_cell(0, 6, t("printout-signature"), new_x="LMARGIN", new_y="NEXT")
        pdf.set_auto_page_break(auto=False)  # the footer sits inside the bottom margin
        pdf.set_y(-15)
        pdf.set_font("DejaVu", "", 8)
        pdf.cell(0, 5, school_name, align="C")
        pdf.set_auto_page_break(auto=True, margin=18)
    return bytes(pdf.output())


def summary_chart_png(summary: WeekSummary, t: Translator) -> bytes | None:
    """Each subject's period average, with last week's as a mark; None when fewer than two
    subjects have an average (a chart would not say more than the text)."""
    subjects = [s for s in summary.subjects if s.average is not None]
    if len(subjects) < 2:
        return None
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager
    from matplotlib.figure import Figure

    regular, _ = fonts()
    font_manager.fontManager.addfont(str(regular))
    figure = Figure(figsize=(8, max(2.5, 0.45 * len(subjects) + 1.2)), dpi=100)
    axes = figure.subplots()
    names = [s.subject for s in subjects][::-1]
    averages = [s.average for s in subjects if s.average is not None][::-1]  # (all of them: filtered above)
    axes.barh(names, averages, color="#4C8BF5")
    previous = [(i, s.previous_average) for i, s in enumerate(subjects[::-1]) if s.previous_average is not None]
    if previous:
        axes.scatter([p for _, p in previous], [i for i, _ in previous], color="#E8710A", zorder=3,
                     label=t("chart-previous"))
        axes.legend(loc="lower right", prop={"family": "DejaVu Sans"})
    axes.set_xlim(1, 5)
    axes.set_title(t("chart-title", start=summary.week_start.strftime("%d.%m"),
                     end=summary.week_end.strftime("%d.%m.%Y")), fontfamily="DejaVu Sans")
    for label in axes.get_yticklabels():
        label.set_fontfamily("DejaVu Sans")
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
