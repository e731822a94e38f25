"""Students, one-time invitations and the parent–child links they make (R6.5)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

import aiosqlite

from storage.db import Database, utc_iso


class LinkOutcome(StrEnum):
    LINKED = "linked"
    ALREADY = "already"  # this person was linked to this student before
    UNKNOWN = "unknown"
    EXPIRED = "expired"
    USED = "used"
    THROTTLED = "throttled"


@dataclass(frozen=True, slots=True)
class Student:
    id: int
    full_name: str
    class_name: str


@dataclass(frozen=True, slots=True)
class LinkResult:
    outcome: LinkOutcome
    student: Student | None = None


def hash_code(code: str) -> str:
    return hashlib.sha256(code.strip().encode()).hexdigest()


async def too_many_failed_codes(conn: aiosqlite.Connection, telegram_id: int, now: datetime, limit: int) -> bool:
    """Whether this account sent `limit` wrong codes (parents' or staff's) in the last hour."""
    cursor = await conn.execute(
        "SELECT count(*) FROM link_attempts WHERE telegram_id = ? AND at > ?",
        (telegram_id, utc_iso(now - timedelta(hours=1))),
    )
    row = await cursor.fetchone()
    assert row is not None  # count(*) always answers one row
    return bool(row[0] >= limit)


async def note_failed_code(conn: aiosqlite.Connection, telegram_id: int, now: datetime) -> None:
    await conn.execute("INSERT INTO link_attempts (telegram_id, at) VALUES (?, ?)", (telegram_id, utc_iso(now)))


class LinkRepository:
    def __init__(self, db: Database, *, max_failures_per_hour: int = 5) -> None:
        self._db = db
        self.max_failures_per_hour = max_failures_per_hour

    async def student(self, full_name: str, class_name: str, now: datetime) -> Student:
        """The student by name and class, created on first mention."""
        async with self._db.transaction() as conn:
            await conn.execute(
                "INSERT INTO students (full_name, class_name, created_at) VALUES (?, ?, ?) "
                "ON CONFLICT (full_name, class_name) DO NOTHING",
                (full_name, class_name, utc_iso(now)),
            )
            cursor = await conn.execute(
                "SELECT id FROM students WHERE full_name = ? AND class_name = ?", (full_name, class_name)
            )
            row = await cursor.fetchone()
        assert row is not None  # inserted or found just above, in the same transaction
        return Student(row[0], full_name, class_name)

    async def issue(self, student: Student, relation: str, issued_by: int, now: datetime, days: int) -> str:
        """A new unguessable single-use code (about 72 bits); only its hash is stored."""
        code = secrets.token_urlsafe(9)
        await self._db.execute(
            "INSERT INTO invitations (code_hash, student_id, relation, issued_by, issued_at, expires_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (hash_code(code), student.id, relation, issued_by, utc_iso(now), utc_iso(now + timedelta(days=days))),
        )
        return code

    async def redeem(self, code: str, telegram_id: int, now: datetime) -> LinkResult:
        """Use a code once. Concurrent presses: the UPDATE … WHERE used_at IS NULL lets one win."""
        async with self._db.transaction() as conn:
            if await too_many_failed_codes(conn, telegram_id, now, self.max_failures_per_hour):
                return LinkResult(LinkOutcome.THROTTLED)
            cursor = await conn.execute(
                "SELECT i.student_id, i.relation, i.expires_at, i.used_by, s.full_name, s.class_name "
                "FROM invitations i JOIN students s ON s.id = i.student_id WHERE i.code_hash = ?",
                (hash_code(code),),
            )
            row = await cursor.fetchone()
            failure = None
            if row is None:
                failure = LinkOutcome.UNKNOWN
            elif row["used_by"] is not None:
                failure = LinkOutcome.ALREADY if row["used_by"] == telegram_id else LinkOutcome.USED
            elif row["expires_at"] <= utc_iso(now):
                failure = LinkOutcome.EXPIRED
            if failure is not None:
                if failure is not LinkOutcome.ALREADY:
                    await note_failed_code(conn, telegram_id, now)
                student = Student(row["student_id"], row["full_name"], row["class_name"]) if row else None
                return LinkResult(failure, student if failure is LinkOutcome.ALREADY else None)
            assert row is not None  # no failure: the code was found
            cursor = await conn.execute(
                "UPDATE invitations SET used_at = ?, used_by = ? WHERE code_hash = ? AND used_at IS NULL",
                (utc_iso(now), telegram_id, hash_code(code)),
            )
            if cursor.rowcount != 1:
                return LinkResult(LinkOutcome.USED)
            await conn.execute(
                "INSERT INTO links (telegram_id, student_id, relation, linked_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT DO NOTHING",
                (telegram_id, row["student_id"], row["relation"], utc_iso(now)),
            )
        return LinkResult(LinkOutcome.LINKED, Student(row["student_id"], row["full_name"], row["class_name"]))

    @staticmethod
    async def forget_in(conn: aiosqlite.Connection, telegram_id: int) -> tuple[int, list[Student]]:
        """/forget: the person's links to children, their record of opening the marks and the
        note that their chat refused the bot go. Returns (rows removed, the children now left
        without any linked parent whose family chose this bot for the summaries: from now on
        they are in the class's printout)."""
        cursor = await conn.execute(
            "SELECT s.id, s.full_name, s.class_name FROM links l JOIN students s ON s.id = l.student_id "
            "WHERE l.telegram_id = ? AND l.relation = 'parent'",
            (telegram_id,),
        )
        children = [Student(r[0], r[1], r[2]) for r in await cursor.fetchall()]
        removed = 0
        for sql in ("DELETE FROM links WHERE telegram_id = ?", "DELETE FROM marks_views WHERE telegram_id = ?",
                    "DELETE FROM unreachable WHERE telegram_id = ?"):
            removed += (await conn.execute(sql, (telegram_id,))).rowcount
        orphans = []
        for child in children:
            cursor = await conn.execute(
                "SELECT NOT EXISTS (SELECT 1 FROM links WHERE student_id = ? AND relation = 'parent') "
                "AND EXISTS (SELECT 1 FROM diary_optouts WHERE student_id = ? AND channel = 'telegram' "
                "            AND withdrawn_at IS NULL)",
                (child.id, child.id),
            )
            orphaned = await cursor.fetchone()
            if orphaned is not None and orphaned[0]:
                orphans.append(child)
        return removed, orphans

    async def children(self, telegram_id: int) -> list[Student]:
        rows = await self._db.fetch_all(
            "SELECT s.id, s.full_name, s.class_name FROM links l JOIN students s ON s.id = l.student_id "
            "WHERE l.telegram_id = ? ORDER BY s.full_name",
            (telegram_id,),
        )
        return [Student(r[0], r[1], r[2]) for r in rows]


@dataclass(frozen=True, slots=True)
class OptOut:
    student: Student
    parent_name: str
    application_date: date
    channel: str


class OptOutRepository:
    """The register of parents who declined the web diary (R5.1)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def record(self, student: Student, parent_name: str, application_date: date, channel: str,
                     recorded_by: int, now: datetime) -> bool:
        """False when this application is already in the register (recorded twice by mistake)."""
        async with self._db.transaction() as conn:
            cursor = await conn.execute(
                "INSERT INTO diary_optouts (student_id, parent_name, application_date, channel, recorded_by, "
                "recorded_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (student.id, parent_name, application_date.isoformat(), channel, recorded_by, utc_iso(now)),
            )
            return bool(cursor.rowcount)

    async def of_classes(self, classes: list[str] | None) -> list[OptOut]:
        """Active entries of these classes (None: the whole school), by class and name."""
        rows = await self._db.fetch_all(
            "SELECT s.id, s.full_name, s.class_name, o.parent_name, o.application_date, o.channel "
            "FROM diary_optouts o JOIN students s ON s.id = o.student_id WHERE o.withdrawn_at IS NULL "
            "ORDER BY s.class_name, s.full_name"
        )
        return [
            OptOut(Student(r[0], r[1], r[2]), r[3], date.fromisoformat(r[4]), r[5])
            for r in rows
            if classes is None or r[2] in classes
        ]
