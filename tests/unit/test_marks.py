"""The rules of marks (R5.7, R5.8) and the file import, without Telegram."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.domain.marks import (
    Absence,
    AbsenceKind,
    GradingRules,
    Mark,
    MarkError,
    read_written,
    summarize_week,
    weighted_average,
)
from bot.domain.school import load_school_config
from bot.services.marks_import import ImportFileError, parse_table, read_table

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "marks-example.csv"


def mark(subject: str, day: date, written: str, weight: float = 1.0, counts: bool = True, rules=None) -> Mark:
    reading = read_written(written, rules)
    value = sum(reading.values) / len(reading.values) if reading.values else None
    return Mark(1, subject, day, written, value, weight, counts and value is not None, None, None, max(1, len(reading.values)))


@pytest.mark.parametrize(
    ("written", "values", "absence"),
    [
        ("5", (5.0,), None),
        ("4-", (4.0,), None),
        (" 3/5 ", (3.0, 5.0), None),
        ("н", (), AbsenceKind.ABSENT),
        ("Н", (), AbsenceKind.ABSENT),
        ("б", (), AbsenceKind.ILL),
        ("у", (), AbsenceKind.VALID),
        ("оп", (), AbsenceKind.LATE),
        ("н/5", (5.0,), AbsenceKind.ABSENT),  # R5.8: the make-up mark keeps the absence
        ("н/а", (), None),
    ],
)
def test_written_marks_are_read(written: str, values: tuple[float, ...], absence: AbsenceKind | None) -> None:
    reading = read_written(written)
    assert reading.values == values
    assert reading.absence == absence


@pytest.mark.parametrize("written", ["", "6", "0", "отл", "4--", "5/6", "x"])
def test_unknown_marks_are_refused(written: str) -> None:
    with pytest.raises(MarkError):
        read_written(written)


def test_plus_and_minus_follow_the_school_rule() -> None:
    rules = GradingRules(plus=0.25, minus=0.25)
    assert read_written("4-", rules).values == (3.75,)
    assert read_written("4+", rules).values == (4.25,)


def test_weighted_average_counts_parts_and_skips_what_does_not_count() -> None:
    day = date(2026, 11, 16)
    marks = [
        mark("M", day, "5", weight=2),
        mark("M", day, "3/5", weight=1.5),  # two marks of 1.5 each
        mark("M", day, "2", counts=False),
        mark("M", day, "н/а"),
    ]
    average, count = weighted_average(marks)
    assert count == 3
    assert average == pytest.approx((5 * 2 + 4 * 1.5 * 2) / (2 + 3))


@pytest.mark.parametrize(
    ("average", "count", "expected"),
    [(4.5, 3, 5), (4.49, 3, 4), (4.495, 3, 5), (3.5, 5, 4), (2.49, 4, 2), (2.5, 4, 3), (5.0, 2, None), (None, 0, None)],
)
def test_period_mark_by_thresholds_and_the_three_marks_rule(average, count, expected) -> None:
    assert GradingRules().period_mark(average, count) == expected


def test_other_thresholds_from_the_school_file() -> None:
    rules = GradingRules(thresholds=(2.6, 3.6, 4.6))
    assert rules.period_mark(4.55, 3) == 4
    assert rules.period_mark(4.6, 3) == 5


def test_week_summary_average_change_absences_and_warning() -> None:
    week = (date(2026, 11, 16), date(2026, 11, 22))
    marks = [
        mark("Математика", date(2026, 11, 10), "4"),
        mark("Математика", date(2026, 11, 16), "5", weight=2),
        mark("Русский язык", date(2026, 11, 17), "3"),
    ]
    absences = [Absence(1, "Русский язык", date(2026, 11, 19), AbsenceKind.ABSENT),
                Absence(1, "История", date(2026, 11, 20), AbsenceKind.LATE),
                Absence(1, "История", date(2026, 11, 2), AbsenceKind.LATE)]  # another week
    summary = summarize_week(1, marks, absences, *week, GradingRules())
    by = {s.subject: s for s in summary.subjects}
    assert list(by) == ["История", "Математика", "Русский язык"]
    maths = by["Математика"]
    assert maths.average == pytest.approx(14 / 3)
    assert maths.previous_average == 4.0
    assert maths.change == pytest.approx(14 / 3 - 4)
    assert [m.written for m in maths.week_marks] == ["5"]
    assert maths.too_few_marks(GradingRules())  # two marks: no period mark yet
    assert by["История"].absences == {AbsenceKind.LATE: 1}
    assert summary.absences == {AbsenceKind.ABSENT: 1, AbsenceKind.LATE: 1}


# --- the file import ---------------------------------------------------------------------------


def rules() -> GradingRules:
    return GradingRules.from_settings(load_school_config(ROOT / "schools" / "example.toml").grading)


def test_the_sample_file_imports_whole() -> None:
    parsed = parse_table(read_table(SAMPLE.read_bytes(), SAMPLE.name), rules())
    assert parsed.errors == []
    assert parsed.rows == 15
    assert parsed.classes == {"5А"}
    assert len(parsed.absences) == 4  # н, оп, б, б
    weights = {(m.student_key[0], m.mark.subject, m.mark.written): m.mark.weight for m in parsed.marks}
    assert weights[("Петров Иван", "Математика", "5")] == 2.0  # «Контрольная работа» by the school's weights
    assert weights[("Петров Иван", "Математика", "3/5")] == 1.5
    assert weights[("Петров Иван", "Русский язык", "5")] == 2.0  # given in the file
    assert weights[("Петров Иван", "Русский язык", "4")] == 1.0  # «Диктант»: the default


def test_bad_rows_are_named_by_their_row_number_and_nothing_is_kept() -> None:
    text = (
        "ФИО ученика;Класс;Предмет;Дата;Отметка;Вес\n"
        "Петров Иван;5А;Математика;16.11.2026;5;\n"
        "Петров Иван;15А;Математика;16.11.2026;5;\n"
        "\n"
        "Петров Иван;5А;Математика;31.02.2026;7;0\n"
    )
    parsed = parse_table(read_table(text.encode("cp1251"), "marks.csv"), rules())
    assert [(e.row, e.key) for e in parsed.errors] == [
        (3, "import-error-class"),
        (5, "import-error-date"),
        (5, "import-error-mark"),
        (5, "import-error-weight"),
    ]


def test_a_class_teacher_imports_only_their_class() -> None:
    text = "Ученик,Класс,Предмет,Дата,Отметка\nПетров Иван,5а,Математика,2026-11-16,5\nИванова Анна,9Б,Математика,2026-11-16,4\n"
    parsed = parse_table(read_table(text.encode(), "m.csv"), rules(), allowed_classes=["5А"])
    assert [(e.row, e.key) for e in parsed.errors] == [(3, "import-error-not-your-class")]


def test_a_wrong_header_is_refused_as_a_whole() -> None:
    with pytest.raises(ImportFileError) as caught:
        parse_table(read_table("Имя;Класс;Дата\nА;5А;1\n".encode(), "m.csv"), rules())
    assert caught.value.key == "import-error-header"
    assert "Предмет" in caught.value.args_["missing"]
    with pytest.raises(ImportFileError):
        read_table(b"%PDF-1.4", "marks.pdf")


def test_xlsx_with_real_dates_imports(tmp_path: Path) -> None:
    from datetime import datetime

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["ФИО ученика", "Класс", "Предмет", "Дата", "Отметка", "Урок"])
    sheet.append(["Петров Иван", "5А", "Математика", datetime(2026, 11, 16), 5, 2])
    sheet.append(["Петров Иван", "5А", "Математика", datetime(2026, 11, 17), "4-", None])
    path = tmp_path / "m.xlsx"
    book.save(path)
    parsed = parse_table(read_table(path.read_bytes(), "m.xlsx"), rules())
    assert parsed.errors == []
    assert [(m.mark.day, m.mark.written, m.lesson) for m in parsed.marks] == [
        (date(2026, 11, 16), "5", 2), (date(2026, 11, 17), "4-", None)
    ]
