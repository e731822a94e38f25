"""Marks and attendance as the journal writes them, and the school's rules for averages (R5.7, R5.8).

A mark is kept as written ("5", "4-", "3/5") with its numeric value, weight and whether
it counts. Absences are not marks: they are recorded per lesson by kind, and a make-up
mark never erases one (R5.8). The weighted average of a period is Σ(value·weight)/Σweight
over the marks that count; the period mark is that average rounded by the school's
thresholds, and needs at least `min_marks` counting marks (R5.7).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any


class AbsenceKind(StrEnum):
    ABSENT = "absent"  # «н» — not at the lesson
    ILL = "ill"  # «б» — ill
    VALID = "valid"  # «у» — a valid reason
    LATE = "late"  # «оп» — late


# How the journal writes an absence in a mark cell.
ABSENCE_CODES: dict[str, AbsenceKind] = {
    "н": AbsenceKind.ABSENT,
    "нб": AbsenceKind.ABSENT,
    "н/б": AbsenceKind.ABSENT,
    "б": AbsenceKind.ILL,
    "у": AbsenceKind.VALID,
    "ув": AbsenceKind.VALID,
    "оп": AbsenceKind.LATE,
    "п": AbsenceKind.LATE,
    # Latin look-alikes and English codes, as exported by some tools.
    "n": AbsenceKind.ABSENT,
    "absent": AbsenceKind.ABSENT,
    "ill": AbsenceKind.ILL,
    "valid": AbsenceKind.VALID,
    "late": AbsenceKind.LATE,
}

# Written marks that are neither a number nor an absence and never count: «н/а» (not
# assessed), «зач» / «незач» (pass / fail), «осв» (exempt).
NOT_COUNTED = {"н/а", "на", "зач", "незач", "осв", "зч", "нз"}

_MARK = re.compile(r"^([1-5])([+-]?)$")


class MarkError(ValueError):
    """A written mark the rules cannot read."""


@dataclass(frozen=True, slots=True)
class GradingRules:
    """The school's own rules ([grading] in the school file)."""

    thresholds: tuple[float, float, float] = (2.5, 3.5, 4.5)  # below → 2, 3, 4; at or above the last → 5
    min_marks: int = 3  # counting marks needed for a period mark (R5.7)
    plus: float = 0.0  # what "+" adds to a mark's value ("4+" = 4.0 by default)
    minus: float = 0.0  # what "-" takes away ("4-" = 4.0 by default)
    default_weight: float = 1.0
    weights: dict[str, float] = field(default_factory=dict)  # kind of work → weight, when the row has none
    decimals: int = 2
    final_kinds: frozenset[str] = frozenset({"итоговая", "четвертная", "полугодовая", "годовая"})

    def is_final(self, kind_of_work: str | None) -> bool:
        """A period's final mark (R5.3): it counts in no average."""
        return bool(kind_of_work) and kind_of_work.strip().lower() in self.final_kinds  # type: ignore[union-attr]

    @classmethod
    def from_settings(cls, grading: Any) -> GradingRules:
        """From the school file's [grading] table (`bot.domain.school.GradingSettings`)."""
        return cls(
            thresholds=tuple(grading.thresholds),
            min_marks=grading.min_marks,
            plus=grading.plus,
            minus=grading.minus,
            default_weight=grading.default_weight,
            weights={k.strip().lower(): v for k, v in grading.weights.items()},
            final_kinds=frozenset(k.strip().lower() for k in grading.final_kinds),
        )

    def weight_for(self, kind_of_work: str | None, given: float | None) -> float:
        if given is not None:
            return given
        if kind_of_work:
            return self.weights.get(kind_of_work.strip().lower(), self.default_weight)
        return self.default_weight

    def period_mark(self, average: float | None, counting_marks: int) -> int | None:
        """The period mark by the thresholds, or None with fewer than `min_marks` marks."""
        if average is None or counting_marks < self.min_marks:
            return None
        low, middle, high = self.thresholds
        # Compare the average as shown (rounded), so 3.495 shown as "3.50" gives the same mark people expect.
        shown = round(average + 1e-9, self.decimals)
        if shown >= high:
            return 5
        if shown >= middle:
            return 4
        if shown >= low:
            return 3
        return 2


@dataclass(frozen=True, slots=True)
class Reading:
    """What a written cell means: numeric parts that count, or an absence, or nothing."""

    values: tuple[float, ...] = ()
    absence: AbsenceKind | None = None


def read_written(written: str, rules: GradingRules | None = None) -> Reading:
    """"5" → (5,), "4-" → (4 - minus,), "3/5" → (3, 5) (two marks in one cell, as the journal
    writes them), "н" → an absence, "н/5" → an absence and a make-up mark (R5.8: the mark
    does not erase the absence), "н/а" → nothing. Anything else raises MarkError."""
    rules = rules or GradingRules()
    text = written.strip().lower().replace(" ", "")
    if not text:
        raise MarkError("empty mark")
    if text in NOT_COUNTED:
        return Reading()
    if text in ABSENCE_CODES:
        return Reading(absence=ABSENCE_CODES[text])
    values: list[float] = []
    absence: AbsenceKind | None = None
    for part in text.split("/"):
        if part in ABSENCE_CODES and absence is None and not values:
            absence = ABSENCE_CODES[part]
            continue
        found = _MARK.match(part)
        if not found:
            raise MarkError(f"unknown mark {written!r}")
        value = float(found.group(1))
        if found.group(2) == "+":
            value += rules.plus
        elif found.group(2) == "-":
            value -= rules.minus
        values.append(value)
    return Reading(values=tuple(values), absence=absence)


@dataclass(frozen=True, slots=True)
class Mark:
    student_id: int
    subject: str
    day: date
    written: str
    value: float | None  # the numeric value (the mean of "3/5"); None when it does not count
    weight: float
    counts: bool
    kind_of_work: str | None = None
    comment: str | None = None
    parts: int = 1  # "3/5" is two marks for the average and for the three-marks rule
    lesson_comment: str | None = None  # the lesson's topic the journal keeps with the mark


@dataclass(frozen=True, slots=True)
class Absence:
    student_id: int
    subject: str
    day: date
    kind: AbsenceKind
    lesson: int | None = None


def weighted_average(marks: Iterable[Mark]) -> tuple[float | None, int]:
    """(Σ value·weight / Σ weight over counting marks, how many counting marks)."""
    total = weights = 0.0
    count = 0
    for mark in marks:
        if not mark.counts or mark.value is None:
            continue
        total += mark.value * mark.weight * mark.parts
        weights += mark.weight * mark.parts
        count += mark.parts
    return (total / weights if weights else None), count


@dataclass(frozen=True, slots=True)
class SubjectWeek:
    subject: str
    week_marks: tuple[Mark, ...]
    average: float | None  # the period so far
    previous_average: float | None  # the period up to the start of this week
    counting_marks: int
    forecast: int | None  # the period mark the average gives now
    absences: dict[AbsenceKind, int]

    @property
    def change(self) -> float | None:
        if self.average is None or self.previous_average is None:
            return None
        return self.average - self.previous_average

    def too_few_marks(self, rules: GradingRules) -> bool:
        return self.counting_marks < rules.min_marks


@dataclass(frozen=True, slots=True)
class WeekSummary:
    student_id: int
    week_start: date
    week_end: date  # inclusive
    subjects: tuple[SubjectWeek, ...]

    @property
    def marks_this_week(self) -> int:
        return sum(len(s.week_marks) for s in self.subjects)

    @property
    def absences(self) -> Counter[AbsenceKind]:
        total: Counter[AbsenceKind] = Counter()
        for subject in self.subjects:
            total.update(subject.absences)
        return total

    def average_of_averages(self) -> float | None:
        values = [s.average for s in self.subjects if s.average is not None]
        return sum(values) / len(values) if values else None

    def warnings(self, rules: GradingRules) -> list[SubjectWeek]:
        return [s for s in self.subjects if s.too_few_marks(rules)]


def summarize_week(
    student_id: int,
    period_marks: Sequence[Mark],
    week_absences: Sequence[Absence],
    week_start: date,
    week_end: date,
    rules: GradingRules,
) -> WeekSummary:
    """One student's week. `period_marks`: the period's marks up to `week_end`;
    `week_absences`: that week's absences. Subjects come in alphabetical order."""
    by_subject: dict[str, list[Mark]] = {}
    for mark in period_marks:
        if mark.day <= week_end:
            by_subject.setdefault(mark.subject, []).append(mark)
    absent: dict[str, Counter[AbsenceKind]] = {}
    for absence in week_absences:
        if week_start <= absence.day <= week_end:
            absent.setdefault(absence.subject, Counter())[absence.kind] += 1
    subjects = []
    for subject in sorted(set(by_subject) | set(absent)):
        marks = by_subject.get(subject, [])
        average, counting = weighted_average(marks)
        previous, _ = weighted_average(m for m in marks if m.day < week_start)
        subjects.append(SubjectWeek(
            subject=subject,
            week_marks=tuple(sorted((m for m in marks if m.day >= week_start), key=lambda m: m.day)),
            average=average,
            previous_average=previous,
            counting_marks=counting,
            forecast=rules.period_mark(average, counting),
            absences=dict(absent.get(subject, {})),
        ))
    return WeekSummary(student_id, week_start, week_end, tuple(subjects))


@dataclass(frozen=True, slots=True)
class ImportRow:
    """One cell of the journal, as a file or the ЭлЖур API gives it, before it is stored.

    `written` is the mark or absence code as written; `weight` and `counts` are None when
    the source does not say (the school's rules decide then). `journal_id` is the
    student's id in the journal when the source has one."""

    student_name: str
    class_name: str
    subject: str
    day: date
    written: str
    weight: float | None = None
    counts: bool | None = None
    kind_of_work: str | None = None
    comment: str | None = None
    lesson: int | None = None
    journal_id: str | None = None
    lesson_comment: str | None = None  # the lesson's topic, as ЭлЖур gives it with the mark
