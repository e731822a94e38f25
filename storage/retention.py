"""Removing old records (docs/decisions.md, "Records"): register entries with everything
that hangs on them, and texts kept longer than they are needed.

A request's dependants are found in the schema itself (every table whose foreign key
names `requests`, and theirs in turn), so a table added later is cleared with the rest
instead of making the removal fail on its foreign key."""

from __future__ import annotations

from datetime import datetime

import aiosqlite

from storage.db import Database, utc_iso

_REFERENCES = (
    'SELECT m.name, p."from", p."to" FROM sqlite_master m, pragma_foreign_key_list(m.name) p '
    "WHERE m.type = 'table' AND p.\"table\" = ?"
)
MAX_DEPTH = 6


async def archived_years(db: Database) -> set[int]:
    """Years whose archive of the register was made (report_runs, kind 'archive', with its files)."""
    rows = await db.fetch_all("SELECT period FROM report_runs WHERE kind = 'archive' AND path IS NOT NULL")
    return {int(row[0]) for row in rows if str(row[0]).isdigit()}


async def _delete(conn: aiosqlite.Connection, table: str, where: str, params: tuple[str, ...], depth: int = 0) -> int:
    """Deletes the rows of `table` matching `where`, and first every row that refers to them."""
    if depth > MAX_DEPTH:
        raise RuntimeError(f"foreign keys nest deeper than {MAX_DEPTH} levels below requests")
    for child, column, target in await conn.execute_fetchall(_REFERENCES, (table,)):
        inner = f'"{column}" IN (SELECT "{target}" FROM "{table}" WHERE {where})'
        await _delete(conn, child, inner, params, depth + 1)
    cursor = await conn.execute(f'DELETE FROM "{table}" WHERE {where}', params)
    return cursor.rowcount


async def remove_requests(db: Database, since: datetime, until: datetime) -> int:
    """Removes the requests filed in [since, until) with their events, messages, cards, marks
    and the rest; returns how many requests went."""
    async with db.transaction() as conn:
        return await _delete(conn, "requests", "created_at >= ? AND created_at < ?", (utc_iso(since), utc_iso(until)))


async def remove_unplaced_before(db: Database, before: datetime) -> int:
    """Messages kept while their author chose the request they were for, left behind."""
    async with db.transaction() as conn:
        cursor = await conn.execute("DELETE FROM unplaced_messages WHERE at < ?", (utc_iso(before),))
        return cursor.rowcount


async def remove_audit_before(db: Database, before: datetime) -> int:
    """Entries of the audit trail past the retention period (they name people by Telegram id)."""
    async with db.transaction() as conn:
        cursor = await conn.execute("DELETE FROM audit_log WHERE at < ?", (utc_iso(before),))
        return cursor.rowcount


async def clear_sent_texts(db: Database, before: datetime) -> int:
    """Empties the bodies of outbox rows delivered before `before`: the row (its key, status
    and times) stays, so nothing is queued again; the text is gone."""
    async with db.transaction() as conn:
        cursor = await conn.execute(
            "UPDATE outbox SET payload = '{}' WHERE status = 'sent' AND sent_at < ? AND payload <> '{}'",
            (utc_iso(before),),
        )
        return cursor.rowcount


async def oldest_request(db: Database) -> str | None:
    oldest: str | None = await db.fetch_value("SELECT min(created_at) FROM requests")
    return oldest


async def count_requests(db: Database, since: datetime, until: datetime) -> int:
    return int(await db.fetch_value(
        "SELECT count(*) FROM requests WHERE created_at >= ? AND created_at < ?", (utc_iso(since), utc_iso(until))))
