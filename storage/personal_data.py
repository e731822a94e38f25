"""What the bot keeps about one person (/mydata), and what /forget removes or replaces.

/forget keeps the register of requests for the statistics (kind, area, role, dates, who
handled it, status, rating) under a pseudonym: a negative number from `forgotten_people`,
never the Telegram id; the name is replaced by FORGOTTEN_NAME and every text they wrote is
cleared. The outbox's copies of their words go too: rows addressed to them, and rows to
others that carry their name or a text of theirs (cards, relays, alerts, reports).
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import aiosqlite

from storage.db import Database, utc_iso

FORGOTTEN_NAME = "[данные удалены]"

# Outbox purposes whose ref_id is a request's id (bot/services/helpdesk.py): `card`,
# `card_edit`, `alert`, `request` (ABOUT_REQUEST). `relay_in` points at a request message,
# `queue`/`queue_edit` at a queue list; summaries and announcements at no request.
_REQUEST_PURPOSES = ("card", "card_edit", "alert", "request")
_NOT_ABOUT_PEOPLE = ("summary", "announcement")


@dataclass(frozen=True, slots=True)
class Erased:
    pseudonym: int | None  # the number the register keeps them under (None: nothing to keep)
    closed: list[int] = field(default_factory=list)  # their requests closed now (their cards to refresh)
    removed: int = 0  # rows removed or cleared


def _escaped(text: str) -> list[str]:
    """The forms a person's words take inside an outbox row's JSON: as written, and as the
    HTML the bot sends (both as json.dumps(ensure_ascii=False) writes them)."""
    forms = {text, html.escape(text, quote=False)}
    return [json.dumps(f, ensure_ascii=False)[1:-1] for f in forms if f]


class PersonalData:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def fold_log(self) -> None:
        """After /forget: the write-ahead log, which still holds the pages as they were before,
        is folded into the database and emptied (best effort: readers may hold part of it)."""
        await self._db.fetch_all("PRAGMA wal_checkpoint(TRUNCATE)")

    async def export(self, telegram_id: int) -> dict[str, Any]:
        """Everything kept about the person, as plain data (the /mydata file is this, as JSON)."""
        db = self._db
        profile = await db.fetch_one(
            "SELECT telegram_id, language, role, full_name, class_name, consent_at, consent_version, created_at, "
            "updated_at FROM users WHERE telegram_id = ?", (telegram_id,))
        consent = await db.fetch_all(
            "SELECT action, version, at FROM consent_log WHERE telegram_id = ? ORDER BY id", (telegram_id,))
        links = await db.fetch_all(
            "SELECT s.full_name, s.class_name, l.relation, l.linked_at FROM links l JOIN students s "
            "ON s.id = l.student_id WHERE l.telegram_id = ? ORDER BY s.full_name", (telegram_id,))
        requests = await db.fetch_all(
            "SELECT id, number, created_at, kind, topic, area, status, requester_name, requester_class, login, "
            "text, rating, rating_comment, resolved_at, closed_at FROM requests WHERE requester_id = ? ORDER BY id",
            (telegram_id,))
        messages: dict[int, list[dict[str, Any]]] = {}
        if requests:
            ids = [r["id"] for r in requests]
            rows = await db.fetch_all(
                f"SELECT request_id, direction, at, content_type, text, file_id FROM request_messages "
                f"WHERE request_id IN ({','.join('?' * len(ids))}) ORDER BY id", ids)
            for m in rows:
                messages.setdefault(m["request_id"], []).append({
                    "direction": m["direction"], "at": m["at"], "type": m["content_type"], "text": m["text"],
                    "file": m["file_id"] is not None,
                })
        complaints = await db.fetch_all(
            "SELECT at, specialist_id, text FROM complaints WHERE requester_id = ? ORDER BY id", (telegram_id,))
        mutes = await db.fetch_all(
            "SELECT kind, muted_at FROM announcement_mutes WHERE telegram_id = ? ORDER BY kind", (telegram_id,))
        views = await db.fetch_value("SELECT COUNT(*) FROM marks_views WHERE telegram_id = ?", (telegram_id,))
        return {
            "telegram_id": telegram_id,
            "profile": dict(profile) if profile else None,
            "consent": [dict(r) for r in consent],
            "links": [dict(r) for r in links],
            "requests": [{**{k: r[k] for k in r.keys() if k != "id"}, "messages": messages.get(r["id"], [])}
                         for r in requests],
            "complaints": [dict(r) for r in complaints],
            "announcement_mutes": [dict(r) for r in mutes],
            "marks_views": views or 0,
        }

    @staticmethod
    async def erase_in(conn: aiosqlite.Connection, telegram_id: int, at: datetime, *, staff: bool) -> Erased:
        """Inside /forget's transaction (storage.users.UserRepository.forget), before the profile
        goes (its name is looked for in the outbox). `staff`: the person is also staff, whose chat keeps receiving
        cards and notices about other people's requests: only what is theirs as a requester goes."""
        now = utc_iso(at)
        tid = telegram_id
        profile = await conn.execute_fetchall("SELECT full_name FROM users WHERE telegram_id = ?", (tid,))
        requests = await conn.execute_fetchall(
            "SELECT id, requester_name, text, rating_comment, status FROM requests WHERE requester_id = ?",
            (tid,))
        ids = [r[0] for r in requests]
        names = {r[1] for r in requests} | {r[0] for r in profile if r[0]}
        words: set[str] = {r[2] for r in requests} | {r[3] for r in requests if r[3]}
        removed = 0

        pseudonym = None
        complaints = await conn.execute_fetchall("SELECT text FROM complaints WHERE requester_id = ?", (tid,))
        words |= {r[0] for r in complaints}
        if ids or complaints:
            cursor = await conn.execute("INSERT INTO forgotten_people (forgotten_at) VALUES (?)", (now,))
            pseudonym = -int(cursor.lastrowid or 0)
        closed = [r[0] for r in requests if r[4] != "closed"]
        marks = ",".join("?" * len(ids))
        if ids:
            in_rows = await conn.execute_fetchall(
                f"SELECT id, text FROM request_messages WHERE request_id IN ({marks})", ids)
            words |= {r[1] for r in in_rows if r[1]}
            message_ids = [r[0] for r in in_rows]
            await conn.execute(
                f"UPDATE requests SET requester_id = ?, requester_name = ?, requester_class = NULL, login = NULL, "
                f"text = '', courtesy_flag = NULL, rating_comment = NULL, status = 'closed', closed_at = COALESCE(closed_at, ?), "
                f"outcome = COALESCE(outcome, 'closed_by_requester'), updated_at = ? WHERE id IN ({marks})",
                (pseudonym, FORGOTTEN_NAME, now, now, *ids))
            await conn.executemany(
                "INSERT INTO request_events (request_id, at, actor_id, event, detail) VALUES (?, ?, NULL, 'forgotten', '{}')",
                [(i, now) for i in ids])
            await conn.execute(
                f"UPDATE request_events SET actor_id = ? WHERE actor_id = ? AND request_id IN ({marks})",
                (pseudonym, tid, *ids))
            await conn.execute(f"UPDATE request_messages SET text = NULL, file_id = NULL WHERE request_id IN ({marks})",
                               ids)
            await conn.execute(
                f"UPDATE request_messages SET author_id = ?, chat_id = ? WHERE chat_id = ? AND request_id IN ({marks})",
                (pseudonym, pseudonym, tid, *ids))
            removed += len(ids)
            # the person's own rows about their requests: gone if not sent yet, emptied if sent
            about = (f"(purpose IN ({','.join('?' * len(_REQUEST_PURPOSES))}) AND ref_id IN ({marks}))"
                     + (f" OR (purpose = 'relay_in' AND ref_id IN ({','.join('?' * len(message_ids))}))"
                        if message_ids else ""))
            about_args = [*_REQUEST_PURPOSES, *ids, *message_ids]
            removed += (await conn.execute(f"DELETE FROM outbox WHERE status = 'pending' AND ({about})",
                                           about_args)).rowcount
            removed += (await conn.execute(f"UPDATE outbox SET payload = '{{}}' WHERE status <> 'pending' AND ({about})",
                                           about_args)).rowcount
        if complaints:
            await conn.execute("UPDATE complaints SET requester_id = ?, text = '' WHERE requester_id = ?",
                               (pseudonym, tid))
        # what was sent to them: emptied, and no longer under their chat
        mine = "chat_id = ?" + (" AND purpose = 'summary'" if staff else "")
        removed += (await conn.execute(
            f"UPDATE outbox SET payload = '{{}}', chat_id = ?, dedupe_key = NULL WHERE status <> 'pending' AND {mine}",
            (pseudonym or 0, tid))).rowcount
        # others' rows that name them (queue lists, reports to a supervisor, …): their name and
        # words cut out of rows still to go, rows already sent emptied. Only rows with their name:
        # a short text of theirs ("Спасибо") is nobody's in a row about someone else.
        name_forms = [f for n in sorted(names) if n and len(n) >= 3 for f in _escaped(n)]
        forms = name_forms + [f for w in sorted(words) if w and len(w) >= 3 for f in _escaped(w)]
        if name_forms:
            found = " OR ".join("instr(payload, ?) > 0" for _ in name_forms)
            skip = ",".join("?" * len(_NOT_ABOUT_PEOPLE))
            rows = await conn.execute_fetchall(
                f"SELECT id, status, payload FROM outbox "
                f"WHERE (purpose IS NULL OR purpose NOT IN ({skip})) AND ({found})",
                (*_NOT_ABOUT_PEOPLE, *name_forms))
            for row_id, status, payload in rows:
                if status in ("pending", "sending"):
                    for form in sorted(forms, key=len, reverse=True):
                        payload = payload.replace(form, json.dumps(FORGOTTEN_NAME, ensure_ascii=False)[1:-1])
                    await conn.execute("UPDATE outbox SET payload = ? WHERE id = ?", (payload, row_id))
                else:
                    await conn.execute("UPDATE outbox SET payload = '{}' WHERE id = ?", (row_id,))
                removed += 1
        if not staff:
            for sql in ("DELETE FROM request_chat_messages WHERE chat_id = ?", "DELETE FROM chat_reach WHERE chat_id = ?",
                        "DELETE FROM link_attempts WHERE telegram_id = ?",
                        "DELETE FROM announcement_mutes WHERE telegram_id = ?"):
                removed += (await conn.execute(sql, (tid,))).rowcount
            await conn.execute("UPDATE invitations SET used_by = ? WHERE used_by = ?", (pseudonym or 0, tid))
            # dialog state and data kept for their chat (aiogram's key: fsm:<bot>:<chat>:<user>:<destiny>)
            removed += (await conn.execute("DELETE FROM fsm WHERE key LIKE ?", (f"fsm:%:{tid}:{tid}:%",))).rowcount
        return Erased(pseudonym, closed, removed)
