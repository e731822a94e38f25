"""Staff accounts joined by a one-time link (/staff), their invitations, the morning list's days."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

import aiosqlite

from storage.db import Database, utc_iso
from storage.links import hash_code, note_failed_code, too_many_failed_codes

# A staff code is "staff-" and 16 characters; parents' codes are 12 characters without
# a prefix, so a code is one or the other by its shape alone (bot/handlers/staff.py).
STAFF_CODE_PREFIX = "staff-"
STAFF_CODE = re.compile(r"^staff-[A-Za-z0-9_-]{16}$")


class JoinOutcome(StrEnum):
    JOINED = "joined"
    ALREADY = "already"  # this account is this person already
    UNKNOWN = "unknown"  # no such code, or its person is no longer in the school file
    EXPIRED = "expired"
    USED = "used"  # another account followed this link
    TAKEN = "taken"  # the person is joined with another account
    OTHER = "other"  # this account is another person of the file
    THROTTLED = "throttled"


@dataclass(frozen=True, slots=True)
class JoinResult:
    outcome: JoinOutcome
    person_id: str | None = None


class _Refused(Exception):
    def __init__(self, result: JoinResult) -> None:
        self.result = result


class StaffRepository:
    def __init__(self, db: Database, *, max_failures_per_hour: int = 5) -> None:
        self._db = db
        self.max_failures_per_hour = max_failures_per_hour

    async def accounts(self) -> dict[str, int]:
        """person id → Telegram id of every account joined by a link."""
        rows = await self._db.fetch_all("SELECT person_id, telegram_id FROM staff_accounts")
        return {r[0]: r[1] for r in rows}

    async def open_holdings(self, statuses: Sequence[str]) -> list[tuple[str, int]]:
        """(staff id, how many) of everyone named on requests in these statuses (assigned to,
        taken by or scheduled for), by id."""
        marks = ",".join("?" * len(statuses))
        rows = await self._db.fetch_all(
            f"SELECT who, count(DISTINCT id) FROM ("
            f" SELECT id, assignee_id AS who FROM requests WHERE status IN ({marks})"
            f" UNION ALL SELECT id, taken_by FROM requests WHERE status IN ({marks})"
            f" UNION ALL SELECT id, scheduled_id FROM requests WHERE status IN ({marks})"
            f") WHERE who IS NOT NULL GROUP BY who ORDER BY who",
            [*statuses] * 3,
        )
        return [(r[0], r[1]) for r in rows]

    async def issue(self, person_id: str, issued_by: int, now: datetime, days: int) -> str:
        """A new single-use code (96 random bits); only its hash is stored."""
        code = STAFF_CODE_PREFIX + secrets.token_urlsafe(12)
        await self._db.execute(
            "INSERT INTO staff_invitations (code_hash, person_id, issued_by, issued_at, expires_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (hash_code(code), person_id, issued_by, utc_iso(now), utc_iso(now + timedelta(days=days))),
        )
        return code

    async def join(
        self, code: str, telegram_id: int, now: datetime, check: Callable[[str], JoinOutcome | None],
    ) -> JoinResult:
        """Follow a link once. `check(person_id)` is what the school file says against it (the
        person left the file, has a Telegram id there, this account is someone else there):
        an outcome refuses. The database decides the rest: the invitation is used once
        (compare-and-set) and UNIQUE person and UNIQUE account make one binding each."""
        try:
            async with self._db.transaction() as conn:
                return await self._join(conn, code, telegram_id, now, check)
        except _Refused as refused:  # rolled back: the invitation stays unused
            return refused.result

    async def _join(self, conn: aiosqlite.Connection, code: str, telegram_id: int, now: datetime,
                    check: Callable[[str], JoinOutcome | None]) -> JoinResult:
        if await too_many_failed_codes(conn, telegram_id, now, self.max_failures_per_hour):
            return JoinResult(JoinOutcome.THROTTLED)
        cursor = await conn.execute(
            "SELECT person_id, expires_at, used_by FROM staff_invitations WHERE code_hash = ?", (hash_code(code),)
        )
        row = await cursor.fetchone()
        person_id = row["person_id"] if row else None
        failure: JoinOutcome | None = None
        if row is None:
            failure = JoinOutcome.UNKNOWN
        elif row["used_by"] is not None:
            failure = JoinOutcome.ALREADY if row["used_by"] == telegram_id else JoinOutcome.USED
        elif row["expires_at"] <= utc_iso(now):
            failure = JoinOutcome.EXPIRED
        if failure is not None:
            if failure in (JoinOutcome.UNKNOWN, JoinOutcome.EXPIRED, JoinOutcome.USED):
                await note_failed_code(conn, telegram_id, now)
            return JoinResult(failure, person_id)
        assert person_id is not None
        refused = check(person_id)
        if refused is not None:
            return JoinResult(refused, person_id)
        cursor = await conn.execute(
            "SELECT person_id, telegram_id FROM staff_accounts WHERE person_id = ? OR telegram_id = ?",
            (person_id, telegram_id),
        )
        for bound_person, bound_account in await cursor.fetchall():
            if bound_person == person_id and bound_account == telegram_id:
                return JoinResult(JoinOutcome.ALREADY, person_id)
            if bound_person == person_id:
                return JoinResult(JoinOutcome.TAKEN, person_id)
            return JoinResult(JoinOutcome.OTHER, bound_person)
        try:
            await conn.execute("INSERT INTO staff_accounts (person_id, telegram_id, joined_at) VALUES (?, ?, ?)",
                               (person_id, telegram_id, utc_iso(now)))
        except aiosqlite.IntegrityError:  # cannot happen under the one connection's lock; the schema says so anyway
            raise _Refused(JoinResult(JoinOutcome.TAKEN, person_id)) from None
        cursor = await conn.execute(
            "UPDATE staff_invitations SET used_at = ?, used_by = ? WHERE code_hash = ? AND used_at IS NULL",
            (utc_iso(now), telegram_id, hash_code(code)),
        )
        if cursor.rowcount != 1:
            raise _Refused(JoinResult(JoinOutcome.USED, person_id))
        return JoinResult(JoinOutcome.JOINED, person_id)

    async def leave(self, person_id: str) -> bool:
        """The person's account is no longer theirs (a new phone, someone left): a new link can join another."""
        async with self._db.transaction() as conn:
            cursor = await conn.execute("DELETE FROM staff_accounts WHERE person_id = ?", (person_id,))
            return bool(cursor.rowcount)

    async def claim_report(self, day: date, now: datetime) -> bool:
        """True once per day: the morning list is made by whoever claims the day first."""
        async with self._db.transaction() as conn:
            return await self.claim_report_in(conn, day, now)

    @staticmethod
    async def claim_report_in(conn: aiosqlite.Connection, day: date, now: datetime) -> bool:
        """The same inside the caller's transaction (with the list's messages)."""
        cursor = await conn.execute(
            "INSERT INTO staff_reports (day, made_at) VALUES (?, ?) ON CONFLICT DO NOTHING",
            (day.isoformat(), utc_iso(now)),
        )
        return bool(cursor.rowcount)
