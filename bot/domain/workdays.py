"""Working days for deadlines (R4.2: access within two working days).

Working days are the official production calendar of the Russian Federation: Monday to
Friday, except public holidays and the days off moved by the government's yearly decree,
plus the Saturdays or Sundays that decree makes working days. School vacations are the
students' holidays, not the staff's: the journal's administrators work then, so vacations
do not stretch a deadline (they only empty the consultation timetable). Days the school
file lists under `holidays` are the school's own days off and do not count either.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from holidays.countries.russia import Russia

from bot.domain.school import SchoolConfig

# The `holidays` package names a moved day off after the day it was moved from; that day,
# when it falls on a weekend and is no holiday itself, is a working Saturday or Sunday.
_MOVED_FROM = re.compile(r"substituted from (\d{2})/(\d{2})/(\d{4})")


@lru_cache(maxsize=32)
def production_calendar(year: int) -> tuple[frozenset[date], frozenset[date]]:
    """(days off on weekdays and weekends alike, working weekend days) of one year."""
    names = Russia(years=(year - 1, year, year + 1), language="en_US")
    days_off = frozenset(day for day in names if day.year == year)
    working = set()
    for name in names.values():
        for month, day, moved_year in _MOVED_FROM.findall(name):
            moved = date(int(moved_year), int(month), int(day))
            if moved.year == year and moved.weekday() >= 5 and moved not in names:
                working.add(moved)
    return days_off, frozenset(working)


def is_working_day(day: date, school: SchoolConfig) -> bool:
    """A working day by the production calendar, and not one of the school's own days off."""
    days_off, working_weekends = production_calendar(day.year)
    if day in school.holidays or day in days_off:
        return False
    return day.weekday() < 5 or day in working_weekends


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
