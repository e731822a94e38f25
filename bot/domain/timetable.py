"""The consultation timetable: weekly slots made concrete, with holidays and substitutions (R2)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from holidays.countries.russia import Russia

from bot.domain.school import SchoolConfig


@dataclass(frozen=True, slots=True)
class Substitution:
    """`substitute_id` serves `absent_id`'s slots from `start` to `end`, inclusive (R2.4)."""

    absent_id: str
    substitute_id: str
    start: date
    end: date

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end


SUBSTITUTION_MAX_DAYS = 366


def substitution_problem(start: date, end: date, today: date) -> str | None:
    """Why a substitution for these days cannot be recorded (a text key), or None. It must
    end today or later (one wholly in the past would change nothing and only confuse the
    register), start no later than it ends, and last at most a year."""
    if end < start:
        return "sub-error-period"
    if end < today:
        return "sub-error-past"
    if (end - start).days + 1 > SUBSTITUTION_MAX_DAYS:
        return "sub-error-too-long"
    return None


@dataclass(frozen=True, slots=True)
class SlotOccurrence:
    specialist_id: str  # who serves it: the substitute when substituted
    scheduled_id: str  # whose slot it is by the timetable
    start: datetime  # aware, school's time zone
    end: datetime
    room: str

    @property
    def substituted(self) -> bool:
        return self.specialist_id != self.scheduled_id


@lru_cache(maxsize=32)
def _russian_holidays(year: int) -> frozenset[date]:
    """Russia's public holidays and moved days off (the `holidays` package follows the
    government's yearly decree). The country module is imported directly: the registry
    would import every country's calendar on first use, a third of a second."""
    return frozenset(Russia(years=year).keys())


def is_public_holiday(day: date) -> bool:
    return day in _russian_holidays(day.year)


class Timetable:
    def __init__(self, school: SchoolConfig, substitutions: Sequence[Substitution] = ()) -> None:
        self.school = school
        self.tz = school.tz
        self.substitutions = tuple(substitutions)
        self._order = {spec.id: n for n, spec in enumerate(school.specialists)}
        self._extra_holidays = frozenset(school.holidays)
        self._days: dict[date, tuple[SlotOccurrence, ...]] = {}  # a day's slots, worked out once

    def is_school_day(self, day: date) -> bool:
        if day in self._extra_holidays:
            return False
        if any(v.start <= day <= v.end for v in self.school.vacations):
            return False
        return not (self.school.helpdesk.observe_public_holidays and is_public_holiday(day))

    def serving(self, specialist_id: str, on: date) -> str:
        for sub in reversed(self.substitutions):
            if sub.absent_id == specialist_id and sub.covers(on):
                return sub.substitute_id
        return specialist_id

    def fits(self, specialist_id: str, area: str) -> bool:
        spec = self.school.specialist(specialist_id)
        if area in spec.areas:
            return True
        return any(self.school.area(a).catch_all for a in spec.areas)

    def _local(self, moment: datetime) -> datetime:
        if moment.tzinfo is None:
            raise ValueError("naive datetime: give the time zone")
        return moment.astimezone(self.tz)

    def _day_slots(self, day: date) -> tuple[SlotOccurrence, ...]:
        """The day's slots with their substitutes. The timetable never changes once built (a
        new substitution builds a new one), so each day is worked out once: routing a burst
        of requests asks for the same day fifty times."""
        cached = self._days.get(day)
        if cached is None:
            if len(self._days) > 1_000:
                self._days.clear()
            cached = self._days[day] = tuple(self._work_out_day(day))
        return cached

    def _work_out_day(self, day: date) -> list[SlotOccurrence]:
        if not self.is_school_day(day):
            return []
        found = []
        weekday = day.weekday()
        for spec in self.school.specialists:
            for slot in spec.slots:
                if slot.day.index != weekday:
                    continue
                found.append(
                    SlotOccurrence(
                        specialist_id=self.serving(spec.id, day),
                        scheduled_id=spec.id,
                        start=datetime.combine(day, slot.start, self.tz),
                        end=datetime.combine(day, slot.end, self.tz),
                        room=slot.room or spec.room,
                    )
                )
        return found

    def occurrences(
        self, start: datetime, end: datetime, *, specialist_id: str | None = None, area: str | None = None
    ) -> list[SlotOccurrence]:
        """Slots overlapping [start, end), sorted by start then config order."""
        first, last = self._local(start), self._local(end)
        found: list[SlotOccurrence] = []
        day = first.date()
        while day <= last.date():
            for occ in self._day_slots(day):
                if occ.end <= first or occ.start >= last:
                    continue
                if specialist_id is not None and occ.specialist_id != specialist_id:
                    continue
                if area is not None and not self.fits(occ.scheduled_id, area):
                    continue
                found.append(occ)
            day += timedelta(days=1)
        found.sort(key=lambda o: (o.start, self._order[o.scheduled_id]))
        return found

    def on_duty(self, at: datetime, *, area: str | None = None) -> list[SlotOccurrence]:
        moment = self._local(at)
        return [o for o in self.occurrences(moment, moment + timedelta(seconds=1), area=area) if o.start <= moment < o.end]

    def next_slot(
        self, after: datetime, *, area: str | None = None, specialist_id: str | None = None, horizon_days: int = 400
    ) -> SlotOccurrence | None:
        """The earliest slot that has not ended by `after` (one in progress counts)."""
        moment = self._local(after)
        for week in range(0, horizon_days, 7):
            window_start = moment + timedelta(days=week)
            found = self.occurrences(
                window_start, window_start + timedelta(days=7), specialist_id=specialist_id, area=area
            )
            found = [o for o in found if o.end > moment]
            if found:
                return found[0]
        return None
