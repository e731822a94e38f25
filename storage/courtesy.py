"""Marks of conduct violations (the courtesy rule): recorded, confirmed, removed with a reason.

One row per marked message at most (UNIQUE (request_id, message_row)), so a mark pressed
twice, or confirmed in two chats at once, is one mark. A removal is a compare-and-set on
`removed_at IS NULL`. `requests.courtesy_marks` counts the marks in force and changes in
the caller's transaction together with the row (docs/decisions.md, "Courtesy check").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import aiosqlite

from storage.db import Database, from_iso, utc_iso

REQUEST_TEXT = 0  # message_row of the request's own text


@dataclass(frozen=True, slots=True)
class CourtesyMark:
    id: int
    request_id: int
    message_row: int
    level: str  # obscene | insult | earlier
    marked_at: datetime
    marked_by: int | None  # None: marked by the check itself
    removed_at: datetime | None
    removed_by: int | None
    removed_reason: str | None

    @property
    def in_force(self) -> bool:
        return self.removed_at is None


def _mark(row: aiosqlite.Row | tuple[Any, ...]) -> CourtesyMark:
    marked_at = from_iso(row[4])
    assert marked_at is not None  # marked_at is NOT NULL
    return CourtesyMark(row[0], row[1], row[2], row[3], marked_at, row[5], from_iso(row[6]), row[7], row[8])


_COLUMNS = "id, request_id, message_row, level, marked_at, marked_by, removed_at, removed_by, removed_reason"


class CourtesyMarks:
    def __init__(self, db: Database) -> None:
        self._db = db

    @staticmethod
    async def add_in(conn: aiosqlite.Connection, request_id: int, message_row: int, level: str, now: datetime,
                     by: int | None = None, *, counted: bool = False) -> int | None:
        """A mark in force; None when this message is marked already (or was, and the mark
        was removed). `counted`: the request's counter already includes it (a request being
        filed). Confirming a flagged request text clears the flag."""
        cursor = await conn.execute(
            "INSERT INTO courtesy_marks (request_id, message_row, level, marked_at, marked_by) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (request_id, message_row) DO NOTHING",
            (request_id, message_row, level, utc_iso(now), by),
        )
        if not cursor.rowcount:
            return None
        if not counted:
            await conn.execute(
                "UPDATE requests SET courtesy_marks = courtesy_marks + 1, "
                "courtesy_flag = CASE WHEN ? = 0 THEN NULL ELSE courtesy_flag END WHERE id = ?",
                (message_row, request_id),
            )
        return cursor.lastrowid

    @staticmethod
    async def remove_in(conn: aiosqlite.Connection, request_id: int, message_row: int, by: int, reason: str,
                        now: datetime) -> CourtesyMark | None:
        """The mark is no longer in force; None when there is none in force (removed already)."""
        rows = list(await conn.execute_fetchall(
            "UPDATE courtesy_marks SET removed_at = ?, removed_by = ?, removed_reason = ? "
            f"WHERE request_id = ? AND message_row = ? AND removed_at IS NULL RETURNING {_COLUMNS}",
            (utc_iso(now), by, reason, request_id, message_row),
        ))
        if not rows:
            return None
        await conn.execute("UPDATE requests SET courtesy_marks = max(courtesy_marks - 1, 0) WHERE id = ?",
                           (request_id,))
        return _mark(rows[0])

    @staticmethod
    async def of_request_in(conn: aiosqlite.Connection, request_id: int) -> list[CourtesyMark]:
        rows = await conn.execute_fetchall(
            f"SELECT {_COLUMNS} FROM courtesy_marks WHERE request_id = ? ORDER BY marked_at, id", (request_id,))
        return [_mark(row) for row in rows]

    @staticmethod
    async def inbound_text_in(conn: aiosqlite.Connection, request_id: int, message_row: int) -> str | None:
        """The text (or caption) of the requester's message `message_row` of this request."""
        rows = list(await conn.execute_fetchall(
            "SELECT text FROM request_messages WHERE id = ? AND request_id = ? AND direction = 'in'",
            (message_row, request_id),
        ))
        return rows[0][0] if rows else None

    async def of_request(self, request_id: int) -> list[CourtesyMark]:
        rows = await self._db.fetch_all(
            f"SELECT {_COLUMNS} FROM courtesy_marks WHERE request_id = ? ORDER BY marked_at, id", (request_id,))
        return [_mark(row) for row in rows]
