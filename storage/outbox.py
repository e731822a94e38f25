"""The outbox table: what must be sent, written atomically with the change that causes it."""

from __future__ import annotations

import json
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import aiosqlite

from storage.db import Database, in_transaction, utc_iso

PRIORITY_INTERACTIVE = 0  # help-desk traffic: cards, replies, notices
PRIORITY_BULK = 10  # weekly summaries: never ahead of a person waiting for help


@dataclass(frozen=True, slots=True)
class OutboxItem:
    id: int
    chat_id: int
    method: str
    payload: dict[str, Any]
    purpose: str | None
    ref_id: int | None
    attempts: int
    priority: int

    @property
    def paced(self) -> bool:
        """Bulk traffic is paced; a person waiting for help is not made to wait for a pacer."""
        return self.priority >= PRIORITY_BULK


async def enqueue(
    conn: aiosqlite.Connection,
    *,
    chat_id: int,
    method: str,
    payload: dict[str, Any],
    dedupe_key: str | None = None,
    priority: int = PRIORITY_INTERACTIVE,
    purpose: str | None = None,
    ref_id: int | None = None,
    batch: str | None = None,
) -> bool:
    """Inside the caller's transaction. Returns False when `dedupe_key` was already queued."""
    cursor = await conn.execute(_INSERT, _row(chat_id, method, payload, dedupe_key, priority, purpose, ref_id, batch))
    return bool(cursor.rowcount)


@dataclass(frozen=True, slots=True)
class Outgoing:
    chat_id: int
    method: str
    payload: dict[str, Any]
    dedupe_key: str
    purpose: str | None = None
    ref_id: int | None = None


async def enqueue_claimed_many(conn: aiosqlite.Connection, items: list[Outgoing]) -> list[OutboxItem]:
    """Like `enqueue_many`, but the rows are taken by their writer at once (status `sending`):
    the caller hands them to `OutboxWorker.deliver_now` after the commit, with no claim round
    trip. A crash before they are sent leaves them `sending`, which the next start re-queues.
    A key already queued is skipped; the rows come back in the order given."""
    if not items:
        return []
    rows = [_row(i.chat_id, i.method, i.payload, i.dedupe_key, PRIORITY_INTERACTIVE, i.purpose, i.ref_id, None)
            for i in items]
    returned = await conn.execute_fetchall(
        "INSERT INTO outbox (dedupe_key, chat_id, method, payload, priority, purpose, ref_id, batch, created_at, "
        "status, attempts) VALUES " + ", ".join("(?, ?, ?, ?, ?, ?, ?, ?, ?, 'sending', 1)" for _ in rows)
        + " ON CONFLICT (dedupe_key) DO NOTHING RETURNING id, dedupe_key",
        [value for row in rows for value in row],
    )
    ids = {key: row_id for row_id, key in returned}
    return [
        OutboxItem(ids[i.dedupe_key], i.chat_id, i.method, i.payload, i.purpose, i.ref_id, 1, PRIORITY_INTERACTIVE)
        for i in items
        if i.dedupe_key in ids
    ]


HELD = "held"  # the `batch` of rows held for their writer (`enqueue_held`)


async def enqueue_held(conn: aiosqlite.Connection, items: list[Outgoing], *, until: float) -> None:
    """Rows the writer means to send itself in a moment, with words it can only finish later (a
    receipt that names whoever holds the request once the card is out). Written in the
    caller's transaction, so they exist if the writer dies: then they go out at `until`, or
    at the next start (`recover_in_flight`), as they were written. The writer takes a row with
    `OutboxRepository.take_held`; a row already sent is not taken, so it never goes twice."""
    if items:
        await conn.executemany(
            "INSERT INTO outbox (dedupe_key, chat_id, method, payload, priority, purpose, ref_id, batch, created_at, "
            "not_before) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING",
            [(*_row(i.chat_id, i.method, i.payload, i.dedupe_key, PRIORITY_INTERACTIVE, i.purpose, i.ref_id, HELD),
              until) for i in items],
        )


async def enqueue_many(
    conn: aiosqlite.Connection, items: list[Outgoing], *, priority: int, batch: str | None = None
) -> int:
    """A bulk run's messages in one statement, inside the caller's transaction; a key already
    queued is skipped. Returns how many were new."""
    before = conn.total_changes
    await conn.executemany(
        _INSERT,
        [_row(i.chat_id, i.method, i.payload, i.dedupe_key, priority, i.purpose, i.ref_id, batch) for i in items],
    )
    return conn.total_changes - before


_INSERT = (
    "INSERT INTO outbox (dedupe_key, chat_id, method, payload, priority, purpose, ref_id, batch, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING"
)


def _row(
    chat_id: int, method: str, payload: dict[str, Any], dedupe_key: str | None, priority: int,
    purpose: str | None, ref_id: int | None, batch: str | None,
) -> tuple[Any, ...]:
    return (
        dedupe_key, chat_id, method, json.dumps(payload, ensure_ascii=False), priority, purpose, ref_id, batch,
        utc_iso(datetime.now(UTC)),
    )


class OutboxRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def transaction(self) -> AbstractAsyncContextManager[aiosqlite.Connection]:
        """The database's transaction, for writes that go with marking rows sent."""
        return self._db.transaction()

    # `enqueue` and `enqueue_many` in the running unit of work, or in a transaction of their own.
    enqueue = in_transaction(enqueue)
    enqueue_many = in_transaction(enqueue_many)

    async def recover_in_flight(self) -> int:
        """Rows left 'sending' by a dead process go back to the queue (at-least-once); rows held
        for a writer of that process go out now, as they were written."""
        async with self._db.transaction() as conn:
            cursor = await conn.execute("UPDATE outbox SET status = 'pending' WHERE status = 'sending'")
            await conn.execute("UPDATE outbox SET not_before = 0 WHERE status = 'pending' AND batch = ?", (HELD,))
            return cursor.rowcount

    async def take_held(self, dedupe_key: str, payload: dict[str, Any]) -> OutboxItem | None:
        """The writer takes its held row with its final words, to send at once (`deliver_now`).
        None: it went out already (the writer was slower than the row's time) or never was."""
        async with self._db.transaction() as conn:
            rows = list(await conn.execute_fetchall(
                "UPDATE outbox SET payload = ?, status = 'sending', attempts = attempts + 1 "
                "WHERE dedupe_key = ? AND status = 'pending' "
                "RETURNING id, chat_id, method, purpose, ref_id, attempts, priority",
                (json.dumps(payload, ensure_ascii=False), dedupe_key),
            ))
        if not rows:
            return None
        row = rows[0]
        return OutboxItem(id=row["id"], chat_id=row["chat_id"], method=row["method"], payload=payload,
                          purpose=row["purpose"], ref_id=row["ref_id"], attempts=row["attempts"],
                          priority=row["priority"])

    async def claim(self, limit: int, now: float) -> list[OutboxItem]:
        """Take up to `limit` due rows, highest priority first, and mark them in flight."""
        async with self._db.transaction() as conn:
            rows = await conn.execute_fetchall(
                "SELECT id, chat_id, method, payload, purpose, ref_id, attempts, priority FROM outbox "
                "WHERE status = 'pending' AND not_before <= ? ORDER BY priority, id LIMIT ?",
                (now, limit),
            )
            if rows:
                await conn.executemany(
                    "UPDATE outbox SET status = 'sending', attempts = attempts + 1 WHERE id = ?",
                    [(row["id"],) for row in rows],
                )
        return [
            OutboxItem(
                id=row["id"],
                chat_id=row["chat_id"],
                method=row["method"],
                payload=json.loads(row["payload"]),
                purpose=row["purpose"],
                ref_id=row["ref_id"],
                attempts=row["attempts"] + 1,
                priority=row["priority"],
            )
            for row in rows
        ]

    async def mark_sent(self, results: list[tuple[int, int | None]]) -> None:
        now = utc_iso(datetime.now(UTC))
        sql = "UPDATE outbox SET status = 'sent', sent_message_id = ?, sent_at = ? WHERE id = ?"
        rows = [(message_id, now, item_id) for item_id, message_id in results]
        if len(rows) == 1:
            await self._db.execute(sql, rows[0])  # autocommit: one round trip
        else:
            await self._db.executemany(sql, rows)

    async def retry_later(self, item_id: int, not_before: float, error: str) -> None:
        await self._db.execute(
            "UPDATE outbox SET status = 'pending', not_before = ?, last_error = ? WHERE id = ?",
            (not_before, error[:500], item_id),
        )

    async def give_up(self, item_id: int, status: str, error: str) -> None:
        await self._db.execute(
            "UPDATE outbox SET status = ?, last_error = ? WHERE id = ?", (status, error[:500], item_id)
        )

    async def settle_in_flight(self, item_id: int, status: str, not_before: float | None, error: str) -> None:
        """A row still 'sending' whose outcome was never written goes to `status` ('pending'
        again at `not_before`, or 'failed'). A row already settled is left alone."""
        await self._db.execute(
            "UPDATE outbox SET status = ?, not_before = coalesce(?, not_before), last_error = ? "
            "WHERE id = ? AND status = 'sending'",
            (status, not_before, error[:500], item_id),
        )

    async def backlog(self) -> tuple[int, str | None]:
        """How many rows wait to be sent (queued or in flight), and when the oldest was queued."""
        row = await self._db.fetch_one(
            "SELECT count(*), min(created_at) FROM outbox WHERE status IN ('pending', 'sending')")
        return (int(row[0]), row[1]) if row else (0, None)

    async def status_of(self, purpose: str, ref_id: int, chat_id: int) -> str | None:
        """The status of the row of this purpose about `ref_id` to this chat (None: there is none)."""
        status = await self._db.fetch_value(
            "SELECT status FROM outbox WHERE purpose = ? AND ref_id = ? AND chat_id = ?", (purpose, ref_id, chat_id))
        return str(status) if status is not None else None

    async def next_due(self) -> float | None:
        due: float | None = await self._db.fetch_value("SELECT min(not_before) FROM outbox WHERE status = 'pending'")
        return due

    async def counts(self, batch: str | None = None) -> dict[str, int]:
        """Rows by status: of one bulk run, or of the whole outbox."""
        if batch is None:
            rows = await self._db.fetch_all("SELECT status, count(*) FROM outbox GROUP BY status")
        else:
            rows = await self._db.fetch_all("SELECT status, count(*) FROM outbox WHERE batch = ? GROUP BY status", (batch,))
        return {row[0]: row[1] for row in rows}


# --- what became of rows, for the help desk (inside the caller's transaction) -------------------

async def refused_of_chat_in(conn: aiosqlite.Connection, chat_id: int, limit: int) -> list[tuple[int, str | None, str]]:
    """Rows to this chat that failed or were blocked, newest first, as (id, purpose, last error)."""
    rows = await conn.execute_fetchall(
        "SELECT id, purpose, last_error FROM outbox WHERE chat_id = ? AND status IN ('failed', 'blocked') "
        "ORDER BY id DESC LIMIT ?",
        (chat_id, limit),
    )
    return [(row[0], row[1], row[2] or "") for row in rows]


async def send_again_in(conn: aiosqlite.Connection, row_ids: list[int]) -> None:
    """These rows go out again, as soon as the worker gets to them, in this order."""
    if row_ids:
        await conn.executemany(
            "UPDATE outbox SET status = 'pending', not_before = 0, attempts = 0 WHERE id = ?",
            [(row_id,) for row_id in row_ids],
        )


async def live_elsewhere_in(conn: aiosqlite.Connection, purpose: str, ref_id: int, except_id: int) -> bool:
    """Whether another row of this purpose about `ref_id` is sent, or may still be."""
    rows = await conn.execute_fetchall(
        "SELECT 1 FROM outbox WHERE purpose = ? AND ref_id = ? AND id <> ? "
        "AND status IN ('pending', 'sending', 'sent') LIMIT 1", (purpose, ref_id, except_id))
    return bool(rows)
