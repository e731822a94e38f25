"""Marks, absences, and the per-subject sums the weekly summaries are made of.

Averages are summed by SQLite (GROUP BY over an index on student and day): a school
year of a large school is about a million marks, and only the week's own marks and
absences are read into Python (bench/summaries.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from bot.domain.marks import Absence, AbsenceKind, Mark
from storage.db import Database, utc_iso


@dataclass(frozen=True, slots=True)
class NewMark:
    student_key: tuple[str, str]  # (full name, class)
    journal_id: str | None
    mark: Mark  # student_id is filled in when stored
    lesson: int | None = None
    final: bool = False  # a period's final mark (R5.3)


@dataclass(frozen=True, slots=True)
class NewAbsence:
    student_key: tuple[str, str]
    journal_id: str | None
    absence: Absence


@dataclass(frozen=True, slots=True)
class StoreResult:
    marks_added: int
    absences_added: int
    unchanged: int
    students_added: int


@dataclass(frozen=True, slots=True)
class SubjectSums:
    """Σ value·weight and Σ weight of counting marks: for the period so far, and before the week."""

    student_id: int
    subject: str
    total: float
    weights: float
    count: int
    total_before: float
    weights_before: float

    @property
    def average(self) -> float | None:
        return self.total / self.weights if self.weights else None

    @property
    def previous_average(self) -> float | None:
        return self.total_before / self.weights_before if self.weights_before else None


def _of_students(student_ids: Sequence[int] | None, days: list[date]) -> tuple[str, list[Any]]:
    """The days as parameters, and the clause and parameters that keep to these students
    (none: the whole school)."""
    params: list[Any] = [day.isoformat() for day in days]
    if student_ids is None:
        return "", params
    return f" AND student_id IN ({', '.join('?' for _ in student_ids)})", [*params, *student_ids]


class MarksRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def store(
        self,
        marks: Sequence[NewMark],
        absences: Sequence[NewAbsence],
        *,
        source: str,
        now: datetime,
        replace: tuple[Iterable[int], date, date] | None = None,
    ) -> StoreResult:
        """All or nothing, in one transaction. A cell already stored is not stored again.
        `replace`: (student ids, first day, last day) whose rows from this source are
        replaced, for a source that gives the whole picture of a range (the ЭлЖур pull)."""
        stamp = utc_iso(now)
        async with self._db.transaction() as conn:
            keys = {m.student_key: m.journal_id for m in marks} | {a.student_key: a.journal_id for a in absences}
            ids: dict[tuple[str, str], int] = {}
            students_added = 0
            for (name, klass), journal_id in keys.items():
                cursor = await conn.execute(
                    "INSERT INTO students (full_name, class_name, journal_id, created_at) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (full_name, class_name) DO NOTHING",
                    (name, klass, journal_id, stamp),
                )
                students_added += cursor.rowcount
                rows = await conn.execute_fetchall(
                    "SELECT id FROM students WHERE full_name = ? AND class_name = ?", (name, klass)
                )
                ids[(name, klass)] = next(iter(rows))[0]
                if journal_id:
                    await conn.execute(
                        "UPDATE students SET journal_id = ? WHERE id = ? AND journal_id IS NULL", (journal_id, ids[(name, klass)])
                    )
            if replace is not None:
                student_ids, first, last = replace
                for sid in student_ids:
                    for table in ("marks", "absences"):
                        await conn.execute(
                            f"DELETE FROM {table} WHERE student_id = ? AND source = ? AND day BETWEEN ? AND ?",
                            (sid, source, first.isoformat(), last.isoformat()),
                        )
            after_setup = conn.total_changes
            await conn.executemany(
                "INSERT INTO marks (student_id, subject, day, lesson, written, value, parts, weight, counts, "
                "kind_of_work, comment, source, imported_at, final, lesson_comment) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT DO NOTHING",
                [
                    (
                        ids[n.student_key], n.mark.subject, n.mark.day.isoformat(), n.lesson or 0,
                        n.mark.written, n.mark.value, n.mark.parts, n.mark.weight, int(n.mark.counts),
                        n.mark.kind_of_work or "", n.mark.comment, source, stamp, int(n.final), n.mark.lesson_comment,
                    )
                    for n in marks
                ],
            )
            marks_added = conn.total_changes - after_setup
            await conn.executemany(
                "INSERT INTO absences (student_id, subject, day, lesson, kind, source, imported_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                [
                    (ids[a.student_key], a.absence.subject, a.absence.day.isoformat(), a.absence.lesson or 0,
                     a.absence.kind.value, source, stamp)
                    for a in absences
                ],
            )
            absences_added = conn.total_changes - after_setup - marks_added
        return StoreResult(
            marks_added=marks_added,
            absences_added=absences_added,
            unchanged=len(marks) + len(absences) - marks_added - absences_added,
            students_added=students_added,
        )

    async def ids_of_journal(self, journal_ids: Iterable[str]) -> list[int]:
        """The students' ids for their ids in the journal (unknown ones are left out)."""
        wanted = [str(j) for j in journal_ids]
        if not wanted:
            return []
        rows = await self._db.fetch_all(
            f"SELECT id FROM students WHERE journal_id IN ({', '.join('?' for _ in wanted)}) ORDER BY id", wanted)
        return [r[0] for r in rows]

    async def sums(
        self, student_ids: Sequence[int] | None, period_start: date, week_start: date, week_end: date
    ) -> list[SubjectSums]:
        """Per student and subject with a mark from `period_start` to `week_end`: sums over the
        marks that count.
        `student_ids` None: every student (the benchmark; a whole school's run)."""
        where, params = _of_students(student_ids, [week_start, week_start, period_start, week_end])
        # One pass: every (student, subject) with any mark in the period, and the sums of the
        # marks that count (zero where none does).
        counting = "counts = 1 AND value IS NOT NULL"
        rows = await self._db.fetch_all(
            f"SELECT student_id, subject, sum(CASE WHEN {counting} THEN value * weight * parts END), "
            f"sum(CASE WHEN {counting} THEN weight * parts END), sum(CASE WHEN {counting} THEN parts ELSE 0 END), "
            f"sum(CASE WHEN {counting} AND day < ? THEN value * weight * parts END), "
            f"sum(CASE WHEN {counting} AND day < ? THEN weight * parts END) "
            # `+day`: the period is most of the table, which a plain scan reads faster than the day index.
            "FROM marks WHERE +day BETWEEN ? AND ?" + where + " GROUP BY student_id, subject",
            params,
        )
        return [SubjectSums(r[0], r[1], r[2] or 0.0, r[3] or 0.0, r[4] or 0, r[5] or 0.0, r[6] or 0.0) for r in rows]

    async def week_marks(self, student_ids: Sequence[int] | None, start: date, end: date) -> list[Mark]:
        where, params = _of_students(student_ids, [start, end])
        rows = await self._db.fetch_all(
            "SELECT student_id, subject, day, written, value, weight, counts, kind_of_work, comment, parts, lesson_comment "
            "FROM marks WHERE day BETWEEN ? AND ?" + where + " ORDER BY day, lesson, id",
            params,
        )
        return [
            Mark(r[0], r[1], date.fromisoformat(r[2]), r[3], r[4], r[5], bool(r[6]), r[7] or None, r[8], r[9], r[10])
            for r in rows
        ]

    async def week_absences(self, student_ids: Sequence[int] | None, start: date, end: date) -> list[Absence]:
        where, params = _of_students(student_ids, [start, end])
        rows = await self._db.fetch_all(
            "SELECT student_id, subject, day, kind, lesson FROM absences WHERE day BETWEEN ? AND ?" + where, params
        )
        return [Absence(r[0], r[1], date.fromisoformat(r[2]), AbsenceKind(r[3]), r[4] or None) for r in rows]

    async def period_marks(self, student_id: int, start: date, end: date) -> list[Mark]:
        """All of one student's marks in a range (the reference computation and the printout)."""
        return await self.week_marks([student_id], start, end)
