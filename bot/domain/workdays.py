"""Working days for deadlines (R4.2: access within two working days)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from bot.domain.school import SchoolConfig
from bot.domain.timetable import is_public_holiday


def is_working_day(day: date, school: SchoolConfig) -> bool:
    """Mon–Fri, not a Russian public holiday, not a school vacation or extra holiday."""
    if day.weekday() >= 5 or is_public_holiday(day) or day in school.holidays:
        return False
    return not any(v.start <= day <= v.end for v in school.vacations)


def add_working_days(start: datetime, days: int, school: SchoolConfig) -> datetime:
    """The end (23:59:59, school time) of the `days`-th working day after `start`'s day."""
    if start.tzinfo is None:
        raise ValueError("naive datetime")
    day = start.astimezone(school.tz).date()
    counted = 0
    while counted < days:
        day += timedelta(days=1)
        if is_working_day(day, school):
            counted += 1
    return datetime.combine(day, time(23, 59, 59), school.tz)
