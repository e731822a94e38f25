"""Announcements, their delivery as bulk outbox rows, and people's muted kinds."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from storage.db import Database, utc_iso
from storage.outbox import PRIORITY_BULK, Outgoing, enqueue_many

PURPOSE = "announcement"


def batch_of(announcement_id: int) -> str:
    return f"{PURPOSE}:{announcement_id}"


@dataclass(frozen=True, slots=True)
class Announcement:
    id: int
    kind: str
    audience: str
    target: str | None
    sender_id: int
    created_at: str
    queued: int | None
    progress_message_id: int | None
    progress_text: str | None


class AnnouncementRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    # --- who hears it --------------------------------------------------------------------------

    async def consented(self) -> list[int]:
        """Everyone who gave consent."""
        return [r[0] for r in await self._db.fetch_all("SELECT telegram_id FROM users ORDER BY telegram_id")]

    async def parents_by_class(self) -> list[tuple[int, str]]:
        """(parent, class of their child) for every parent's link."""
        rows = await self._db.fetch_all(
            "SELECT DISTINCT l.telegram_id, s.class_name FROM links l JOIN students s ON s.id = l.student_id "
            "WHERE l.relation = 'parent' ORDER BY l.telegram_id")
        return [(r[0], r[1]) for r in rows]

    async def classes(self) -> list[str]:
        """The classes the school has students of."""
        return [r[0] for r in await self._db.fetch_all("SELECT DISTINCT class_name FROM students ORDER BY class_name")]

    async def muted(self, kind: str) -> set[int]:
        return {r[0] for r in await self._db.fetch_all(
            "SELECT telegram_id FROM announcement_mutes WHERE kind = ?", (kind,))}

    # --- muting --------------------------------------------------------------------------------

    async def mutes_of(self, telegram_id: int) -> set[str]:
        return {r[0] for r in await self._db.fetch_all(
            "SELECT kind FROM announcement_mutes WHERE telegram_id = ?", (telegram_id,))}

    async def set_muted(self, telegram_id: int, kind: str, muted: bool, at: datetime) -> None:
        if muted:
            await self._db.execute(
                "INSERT INTO announcement_mutes (telegram_id, kind, muted_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                (telegram_id, kind, utc_iso(at)))
        else:
            await self._db.execute("DELETE FROM announcement_mutes WHERE telegram_id = ? AND kind = ?",
                                   (telegram_id, kind))

    # --- sending -------------------------------------------------------------------------------

    async def queue(
        self, *, submission_key: str, kind: str, audience: str, target: str | None, method: str,
        body: dict[str, Any], sender_id: int, at: datetime, messages: list[Outgoing],
    ) -> int | None:
        """The announcement and every message of it, in one transaction. The submission key is
        the guard: a second press of "Send" (or a second administrator's press on the same
        preview) finds it taken and queues nothing. Returns the announcement's id, or None."""
        async with self._db.transaction() as conn:
            cursor = await conn.execute(
                "INSERT INTO announcements (submission_key, kind, audience, target, method, body, sender_id, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (submission_key) DO NOTHING",
                (submission_key, kind, audience, target, method, json.dumps(body, ensure_ascii=False), sender_id,
                 utc_iso(at)))
            if not cursor.rowcount:
                return None
            announcement_id = int(cursor.lastrowid or 0)
            batch = batch_of(announcement_id)
            rows = [Outgoing(m.chat_id, m.method, m.payload, f"{batch}:{m.chat_id}", PURPOSE, announcement_id)
                    for m in messages]
            await enqueue_many(conn, rows, priority=PRIORITY_BULK, batch=batch)
            await conn.execute("UPDATE announcements SET queued = ? WHERE id = ?", (len(rows), announcement_id))
        return announcement_id

    async def unfinished(self) -> list[Announcement]:
        rows = await self._db.fetch_all(
            "SELECT id, kind, audience, target, sender_id, created_at, queued, progress_message_id, progress_text "
            "FROM announcements WHERE finished_at IS NULL AND queued IS NOT NULL ORDER BY id")
        return [Announcement(*tuple(r)) for r in rows]

    async def counts(self, announcement_id: int) -> dict[str, int]:
        rows = await self._db.fetch_all(
            "SELECT status, count(*) FROM outbox WHERE batch = ? GROUP BY status", (batch_of(announcement_id),))
        return {r[0]: r[1] for r in rows}

    async def progress_shown(self, announcement_id: int, message_id: int, text: str) -> None:
        await self._db.execute(
            "UPDATE announcements SET progress_message_id = ?, progress_text = ? WHERE id = ?",
            (message_id, text, announcement_id))

    async def finish(self, announcement_id: int, at: datetime) -> None:
        await self._db.execute("UPDATE announcements SET finished_at = ? WHERE id = ? AND finished_at IS NULL",
                               (utc_iso(at), announcement_id))
