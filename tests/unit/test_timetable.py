"""The consultation timetable and routing, without Telegram (REQUIREMENTS R2)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from bot.domain.routing import escalation_targets, route_request
from bot.domain.school import load_school_config
from bot.domain.timetable import Substitution, Timetable
from bot.domain.workdays import add_working_days, is_working_day

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def school():
    return load_school_config(ROOT / "schools" / "example.toml")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def test_on_duty_on_tuesday_at_14_45(school):
    duty = Timetable(school).on_duty(at("2026-11-24T14:45:00+03:00"))
    assert [o.specialist_id for o in duty] == ["spec-a"]
    assert duty[0].room == "13" and duty[0].end.strftime("%H:%M") == "16:00"


def test_the_school_time_zone_decides_not_the_callers(school):
    # 11:45 UTC is 14:45 in Simferopol (UTC+3): Specialist A is on duty.
    assert [o.specialist_id for o in Timetable(school).on_duty(at("2026-11-24T11:45:00+00:00"))] == ["spec-a"]
    with pytest.raises(ValueError):
        Timetable(school).on_duty(datetime(2026, 11, 24, 14, 45))


def test_slot_boundaries(school):
    tt = Timetable(school)
    assert tt.on_duty(at("2026-11-24T14:30:00+03:00"))  # start is in
    assert not tt.on_duty(at("2026-11-24T16:00:00+03:00"), area="technical")  # end is out


def test_next_slot_from_sunday_evening_is_monday_for_technical(school):
    slot = Timetable(school).next_slot(at("2026-11-22T20:00:00+03:00"), area="technical")
    assert (slot.specialist_id, slot.start.isoformat()) == ("spec-e", "2026-11-23T14:30:00+03:00")


def test_next_slot_crosses_the_week(school):
    # Friday evening: the next "planning" slot is Monday 08:00 (Specialist C).
    slot = Timetable(school).next_slot(at("2026-11-27T18:00:00+03:00"), area="planning")
    assert (slot.specialist_id, slot.start.date()) == ("spec-c", date(2026, 11, 30))


def test_vacations_and_public_holidays_have_no_slots(school):
    tt = Timetable(school)
    assert not tt.is_school_day(date(2026, 10, 30))  # autumn vacation
    assert not tt.is_school_day(date(2026, 11, 4))  # Day of National Unity
    assert tt.is_school_day(date(2026, 11, 5))
    # From inside the autumn vacation, the next technical slot is after it and not on 4 November.
    slot = tt.next_slot(at("2026-10-30T10:00:00+03:00"), area="technical")
    assert slot.start.date() == date(2026, 11, 5)  # Thu 08:00 (A and E; A first in the file)
    assert slot.specialist_id == "spec-a"
    # Winter vacation: the first slot of 2027 is on 12 January (Tue).
    assert Timetable(school).next_slot(at("2026-12-28T17:00:00+03:00"), area="technical").start.date() == date(2027, 1, 12)


def test_substitution_covers_only_its_dates(school):
    tt = Timetable(school, [Substitution("spec-a", "spec-b", date(2026, 11, 24), date(2026, 11, 24))])
    today = tt.on_duty(at("2026-11-24T14:45:00+03:00"))
    assert [(o.specialist_id, o.scheduled_id, o.substituted) for o in today] == [("spec-b", "spec-a", True)]
    thursday = tt.on_duty(at("2026-11-26T08:30:00+03:00"), area="technical")
    assert "spec-a" in [o.specialist_id for o in thursday]


def test_routing_prefers_the_least_loaded_and_queues_when_nobody_is_on_duty(school):
    tt = Timetable(school)
    thursday = at("2026-11-26T08:30:00+03:00")  # A and E both on duty, both fit "technical"
    assert route_request("technical", thursday, tt, {}).specialist_id == "spec-a"  # tie: order in the file
    assert route_request("technical", thursday, tt, {"spec-a": 2, "spec-e": 1}).specialist_id == "spec-e"
    assert route_request("technical", thursday, tt, {}, exclude={"spec-a"}).specialist_id == "spec-e"
    queued = route_request("technical", at("2026-11-22T20:00:00+03:00"), tt, {})
    assert not queued.immediate and queued.slot.start == at("2026-11-23T14:30:00+03:00")


def test_catch_all_area_fits_every_request(school):
    tt = Timetable(school)
    # "planning" is not Specialist A's own area, but A also has the catch-all "any".
    assert tt.fits("spec-a", "planning") and not tt.fits("spec-f", "planning")
    assert route_request("planning", at("2026-11-24T14:45:00+03:00"), tt, {}).specialist_id == "spec-a"


def test_escalation_goes_to_the_next_untried_specialist_then_nobody(school):
    tt = Timetable(school)
    thursday = at("2026-11-26T08:30:00+03:00")
    assert escalation_targets("technical", thursday, tt, {}, tried={"spec-a"}).specialist_id == "spec-e"
    assert escalation_targets("technical", thursday, tt, {}, tried={"spec-a", "spec-e"}) is None


def test_working_days_skip_weekends_and_holidays_but_not_school_vacations(school):
    tz = school.tz
    friday = datetime(2026, 11, 27, 10, 0, tzinfo=tz)
    assert add_working_days(friday, 2, school).date() == date(2026, 12, 1)
    tuesday_before_holiday = datetime(2026, 11, 3, 10, 0, tzinfo=tz)  # 4 Nov is a public holiday
    assert add_working_days(tuesday_before_holiday, 2, school).date() == date(2026, 11, 6)
    # The winter vacation is the students'; the journal's administrators work (R4.2).
    assert any(v.start <= date(2026, 12, 30) <= v.end for v in school.vacations)
    assert is_working_day(date(2026, 12, 30), school)
    filed_friday = datetime(2026, 12, 25, 16, 0, tzinfo=tz)  # 12.01.2027 before: the vacation counted
    assert add_working_days(filed_friday, 2, school).date() == date(2026, 12, 29)
    # From Tuesday 29.12: Wednesday 30.12 is the first; 31.12 is a day off moved by decree and the
    # New Year days off run to Sunday 10.01, so Monday 11.01 is the second.
    assert add_working_days(datetime(2026, 12, 29, 9, 0, tzinfo=tz), 2, school).date() == date(2027, 1, 11)
    assert add_working_days(friday.astimezone(UTC), 2, school).tzinfo is not None


# The production calendar as the government's decrees on moving days off set it: every day off
# that falls on a weekday, and every working Saturday or Sunday.
PUBLISHED_WEEKDAYS_OFF = {
    2026: [date(2026, 1, d) for d in (1, 2, 5, 6, 7, 8, 9)]
    + [date(2026, 2, 23), date(2026, 3, 9), date(2026, 5, 1), date(2026, 5, 11), date(2026, 6, 12),
       date(2026, 11, 4), date(2026, 12, 31)],
    2027: [date(2027, 1, d) for d in (1, 4, 5, 6, 7, 8)]
    + [date(2027, 2, 22), date(2027, 2, 23), date(2027, 3, 8), date(2027, 5, 3), date(2027, 5, 10),
       date(2027, 6, 14), date(2027, 11, 4), date(2027, 11, 5), date(2027, 12, 31)],
}
PUBLISHED_WORKING_WEEKENDS = {2026: [], 2027: [date(2027, 2, 20)]}


@pytest.mark.parametrize("year", [2026, 2027])
def test_the_production_calendar_matches_the_published_one(school, year):
    days = [d for d in (date(year, 1, 1) + timedelta(days=n) for n in range(366)) if d.year == year]
    weekdays_off = [d for d in days if d.weekday() < 5 and not is_working_day(d, school) and d not in school.holidays]
    working_weekends = [d for d in days if d.weekday() >= 5 and is_working_day(d, school)]
    assert weekdays_off == PUBLISHED_WEEKDAYS_OFF[year]
    assert working_weekends == PUBLISHED_WORKING_WEEKENDS[year]
