"""The register of requests: rows, events, the conversation, cards and substitutions.

Methods that change several tables take the caller's connection inside
`Database.transaction()`, so a change and the messages it causes (outbox) commit
together. Reads go through the Database.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any

import aiosqlite

from bot.domain.requests import Outcome, RequestKind, Status, Topic, format_number
from bot.domain.timetable import Substitution
from storage.db import Database, from_iso, utc_iso

OPEN_STATUSES = ("new", "assigned", "in_progress", "waiting")


@dataclass(frozen=True, slots=True)
class Request:
    id: int
    number: str
    requester_id: int
    requester_name: str
    requester_role: str
    requester_class: str | None
    login: str | None
    language: str
    kind: RequestKind
    topic: Topic
    area: str
    text: str
    status: Status
    scheduled_id: str | None
    assignee_id: str | None
    slot_start: datetime | None
    slot_end: datetime | None
    slot_room: str | None
    card_due_at: datetime | None
    delivered_at: datetime | None
    taken_at: datetime | None
    taken_by: str | None
    first_answer_at: datetime | None
    waiting_since: datetime | None
    resolved_at: datetime | None
    closed_at: datetime | None
    outcome: Outcome | None
    rating: int | None
    rating_comment: str | None
    escalations: int
    courtesy_marks: int  # marks of conduct violations in force (storage/courtesy.py)
    courtesy_flag: str | None  # words of the request's text taken for an insult, until confirmed
    notice_at: datetime | None
    deadline_at: datetime | None
    reminded_at: datetime | None
    attachments: int
    created_at: datetime
    updated_at: datetime


_COLUMN_DEFAULTS = {"escalations": 0, "courtesy_marks": 0, "attachments": 0}  # the rest default to NULL
_DATETIMES = {f.name for f in fields(Request) if "datetime" in str(f.type)}
_CONVERT = {"kind": RequestKind, "topic": Topic, "status": Status, "outcome": Outcome}


def to_request(row: aiosqlite.Row) -> Request:
    values: dict[str, Any] = {}
    for f in fields(Request):
        raw = row[f.name]
        if f.name in _DATETIMES:
            values[f.name] = from_iso(raw)
        elif f.name in _CONVERT and raw is not None:
            values[f.name] = _CONVERT[f.name](raw)
        else:
            values[f.name] = raw
    return Request(**values)


@dataclass(frozen=True, slots=True)
class NewRequest:
    submission_key: str
    requester_id: int
    requester_name: str
    requester_role: str
    requester_class: str | None
    login: str | None
    language: str
    kind: RequestKind
    topic: Topic
    area: str
    text: str


@dataclass(frozen=True, slots=True)
class ConversationMessage:
    id: int
    request_id: int
    direction: str
    author_id: int
    chat_id: int
    message_id: int
    content_type: str
    text: str | None
    file_id: str | None
    relayed: bool
    at: datetime  # when it came


def _columns(changes: dict[str, Any]) -> dict[str, Any]:
    """Python values as stored: instants as UTC ISO text, enums by value."""
    return {
        key: (utc_iso(value) if isinstance(value, datetime) else getattr(value, "value", value))
        for key, value in changes.items()
    }


class RequestRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    # --- writes, inside the caller's transaction -------------------------------------------

    @staticmethod
    async def find_by_submissions(conn: aiosqlite.Connection, keys: list[str]) -> dict[str, Request]:
        marks = ", ".join("?" for _ in keys)
        rows = await conn.execute_fetchall(f"SELECT * FROM requests WHERE submission_key IN ({marks})", keys)
        return {row["submission_key"]: to_request(row) for row in rows}

    @staticmethod
    async def insert_many(
        conn: aiosqlite.Connection, rows: list[tuple[NewRequest, dict[str, Any]]], now: datetime, year: int
    ) -> list[Request]:
        """New rows with consecutive numbers in the order given, each with its placement when
        already decided. One statement moves the year's counter past them all, one inserts them
        all and brings them back through RETURNING."""
        if not rows:
            return []
        cursor = await conn.execute(
            "INSERT INTO request_counters (year, last) VALUES (?, ?) "
            "ON CONFLICT (year) DO UPDATE SET last = last + excluded.last RETURNING last",
            (year, len(rows)),
        )
        counter = await cursor.fetchone()
        assert counter is not None  # an upsert with RETURNING always returns its row
        first = int(counter[0]) - len(rows) + 1
        stamp = utc_iso(now)
        prepared: list[dict[str, Any]] = []
        for n, (new, placement) in enumerate(rows):
            values: dict[str, Any] = {
                "number": format_number(year, first + n),
                "submission_key": new.submission_key,
                "requester_id": new.requester_id,
                "requester_name": new.requester_name,
                "requester_role": new.requester_role,
                "requester_class": new.requester_class,
                "login": new.login,
                "language": new.language,
                "kind": new.kind.value,
                "topic": new.topic.value,
                "area": new.area,
                "text": new.text,
                "status": "new",
                "created_at": stamp,
                "updated_at": stamp,
            }
            values.update(_columns(placement))
            prepared.append(values)
        # One shape for all, so that one statement inserts them in the order given (ids too).
        columns = list(dict.fromkeys(column for values in prepared for column in values))
        row_marks = "(" + ", ".join("?" for _ in columns) + ")"
        returned = await conn.execute_fetchall(
            f"INSERT INTO requests ({', '.join(columns)}) VALUES {', '.join(row_marks for _ in prepared)} RETURNING *",
            [values.get(column, _COLUMN_DEFAULTS.get(column)) for values in prepared for column in columns],
        )
        # RETURNING's order is not promised to be the VALUES' order: matched by key.
        created = {row["submission_key"]: to_request(row) for row in returned}
        return [created[new.submission_key] for new, _ in rows]

    @staticmethod
    async def update(conn: aiosqlite.Connection, request_id: int, now: datetime, **changes: Any) -> None:
        values = _columns(changes)
        values["updated_at"] = utc_iso(now)
        assignments = ", ".join(f"{key} = ?" for key in values)
        await conn.execute(f"UPDATE requests SET {assignments} WHERE id = ?", (*values.values(), request_id))

    @staticmethod
    async def move(
        conn: aiosqlite.Connection, request_id: int, expected: tuple[Status, ...], now: datetime, **changes: Any
    ) -> bool:
        """Compare-and-set on the status: two people pressing at once, only one wins."""
        values = _columns(changes)
        values["updated_at"] = utc_iso(now)
        assignments = ", ".join(f"{key} = ?" for key in values)
        marks = ", ".join("?" for _ in expected)
        cursor = await conn.execute(
            f"UPDATE requests SET {assignments} WHERE id = ? AND status IN ({marks})",
            (*values.values(), request_id, *(s.value for s in expected)),
        )
        return cursor.rowcount == 1

    @staticmethod
    async def event(
        conn: aiosqlite.Connection, request_id: int, now: datetime, event: str, actor_id: int | None = None, **detail: Any
    ) -> None:
        await RequestRepository.events_many(conn, now, [(request_id, event, actor_id, detail)])

    @staticmethod
    async def events_many(
        conn: aiosqlite.Connection, now: datetime, events: list[tuple[int, str, int | None, dict[str, Any]]]
    ) -> None:
        """Events of one moment, of several requests, in one statement: (request, event, actor, detail)."""
        await conn.executemany(
            "INSERT INTO request_events (request_id, at, actor_id, event, detail) VALUES (?, ?, ?, ?, ?)",
            [
                (request_id, utc_iso(now), actor_id, event, json.dumps(detail, ensure_ascii=False, default=str))
                for request_id, event, actor_id, detail in events
            ],
        )

    @staticmethod
    async def add_message(
        conn: aiosqlite.Connection,
        request_id: int,
        *,
        direction: str,
        author_id: int,
        chat_id: int,
        message_id: int,
        content_type: str,
        text: str | None,
        file_id: str | None,
        now: datetime,
        relayed: bool = False,
    ) -> int | None:
        """The new row's id; None when this message was stored already."""
        cursor = await conn.execute(
            "INSERT INTO request_messages (request_id, direction, author_id, chat_id, message_id, content_type, "
            "text, file_id, at, relayed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (chat_id, message_id) DO NOTHING",
            (request_id, direction, author_id, chat_id, message_id, content_type, text, file_id, utc_iso(now), int(relayed)),
        )
        return cursor.lastrowid if cursor.rowcount else None

    @staticmethod
    async def link_messages_in(conn: aiosqlite.Connection, links: list[tuple[int, int, int]]) -> None:
        """(chat id, message id, request id) of messages the bot sent about a request."""
        if links:
            await conn.executemany(
                "INSERT OR IGNORE INTO request_chat_messages (chat_id, message_id, request_id) VALUES (?, ?, ?)", links,
            )

    @staticmethod
    async def last_inbound_at(conn: aiosqlite.Connection, request_id: int, before_id: int | None = None) -> datetime | None:
        """When the requester last wrote in this request (before message row `before_id`, if given)."""
        rows = list(await conn.execute_fetchall(
            "SELECT at FROM request_messages WHERE request_id = ? AND direction = 'in' AND (? IS NULL OR id < ?) "
            "ORDER BY id DESC LIMIT 1",
            (request_id, before_id, before_id),
        ))
        return from_iso(rows[0][0]) if rows else None

    @staticmethod
    async def conversation_row_in(conn: aiosqlite.Connection, row_id: int) -> ConversationMessage | None:
        rows = list(await conn.execute_fetchall("SELECT * FROM request_messages WHERE id = ?", (row_id,)))
        return _conversation(rows[0]) if rows else None

    @staticmethod
    async def inbound_in(conn: aiosqlite.Connection, request_id: int) -> list[tuple[int, int, str, str | None, int]]:
        """The requester's messages in this request, oldest first, as (chat id, message id,
        content type, text, row id)."""
        rows = await conn.execute_fetchall(
            "SELECT chat_id, message_id, content_type, text, id FROM request_messages "
            "WHERE request_id = ? AND direction = 'in' ORDER BY id",
            (request_id,),
        )
        return [(row[0], row[1], row[2], row[3], row[4]) for row in rows]

    @staticmethod
    async def mark_inbound_relayed_in(conn: aiosqlite.Connection, request_id: int) -> None:
        """Every message of the requester's in this request has gone (with the card) to its holder."""
        await conn.execute(
            "UPDATE request_messages SET relayed = 1 WHERE request_id = ? AND direction = 'in'", (request_id,)
        )

    @staticmethod
    async def mark_not_relayed_in(conn: aiosqlite.Connection, row_id: int) -> None:
        """This message did not reach anyone (its relay was refused)."""
        await conn.execute("UPDATE request_messages SET relayed = 0 WHERE id = ?", (row_id,))

    @staticmethod
    async def queued_for_in(conn: aiosqlite.Connection, statuses: tuple[Status, ...], scheduled_id: str,
                            held_by: str | None = None) -> list[tuple[int, datetime | None]]:
        """Requests in these states (queued) not delivered yet for this specialist's slots, and
        held by `held_by` when given, as (id, slot start)."""
        marks = ", ".join("?" for _ in statuses)
        sql = (f"SELECT id, slot_start FROM requests WHERE status IN ({marks}) AND scheduled_id = ? "
               "AND delivered_at IS NULL")
        params: tuple[Any, ...] = (*(s.value for s in statuses), scheduled_id)
        if held_by is not None:
            sql += " AND assignee_id = ?"
            params += (held_by,)
        rows = await conn.execute_fetchall(sql, params)
        return [(row[0], from_iso(row[1]) if row[1] is not None else None) for row in rows]

    @staticmethod
    async def add_complaint_in(conn: aiosqlite.Connection, request_id: int, requester_id: int, specialist_id: str,
                               text: str, now: datetime) -> None:
        await conn.execute(
            "INSERT INTO complaints (request_id, requester_id, specialist_id, text, at) VALUES (?, ?, ?, ?, ?)",
            (request_id, requester_id, specialist_id, text, now.isoformat()),
        )

    @staticmethod
    async def keep_unplaced(conn: aiosqlite.Connection, chat_id: int, message_id: int, content_type: str,
                            text: str | None, file_id: str | None, now: datetime) -> datetime | None:
        """Keeps a message that waits for its request to be chosen; returns when the previous
        one waiting in this chat came (None: it is the only one)."""
        rows = list(await conn.execute_fetchall("SELECT max(at) FROM unplaced_messages WHERE chat_id = ?", (chat_id,)))
        await conn.execute(
            "INSERT OR IGNORE INTO unplaced_messages (chat_id, message_id, content_type, text, file_id, at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (chat_id, message_id, content_type, text, file_id, utc_iso(now)),
        )
        return from_iso(rows[0][0]) if rows else None

    @staticmethod
    async def take_unplaced(conn: aiosqlite.Connection, chat_id: int) -> list[tuple[int, str, str | None, str | None]]:
        """The messages waiting in this chat, oldest first, as (message id, content type, text,
        file id); they are removed."""
        rows = await conn.execute_fetchall(
            "DELETE FROM unplaced_messages WHERE chat_id = ? RETURNING message_id, content_type, text, file_id",
            (chat_id,),
        )
        return sorted((row[0], row[1], row[2], row[3]) for row in rows)

    @staticmethod
    async def get_in(conn: aiosqlite.Connection, request_id: int) -> Request | None:
        rows = await conn.execute_fetchall("SELECT * FROM requests WHERE id = ?", (request_id,))
        return next((to_request(row) for row in rows), None)

    @staticmethod
    async def open_counts_in(conn: aiosqlite.Connection) -> dict[str, int]:
        rows = await conn.execute_fetchall(
            "SELECT assignee_id, count(*) FROM requests WHERE status IN ('new', 'assigned', 'in_progress', 'waiting') "
            "AND assignee_id IS NOT NULL GROUP BY assignee_id"
        )
        return {row[0]: row[1] for row in rows}

    # --- reads --------------------------------------------------------------------------------

    async def _select(self, where: str, params: tuple[Any, ...] = (), order: str = "id") -> list[Request]:
        rows = await self._db.fetch_all(f"SELECT * FROM requests WHERE {where} ORDER BY {order}", params)
        return [to_request(row) for row in rows]

    async def get(self, request_id: int) -> Request | None:
        row = await self._db.fetch_one("SELECT * FROM requests WHERE id = ?", (request_id,))
        return to_request(row) if row else None

    async def by_number(self, number: str) -> Request | None:
        row = await self._db.fetch_one("SELECT * FROM requests WHERE number = ?", (number,))
        return to_request(row) if row else None

    async def of_requester(self, requester_id: int, limit: int = 10) -> list[Request]:
        return await self._select("requester_id = ?", (requester_id,), order=f"id DESC LIMIT {int(limit)}")

    async def current_of_requester(self, requester_id: int) -> Request | None:
        """The open request the requester's follow-up messages belong to: the latest one touched."""
        row = await self._db.fetch_one(
            "SELECT * FROM requests WHERE requester_id = ? AND status IN ('new', 'assigned', 'in_progress', 'waiting') "
            "ORDER BY updated_at DESC, id DESC LIMIT 1",
            (requester_id,),
        )
        return to_request(row) if row else None

    async def open_of_requester(self, requester_id: int, limit: int = 10) -> list[Request]:
        """The requester's open requests, newest first."""
        return await self._select(
            "requester_id = ? AND status IN ('new', 'assigned', 'in_progress', 'waiting')",
            (requester_id,), order=f"id DESC LIMIT {int(limit)}",
        )

    async def request_of_message(self, chat_id: int, message_id: int) -> int | None:
        """The request a message in this chat belongs to: one the bot sent about it (a card, a
        relay, a notice) or one written in it (request_messages). None: no single request."""
        found = await self._db.fetch_value(
            "SELECT request_id FROM request_chat_messages WHERE chat_id = ? AND message_id = ? "
            "UNION ALL SELECT request_id FROM request_messages WHERE chat_id = ? AND message_id = ? LIMIT 1",
            (chat_id, message_id, chat_id, message_id),
        )
        return int(found) if found is not None else None

    async def link_messages(self, links: list[tuple[int, int, int]]) -> None:
        """(chat id, message id, request id) of messages sent about a request outside the outbox."""
        async with self._db.transaction() as conn:
            await RequestRepository.link_messages_in(conn, links)

    async def of_assignee(self, assignee_id: str) -> list[Request]:
        return await self._select(
            "assignee_id = ? AND status IN ('new', 'assigned', 'in_progress', 'waiting')",
            (assignee_id,), order="COALESCE(card_due_at, created_at), id",
        )

    async def due_cards(self, now: datetime, only: int | None = None) -> list[Request]:
        """Requests whose card must reach the assignee now, oldest first (or just `only`)."""
        return await self._select(
            "status IN ('new', 'assigned') AND delivered_at IS NULL AND card_due_at IS NOT NULL "
            "AND card_due_at <= ? AND (? IS NULL OR id = ?)",
            (utc_iso(now), only, only), order="card_due_at, id",
        )

    async def not_taken_since(self, before: datetime) -> list[Request]:
        return await self._select(
            "status = 'assigned' AND delivered_at IS NOT NULL AND delivered_at <= ? AND assignee_id <> 'admins' "
            "AND assignee_id NOT LIKE 'admin-%'",  # the administrators and the head are the chain's end
            (utc_iso(before),), order="delivered_at, id",
        )

    async def waiting_since_before(self, before: datetime) -> list[Request]:
        return await self._select("status = 'waiting' AND waiting_since <= ?", (utc_iso(before),))

    async def resolved_before(self, before: datetime) -> list[Request]:
        return await self._select("status = 'resolved' AND resolved_at <= ?", (utc_iso(before),))

    async def deadlines_before(self, before: datetime) -> list[Request]:
        return await self._select(
            "topic = 'new_access' AND deadline_at IS NOT NULL AND reminded_at IS NULL "
            "AND status IN ('new', 'assigned', 'in_progress', 'waiting') AND deadline_at <= ?",
            (utc_iso(before),),
        )

    async def messages(self, request_id: int) -> list[ConversationMessage]:
        rows = await self._db.fetch_all(
            "SELECT * FROM request_messages WHERE request_id = ? ORDER BY id", (request_id,)
        )
        return [_conversation(r) for r in rows]

    async def events(self, request_id: int) -> list[tuple[datetime, str, dict[str, Any]]]:
        rows = await self._db.fetch_all(
            "SELECT at, event, detail FROM request_events WHERE request_id = ? ORDER BY id", (request_id,)
        )
        return [(from_iso(r["at"]), r["event"], json.loads(r["detail"])) for r in rows]  # type: ignore[misc]

    async def cards(self, request_id: int) -> list[tuple[int, int]]:
        rows = await self._db.fetch_all(
            "SELECT chat_id, message_id FROM request_cards WHERE request_id = ?", (request_id,)
        )
        return [(r[0], r[1]) for r in rows]

    async def add_cards(self, cards: list[tuple[int, int, int]]) -> None:
        """(request id, chat id, message id) of cards just sent."""
        if cards:
            async with self._db.transaction() as conn:
                await conn.executemany(
                    "INSERT OR IGNORE INTO request_cards (request_id, chat_id, message_id) VALUES (?, ?, ?)", cards,
                )
                await RequestRepository.link_messages_in(conn, [(chat, message, rid) for rid, chat, message in cards])

    @staticmethod
    async def open_of_assignee_in(conn: aiosqlite.Connection, assignee_id: str) -> list[Request]:
        rows = await conn.execute_fetchall(
            "SELECT * FROM requests WHERE assignee_id = ? AND status IN ('new', 'assigned', 'in_progress', 'waiting') "
            "ORDER BY id",
            (assignee_id,),
        )
        return [to_request(row) for row in rows]

    @staticmethod
    async def cards_in(conn: aiosqlite.Connection, request_id: int) -> list[tuple[int, int]]:
        rows = await conn.execute_fetchall(
            "SELECT chat_id, message_id FROM request_cards WHERE request_id = ?", (request_id,)
        )
        return [(r[0], r[1]) for r in rows]

    @staticmethod
    async def card_sent_or_queued(conn: aiosqlite.Connection, request_id: int, chat_id: int) -> bool:
        """Whether this chat has (or is about to get) the request's card."""
        rows = await conn.execute_fetchall(
            "SELECT 1 FROM request_cards WHERE request_id = ? AND chat_id = ? UNION ALL "
            "SELECT 1 FROM outbox WHERE purpose = 'card' AND ref_id = ? AND chat_id = ? "
            "AND status IN ('pending', 'sending', 'sent') LIMIT 1",
            (request_id, chat_id, request_id, chat_id),
        )
        return bool(rows)

    # --- queue messages (several requests that reached one chat at once, as one list) -----------

    @staticmethod
    async def new_queue_list(conn: aiosqlite.Connection, chat_id: int, request_ids: list[int], now: datetime) -> int:
        cursor = await conn.execute(
            "INSERT INTO queue_lists (chat_id, created_at) VALUES (?, ?)", (chat_id, utc_iso(now))
        )
        list_id = cursor.lastrowid
        await conn.executemany(
            "INSERT INTO queue_list_items (list_id, request_id, position) VALUES (?, ?, ?)",
            [(list_id, rid, n) for n, rid in enumerate(request_ids)],
        )
        return int(list_id)  # type: ignore[arg-type]

    @staticmethod
    async def unsent_to_chat_in(conn: aiosqlite.Connection, chat_id: int) -> int:
        """How many messages of the help desk's traffic to this chat are still waiting to be
        sent (queued, or taken by the worker and waiting for the chat's turn or Telegram's
        answer); rows held for their writer (receipts) and bulk rows are not counted."""
        value = await conn.execute_fetchall(
            "SELECT count(*) FROM outbox WHERE status IN ('pending', 'sending') AND priority = 0 AND chat_id = ? "
            "AND coalesce(batch, '') <> 'held'",
            (chat_id,),
        )
        return int(next(iter(value))[0])

    @staticmethod
    async def open_queue_list_in(conn: aiosqlite.Connection, chat_id: int) -> int | None:
        """The newest queue message to this chat that the outbox has not taken for sending yet:
        it can still take more requests (`extend_queue_list_in`)."""
        rows = await conn.execute_fetchall(
            "SELECT o.ref_id FROM outbox o JOIN queue_lists l ON l.id = o.ref_id "
            "WHERE o.status = 'pending' AND o.priority = 0 AND o.purpose = 'queue' AND o.chat_id = ? "
            "AND l.chat_id = ? ORDER BY o.ref_id DESC LIMIT 1",
            (chat_id, chat_id),
        )
        found = list(rows)
        return int(found[0][0]) if found else None

    @staticmethod
    async def extend_queue_list_in(conn: aiosqlite.Connection, list_id: int, request_ids: list[int],
                                   payload: dict[str, Any]) -> bool:
        """More requests at the end of a queue message not sent yet, and its outbox row given the
        words that list them all; in the caller's transaction, so the worker takes the row either
        before (then nothing changes here: False) or after, whole. True: extended."""
        cursor = await conn.execute(
            "UPDATE outbox SET payload = ? WHERE purpose = 'queue' AND ref_id = ? AND status = 'pending'",
            (json.dumps(payload, ensure_ascii=False), list_id),
        )
        if cursor.rowcount != 1:
            return False
        rows = await conn.execute_fetchall(
            "SELECT coalesce(max(position) + 1, 0) FROM queue_list_items WHERE list_id = ?", (list_id,))
        start = int(next(iter(rows))[0])
        await conn.executemany(
            "INSERT INTO queue_list_items (list_id, request_id, position) VALUES (?, ?, ?)",
            [(list_id, rid, start + n) for n, rid in enumerate(request_ids)],
        )
        return True

    @staticmethod
    async def hold_queue_list_in(conn: aiosqlite.Connection, list_id: int, until: float) -> None:
        """A queue message just queued waits until `until` (seconds since the epoch, as the
        outbox's `not_before`) for more requests to join it."""
        await conn.execute(
            "UPDATE outbox SET not_before = ? WHERE purpose = 'queue' AND ref_id = ? AND status = 'pending'",
            (until, list_id),
        )

    async def queue_list_sent(self, sent: list[tuple[int, int]]) -> None:
        """(list id, message id) of queue messages just sent."""
        if sent:
            await self._db.executemany(
                "UPDATE queue_lists SET message_id = ? WHERE id = ?", [(mid, lid) for lid, mid in sent]
            )

    @staticmethod
    async def queue_lists_with(conn: aiosqlite.Connection, request_id: int) -> list[tuple[int, int, int]]:
        """(list id, chat id, message id) of the sent queue messages that list this request."""
        rows = await conn.execute_fetchall(
            "SELECT l.id, l.chat_id, l.message_id FROM queue_list_items i JOIN queue_lists l ON l.id = i.list_id "
            "WHERE i.request_id = ? AND l.message_id IS NOT NULL",
            (request_id,),
        )
        return [(r[0], r[1], r[2]) for r in rows]

    async def queue_list_request_ids(self, list_id: int) -> list[int]:
        """The requests of a queue message, in its order."""
        rows = await self._db.fetch_all(
            "SELECT request_id FROM queue_list_items WHERE list_id = ? ORDER BY position", (list_id,))
        return [row[0] for row in rows]

    @staticmethod
    async def queue_list_requests(conn: aiosqlite.Connection, list_id: int) -> list[Request]:
        rows = await conn.execute_fetchall(
            "SELECT r.* FROM queue_list_items i JOIN requests r ON r.id = i.request_id WHERE i.list_id = ? "
            "ORDER BY i.position",
            (list_id,),
        )
        return [to_request(row) for row in rows]

    async def register(
        self,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        area: str | None = None,
        kind: str | None = None,
        status: str | None = None,
        specialist: str | None = None,
        limit: int | None = None,
    ) -> list[Request]:
        where, params = [], []
        for clause, value in (
            ("created_at >= ?", utc_iso(since) if since else None),
            ("created_at < ?", utc_iso(until) if until else None),
            ("area = ?", area),
            ("kind = ?", kind),
            ("status = ?", status),
            ("(assignee_id = ? OR taken_by = ?)", specialist),
        ):
            if value is not None:
                where.append(clause)
                params.extend([value] * clause.count("?"))
        sql = "SELECT * FROM requests" + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY id DESC"
        if limit:
            sql += f" LIMIT {int(limit)}"
        return [to_request(row) for row in await self._db.fetch_all(sql, params)]


def _conversation(r: aiosqlite.Row) -> ConversationMessage:
    return ConversationMessage(
        id=r["id"], request_id=r["request_id"], direction=r["direction"], author_id=r["author_id"],
        chat_id=r["chat_id"], message_id=r["message_id"], content_type=r["content_type"], text=r["text"],
        file_id=r["file_id"], relayed=bool(r["relayed"]), at=datetime.fromisoformat(r["at"]),
    )


class SubstitutionRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def active(self, on_or_after: date) -> list[Substitution]:
        return [sub for _, sub in await self.listed(on_or_after)]

    async def listed(self, on_or_after: date) -> list[tuple[int, Substitution]]:
        """Substitutions not cancelled that end on or after the day, with their ids, oldest first."""
        rows = await self._db.fetch_all(
            "SELECT id, absent_id, substitute_id, start_date, end_date FROM substitutions "
            "WHERE cancelled_at IS NULL AND end_date >= ? ORDER BY id",
            (on_or_after.isoformat(),),
        )
        return [(r[0], _substitution(tuple(r)[1:])) for r in rows]

    @staticmethod
    async def cancel_in(conn: aiosqlite.Connection, sub_id: int, now: datetime) -> Substitution | None:
        """Marks it cancelled; None when it was already cancelled (a second press) or never was."""
        rows = list(await conn.execute_fetchall(
            "UPDATE substitutions SET cancelled_at = ? WHERE id = ? AND cancelled_at IS NULL "
            "RETURNING absent_id, substitute_id, start_date, end_date",
            (utc_iso(now), sub_id),
        ))
        return _substitution(tuple(rows[0])) if rows else None

    async def add(self, sub: Substitution, created_by: int, now: datetime) -> int:
        return await self._db.execute(
            "INSERT INTO substitutions (absent_id, substitute_id, start_date, end_date, created_by, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (sub.absent_id, sub.substitute_id, sub.start.isoformat(), sub.end.isoformat(), created_by, utc_iso(now)),
        )


def _substitution(row: tuple[Any, ...]) -> Substitution:
    absent_id, substitute_id, start, end = row
    return Substitution(absent_id=absent_id, substitute_id=substitute_id,
                        start=date.fromisoformat(start), end=date.fromisoformat(end))
