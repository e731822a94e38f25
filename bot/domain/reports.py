"""Report periods and the working-hour windows the reports count in (R6.1, R6.3).

A report covers a calendar month (`2026-10`), a calendar quarter (`2026-Q3`: July to
September) or a calendar year (`2026`). The monthly report of a month is due on the
school's `monthly_day` of the next month at `send_time` (before the 20th); in January,
April, July and October the last quarter's report is due at the same moment, and in
January the last year's report and the yearly archive of the register too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum

from bot.domain.school import SchoolConfig
from bot.domain.workdays import is_working_day


class ReportKind(StrEnum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    YEARLY = "yearly"
    ARCHIVE = "archive"  # the register of a year, for printing and signing (R6.3)


@dataclass(frozen=True, slots=True)
class ReportPeriod:
    kind: ReportKind
    start: date  # first day
    end: date  # the day after the last one

    @property
    def key(self) -> str:
        """As stored in report_runs.period: '2026-10', '2026-Q3', '2026'."""
        if self.kind is ReportKind.MONTHLY:
            return f"{self.start:%Y-%m}"
        if self.kind is ReportKind.QUARTERLY:
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        return str(self.start.year)

    @property
    def last_day(self) -> date:
        return self.end - timedelta(days=1)

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    def bounds(self, school: SchoolConfig) -> tuple[datetime, datetime]:
        """The period's start and end as instants, midnight school time."""
        return (datetime.combine(self.start, time.min, school.tz), datetime.combine(self.end, time.min, school.tz))


def month(year: int, number: int) -> ReportPeriod:
    start = date(year, number, 1)
    end = date(year + 1, 1, 1) if number == 12 else date(year, number + 1, 1)
    return ReportPeriod(ReportKind.MONTHLY, start, end)


def quarter(year: int, number: int) -> ReportPeriod:
    start = date(year, 3 * (number - 1) + 1, 1)
    end = date(year + 1, 1, 1) if number == 4 else date(year, 3 * number + 1, 1)
    return ReportPeriod(ReportKind.QUARTERLY, start, end)


def year_of(year: int, kind: ReportKind = ReportKind.YEARLY) -> ReportPeriod:
    return ReportPeriod(kind, date(year, 1, 1), date(year + 1, 1, 1))


def previous_month(today: date) -> ReportPeriod:
    first = today.replace(day=1) - timedelta(days=1)
    return month(first.year, first.month)


EARLIEST_YEAR, LATEST_YEAR = 2000, 2099
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_MONTH_RU = re.compile(r"^(\d{1,2})\.(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})-[QqКк]([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")


def parse_period(text: str, today: date) -> ReportPeriod | None:
    """`/report` arguments: nothing (the last full month), `2026-10` or `10.2026`,
    `2026-Q3` (also `2026-К3`), `2026`. None: not a period, or outside 2000–2099."""
    text = text.strip()
    if not text:
        return previous_month(today)
    if match := _MONTH.match(text):
        year, number = int(match[1]), int(match[2])
    elif match := _MONTH_RU.match(text):
        number, year = int(match[1]), int(match[2])
    elif match := _QUARTER.match(text):
        year = int(match[1])
        return quarter(year, int(match[2])) if EARLIEST_YEAR <= year <= LATEST_YEAR else None
    elif match := _YEAR.match(text):
        year = int(match[1])
        return year_of(year) if EARLIEST_YEAR <= year <= LATEST_YEAR else None
    else:
        return None
    if not (1 <= number <= 12 and EARLIEST_YEAR <= year <= LATEST_YEAR):
        return None
    return month(year, number)


def parse_archive_year(text: str, today: date) -> ReportPeriod | None:
    """`/archive` arguments: nothing (last year) or a year."""
    text = text.strip()
    if not text:
        return year_of(today.year - 1, ReportKind.ARCHIVE)
    match = _YEAR.match(text)
    if not match or not EARLIEST_YEAR <= int(match[1]) <= LATEST_YEAR:
        return None
    return year_of(int(match[1]), ReportKind.ARCHIVE)


def due_moment(period: ReportPeriod, school: SchoolConfig) -> datetime:
    """When the automatic report of this period is due: `monthly_day` of the month after
    the period, at `send_time`, school time."""
    settings = school.reports
    day = period.end.replace(day=settings.monthly_day)
    return datetime.combine(day, settings.send_time, school.tz)


DEADLINE_DAY = 20  # R6.1: the monthly report by the 20th


def due_periods(now: datetime, school: SchoolConfig) -> list[ReportPeriod]:
    """The reports due now: from the last month's due moment (`monthly_day`, `send_time`)
    to the end of the 19th, the last month's report, and with it the quarter's and the
    year's when this month began one. A bot that was down at the hour catches up when it
    starts, until the deadline; after it nothing is sent by itself (it would be late, and
    an old report arriving unasked is noise): `/report` makes any report at any time."""
    local = now.astimezone(school.tz)
    if local.day >= DEADLINE_DAY:
        return []
    period = previous_month(local.date())
    if now < due_moment(period, school):
        return []
    due = [period]
    after = period.end  # the first day of this month
    if after.month in (1, 4, 7, 10):
        q_start = (after - timedelta(days=1)).replace(day=1)
        due.append(quarter(q_start.year, (q_start.month - 1) // 3 + 1))
    if after.month == 1:
        due.append(year_of(after.year - 1))
        due.append(year_of(after.year - 1, ReportKind.ARCHIVE))
    return due


def work_windows(first: date, last: date, school: SchoolConfig) -> list[tuple[str, str]]:
    """The working hours of every working day from `first` to `last` (inclusive), as
    (start, end) instants in the register's form (ISO, UTC): what the reports' times
    "in working hours" are counted against."""
    settings = school.reports
    windows = []
    day = first
    while day <= last:
        if is_working_day(day, school):
            start = datetime.combine(day, settings.work_start, school.tz).astimezone(UTC)
            end = datetime.combine(day, settings.work_end, school.tz).astimezone(UTC)
            windows.append((start.isoformat(timespec="seconds"), end.isoformat(timespec="seconds")))
        day += timedelta(days=1)
    return windows
