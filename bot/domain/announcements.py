"""Announcements (R6.6): their kinds, which of them people may mute, and who hears them."""

from __future__ import annotations

import re
from enum import StrEnum


class Kind(StrEnum):
    TRAINING = "training"  # the quarterly training of staff (R6.6: at least once a quarter)
    TIMETABLE = "timetable"  # a change of the consultation timetable (R6.6: it is published)
    PERIOD_END = "period_end"  # the end of a marking period
    OTHER = "other"


# The school must bring these to people (R6.6): nobody can mute them.
OBLIGATORY: frozenset[Kind] = frozenset({Kind.TRAINING, Kind.TIMETABLE})


def may_mute(kind: Kind) -> bool:
    return kind not in OBLIGATORY


class Audience(StrEnum):
    STAFF = "staff"  # the head, the administrators, the specialists and the class teachers
    SPECIALISTS = "specialists"
    CLASS_TEACHERS = "class_teachers"
    CLASS = "class"  # the parents of one class (target: «5А»)
    GRADE = "grade"  # the parents of every class of a grade (target: «5»)
    EVERYONE = "everyone"  # the staff and everyone who gave consent

    @property
    def needs_target(self) -> bool:
        return self in (Audience.CLASS, Audience.GRADE)


_CLASS = re.compile(r"^\s*(\d{1,2})\s*-?\s*([А-ЯЁA-Z])\s*$", re.IGNORECASE)
_GRADE = re.compile(r"^\s*(\d{1,2})\s*$")


def normalise_class(text: str) -> str | None:
    """«5а», «5 А», «5-А» → «5А»; None when it is not a class of grades 1–11."""
    found = _CLASS.match(text)
    if not found or not 1 <= int(found.group(1)) <= 11:
        return None
    return f"{int(found.group(1))}{found.group(2).upper()}"


def normalise_grade(text: str) -> str | None:
    found = _GRADE.match(text)
    return str(int(found.group(1))) if found and 1 <= int(found.group(1)) <= 11 else None


def grade_of(class_name: str) -> str | None:
    """The grade of a class as the school writes it («5А», «11 Б» → «5», «11»)."""
    found = re.match(r"^\s*(\d{1,2})", class_name)
    return str(int(found.group(1))) if found else None


def in_audience(class_name: str, audience: Audience, target: str | None) -> bool:
    """Whether the parents of a child of this class hear an announcement to `audience`."""
    if audience is Audience.CLASS:
        return target is not None and normalise_class(class_name) == target
    if audience is Audience.GRADE:
        return target is not None and grade_of(class_name) == target
    return audience is Audience.EVERYONE
