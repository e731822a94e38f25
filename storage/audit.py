"""The audit trail (migration 0013): who exported the register, printed a class's marks,
viewed or imported marks, made or restored a backup, and when. Only appended to; the
administrators read it with /audit."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from storage.db import Database, from_iso, utc_iso

# What is recorded: the action's name in the table, and the key of its words (records.ftl).
ACTIONS = (
    "register_export",  # the register of requests exported (XLSX, CSV)
    "register_archive",  # the register's yearly archive made for printing (PDF, XLSX)
    "marks_printout",  # a class's marks printed (PDF)
    "marks_view",  # a parent opened a child's marks (/marks, the chart)
    "marks_import",  # marks imported from a file
    "backup",  # a copy of the database made on demand
    "restore",  # a copy put back (python -m bot restore)
)


@dataclass(frozen=True, slots=True)
class AuditEntry:
    at: datetime
    actor_id: int | None
    action: str
    subject: str


class AuditLog:
    def __init__(self, db: Database, now: Callable[[], datetime]) -> None:
        self._db = db
        self._now = now  # the injected clock's `now`

    async def record(self, actor_id: int | None, action: str, subject: str = "") -> None:
        if action not in ACTIONS:
            raise ValueError(f"unknown audit action {action!r}")
        await self._db.execute(
            "INSERT INTO audit_log (at, actor_id, action, subject) VALUES (?, ?, ?, ?)",
            (utc_iso(self._now()), actor_id, action, subject[:200]),
        )

    async def recent(self, limit: int = 30, *, since: datetime | None = None,
                     until: datetime | None = None) -> list[AuditEntry]:
        """The newest entries first; with `since`/`until`, of that span only."""
        rows = await self._db.fetch_all(
            "SELECT at, actor_id, action, subject FROM audit_log WHERE at >= ? AND at < ? "
            "ORDER BY at DESC, id DESC LIMIT ?",
            (utc_iso(since) if since else "", utc_iso(until) if until else "9999", limit),
        )
        entries = []
        for row in rows:
            at = from_iso(row[0])
            assert at is not None
            entries.append(AuditEntry(at, row[1], row[2], row[3]))
        return entries

    async def count(self) -> int:
        return int(await self._db.fetch_value("SELECT count(*) FROM audit_log"))
