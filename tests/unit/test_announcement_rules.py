"""Announcements' rules: classes and grades as people write them, who of a class hears what,
which kinds may be muted."""

from __future__ import annotations

from bot.domain.announcements import Audience, Kind, grade_of, in_audience, may_mute, normalise_class, normalise_grade


def test_classes_and_grades_are_read_as_people_write_them():
    assert [normalise_class(x) for x in ("5а", "5 А", "5-а", "11Б", "12А", "А5", "")] == \
        ["5А", "5А", "5А", "11Б", None, None, None]
    assert [normalise_grade(x) for x in ("5", " 11 ", "0", "5А", "12")] == ["5", "11", None, None, None]
    assert [grade_of(x) for x in ("5А", "11 Б", "1В", "Б")] == ["5", "11", "1", None]


def test_the_parents_of_a_class_or_a_grade():
    assert in_audience("5 а", Audience.CLASS, "5А") and not in_audience("5Б", Audience.CLASS, "5А")
    assert in_audience("5Б", Audience.GRADE, "5") and not in_audience("15А", Audience.GRADE, "1")
    assert not in_audience("5А", Audience.SPECIALISTS, None) and in_audience("9Б", Audience.EVERYONE, None)


def test_training_and_timetable_cannot_be_muted():
    assert [k for k in Kind if may_mute(k)] == [Kind.PERIOD_END, Kind.OTHER]
