"""The audit trail as the handlers use it: one call where an act on personal data happens (the
register's export, a printout, opening the marks, an import, a backup) and the last entries
for /audit. The table is storage's (storage/audit.py); what it records: docs/decisions.md."""

from __future__ import annotations

from storage.audit import AuditEntry, AuditLog


class AuditTrail:
    def __init__(self, log: AuditLog) -> None:
        self.log = log

    async def record(self, actor_id: int | None, action: str, subject: str = "") -> None:
        """`action` is one of storage.audit.ACTIONS; the subject is cut to 200 characters."""
        await self.log.record(actor_id, action, subject)

    async def recent(self, limit: int = 30) -> list[AuditEntry]:
        """The newest entries first."""
        return await self.log.recent(limit)
