"""The class teacher's printout and the chart: pages, fonts, numbers as people read them."""

from __future__ import annotations

import re
from datetime import date

import pytest

from bot.domain.marks import Absence, AbsenceKind, GradingRules, Mark, summarize_week
from bot.i18n import I18n
from bot.views.printout import class_printout_pdf, printout_rows, summary_chart_png

WEEK = (date(2026, 11, 16), date(2026, 11, 22))


def summary(subjects: int = 3):
    marks = []
    for n, subject in enumerate(["Алгебра", "Русский язык", "История"][:subjects]):
        marks.append(Mark(1, subject, date(2026, 11, 10), "4", 4.0, 1.0, True))
        marks.append(Mark(1, subject, date(2026, 11, 17), "5", 5.0, 2.0, True, "Контрольная работа"))
        if n == 0:
            marks.append(Mark(1, subject, date(2026, 11, 18), "3/5", 4.0, 1.0, True, None, None, 2))
    absences = [Absence(1, "История", date(2026, 11, 19), AbsenceKind.ILL)]
    return summarize_week(1, marks, absences, *WEEK, GradingRules())


@pytest.mark.parametrize(("language", "average", "change"), [("ru", "4,40", "+0,40"), ("en", "4.40", "+0.40")])
def test_rows_show_numbers_the_reader_expects(language: str, average: str, change: str) -> None:
    rows = printout_rows(summary(), GradingRules(), I18n().get(language))
    algebra = rows[0]
    assert algebra[:4] == ["Алгебра", "5 (Контрольная работа), 3/5", average, change]
    assert algebra[5] == "4"  # five marks: a forecast, no warning
    history = next(r for r in rows if r[0] == "История")
    assert history[4] == "б×1"
    assert "мало отметок" in history[5] or "too few" in history[5]  # two marks: flagged


def test_the_pdf_has_a_page_per_student_and_embeds_dejavu() -> None:
    t = I18n().get("ru")
    pdf = class_printout_pdf(
        school_name="Школа № 1", class_name="5А", week_start=WEEK[0], week_end=WEEK[1],
        students=[("Петров Иван", summary()), ("Сидорова Мария", summary(1))], rules=GradingRules(), t=t,
        compress=False,
    )
    assert pdf.startswith(b"%PDF")
    assert len(re.findall(rb"/Type /Page\b(?!s)", pdf)) == 2
    assert b"DejaVuSansBook" in pdf and b"DejaVuSansBold" in pdf  # Cyrillic from an embedded font
    again = class_printout_pdf(
        school_name="Школа № 1", class_name="5А", week_start=WEEK[0], week_end=WEEK[1],
        students=[("Петров Иван", summary()), ("Сидорова Мария", summary(1))], rules=GradingRules(), t=t,
        compress=False,
    )
    assert again == pdf  # the same data gives the same file


def test_the_chart_is_a_png_when_it_helps() -> None:
    t = I18n().get("en")
    png = summary_chart_png(summary(3), t)
    assert png is not None and png.startswith(b"\x89PNG")
    assert summary_chart_png(summary(1), t) is None
