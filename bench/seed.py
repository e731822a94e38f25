"""Large schools written straight into a migrated database, as the bot itself would store them.

Used by the benchmarks (10,000 parents; a year of a million marks) and by the end-to-end
restart test, where going through the bot by hand for each parent would only cost time.
"""

from __future__ import annotations

import random
import sqlite3
from datetime import date, timedelta
from pathlib import Path

FIRST_PARENT = 8000
SUBJECTS = ["Алгебра", "Геометрия", "Русский язык", "Литература", "Английский язык", "История",
            "Обществознание", "Биология", "Химия", "Физика", "География", "Информатика"]
WORK = [("Ответ на уроке", 1.0), ("Самостоятельная работа", 1.5), ("Контрольная работа", 2.0), ("Домашняя работа", 1.0)]


def seed_parents(database: Path, parents: int, *, first_parent: int = FIRST_PARENT, marks_day: str = "2026-11-17") -> None:
    """`parents` linked parents, each of their own opted-out student (channel: this bot), each
    student with one mark in `marks_day`'s week."""
    now = "2026-11-01T00:00:00+00:00"
    db = sqlite3.connect(database)
    with db:
        start = db.execute("SELECT coalesce(max(id), 0) FROM students").fetchone()[0] + 1
        ids = range(start, start + parents)
        db.executemany("INSERT INTO students (id, full_name, class_name, created_at) VALUES (?, ?, ?, ?)",
                       [(sid, f"Ученик{n:05d} Тестов", f"{5 + n % 7}А", now) for n, sid in enumerate(ids)])
        db.executemany(
            "INSERT INTO users (telegram_id, language, consent_at, consent_version, role, created_at, updated_at) "
            "VALUES (?, 'ru', ?, '2026-11', 'parent', ?, ?)",
            [(first_parent + n, now, now, now) for n in range(parents)],
        )
        db.executemany("INSERT INTO links (telegram_id, student_id, relation, linked_at) VALUES (?, ?, 'parent', ?)",
                       [(first_parent + n, sid, now) for n, sid in enumerate(ids)])
        db.executemany(
            "INSERT INTO diary_optouts (student_id, parent_name, application_date, channel, recorded_by, recorded_at) "
            "VALUES (?, 'Родитель', '2026-09-01', 'telegram', 300001, ?)", [(sid, now) for sid in ids])
        db.executemany(
            "INSERT INTO marks (student_id, subject, day, written, value, weight, counts, source, imported_at) "
            "VALUES (?, 'Математика', ?, '5', 5, 1, 1, 'file', ?)", [(sid, marks_day, now) for sid in ids])
    db.close()


def seed_year(database: Path, students: int, marks_per_student: int, *, first_day: date = date(2026, 9, 1),
              days: int = 270, seed: int = 1) -> int:
    """A school year of marks and absences: `students` × `marks_per_student` marks spread over
    `days` days and the subjects above. Returns the number of marks written."""
    rng = random.Random(seed)
    now = "2026-11-01T00:00:00+00:00"
    db = sqlite3.connect(database)
    written = 0
    with db:
        start = db.execute("SELECT coalesce(max(id), 0) FROM students").fetchone()[0] + 1
        db.executemany("INSERT INTO students (id, full_name, class_name, created_at) VALUES (?, ?, ?, ?)",
                       [(start + n, f"Ученик{n:05d} Годовой", f"{1 + n % 11}Б", now) for n in range(students)])
        for n in range(students):
            sid = start + n
            rows = []
            for k in range(marks_per_student):
                day = first_day + timedelta(days=rng.randrange(days))
                kind, weight = WORK[rng.randrange(len(WORK))]
                value = rng.choice((2, 3, 3, 4, 4, 4, 5, 5, 5))
                rows.append((sid, SUBJECTS[k % len(SUBJECTS)], day.isoformat(), k % 7 + 1, str(value), value,
                             weight, kind, now))
            db.executemany(
                "INSERT OR IGNORE INTO marks (student_id, subject, day, lesson, written, value, weight, counts, "
                "kind_of_work, source, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, 'file', ?)", rows)
            written += len(rows)
            db.executemany(
                "INSERT OR IGNORE INTO absences (student_id, subject, day, lesson, kind, source, imported_at) "
                "VALUES (?, ?, ?, ?, 'absent', 'file', ?)",
                [(sid, SUBJECTS[rng.randrange(len(SUBJECTS))], (first_day + timedelta(days=rng.randrange(days))).isoformat(),
                  rng.randrange(1, 8), now) for _ in range(marks_per_student // 20)])
    db.close()
    return written
