"""The reports' rules: which periods people may name, when the automatic reports are due,
and the working windows their "working hours" count."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.reports import (
    EARLIEST_YEAR,
    LATEST_YEAR,
    ReportKind,
    due_periods,
    parse_archive_year,
    parse_period,
    work_windows,
)
from bot.domain.school import SchoolConfigError, load_school_config

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def school():
    return load_school_config(ROOT / "schools" / "example.toml")


def due(moment: str, school) -> list[str]:
    return [f"{p.kind.value}:{p.key}" for p in due_periods(datetime.fromisoformat(moment), school)]


def test_the_monthly_report_is_due_from_the_day_and_hour_until_the_19th(school):
    assert due("2026-11-15T07:59:59+03:00", school) == []
    assert due("2026-11-15T08:00:00+03:00", school) == ["monthly:2026-10"]
    assert due("2026-11-19T23:59:59+03:00", school) == ["monthly:2026-10"]  # a bot down on the day catches up
    assert due("2026-11-20T00:00:00+03:00", school) == []  # after the deadline: only on demand
    assert due("2026-11-15T05:00:00+00:00", school) == ["monthly:2026-10"]  # 08:00 school time, in UTC


def test_quarters_years_and_the_archive_come_with_the_month_that_begins_them(school):
    assert due("2026-10-15T09:00:00+03:00", school) == ["monthly:2026-09", "quarterly:2026-Q3"]
    assert due("2027-01-15T09:00:00+03:00", school) == ["monthly:2026-12", "quarterly:2026-Q4", "yearly:2026",
                                                         "archive:2026"]
    assert due("2026-12-15T09:00:00+03:00", school) == ["monthly:2026-11"]


def test_the_day_is_the_schools_and_must_come_before_the_20th(tmp_path):
    text = (ROOT / "schools" / "example.toml").read_text(encoding="utf-8")
    changed = text.replace("monthly_day = 15", "monthly_day = 3")
    assert changed != text
    path = tmp_path / "school.toml"
    path.write_text(changed, encoding="utf-8")
    school = load_school_config(path)
    assert due("2026-11-03T08:00:00+03:00", school) == ["monthly:2026-10"]
    assert due("2026-11-02T23:00:00+03:00", school) == []
    path.write_text(text.replace("monthly_day = 15", "monthly_day = 20"), encoding="utf-8")
    with pytest.raises(SchoolConfigError, match="monthly_day"):
        load_school_config(path)


def test_working_windows_skip_weekends_and_holidays(school):
    windows = work_windows(date(2026, 11, 2), date(2026, 11, 8), school)  # Mon 2 … Sun 8; 4 November is a holiday
    assert [w[0][:10] for w in windows] == ["2026-11-02", "2026-11-03", "2026-11-05", "2026-11-06"]
    assert windows[0] == ("2026-11-02T05:00:00+00:00", "2026-11-02T14:00:00+00:00")  # 08:00–17:00 at UTC+3


def test_named_periods():
    today = date(2026, 11, 29)
    assert parse_period("", today).key == "2026-10"
    assert parse_period(" 2026-01 ", today).key == "2026-01"
    assert parse_period("2026-Q1", today).start == date(2026, 1, 1)
    assert parse_period("2026-Q4", today).end == date(2027, 1, 1)
    assert parse_period("2026", today).kind is ReportKind.YEARLY
    assert parse_archive_year("", today).key == "2025"
    assert parse_archive_year("2024", today).kind is ReportKind.ARCHIVE
    assert parse_period("2026-00", today) is None and parse_archive_year("2026-10", today) is None


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30))
def test_any_text_is_a_period_in_range_or_none(text):
    today = date(2026, 11, 29)
    for parse in (parse_period, parse_archive_year):
        period = parse(text, today)
        if period is not None:
            assert EARLIEST_YEAR <= period.start.year <= LATEST_YEAR and period.start < period.end
