"""People who gave consent, their language, role and profile."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import aiosqlite

from bot.domain.people import Role
from storage.db import Database, from_iso, utc_iso
from storage.known_rows import KnownRows

# Raised whenever the consent text changes in substance (docs/legal.md): the log tells which
# text a person agreed to. 2026-11-29: operator and address, data by role, Telegram, retention.
CONSENT_VERSION = "2026-11-29"


@dataclass(frozen=True, slots=True)
class User:
    telegram_id: int
    language: str
    consent_at: datetime
    role: Role | None
    full_name: str | None
    class_name: str | None


@dataclass(frozen=True, slots=True)
class Forgotten:
    removed: bool  # anything was stored about the person
    orphans: list[Any]  # storage.links.Student: children left without a linked parent on Telegram
    closed: tuple[int, ...] = ()  # their requests closed by it (storage.personal_data), whose cards to refresh


def _user(row: aiosqlite.Row | None) -> User | None:
    if row is None:
        return None
    return User(
        telegram_id=row["telegram_id"],
        language=row["language"],
        consent_at=from_iso(row["consent_at"]),  # type: ignore[arg-type]
        role=Role(row["role"]) if row["role"] else None,
        full_name=row["full_name"],
        class_name=row["class_name"],
    )


class UserRepository:
    """Every change of `users` goes through here, so reads are served from a write-through
    cache (each update of every person starts with this lookup). The ids that have a row
    are read once, at the first lookup, and kept, so a person who never wrote before costs
    no read (hundreds arrive together when a school announces the bot)."""

    def __init__(self, db: Database, cache_size: int = 20_000) -> None:
        self._db = db
        self._cache: OrderedDict[int, User | None] = OrderedDict()
        self._cache_size = cache_size
        self._rows: KnownRows[int] = KnownRows(db, "SELECT telegram_id FROM users")

    async def get(self, telegram_id: int) -> User | None:
        if telegram_id in self._cache:
            self._cache.move_to_end(telegram_id)
            return self._cache[telegram_id]
        user = None
        if await self._rows.may_have(telegram_id):
            user = _user(await self._db.fetch_one("SELECT * FROM users WHERE telegram_id = ?", (telegram_id,)))
        self._cache[telegram_id] = user
        while len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return user

    def _forget(self, telegram_id: int) -> None:
        self._cache.pop(telegram_id, None)

    async def give_consent(self, telegram_id: int, language: str, at: datetime) -> User:
        """Idempotent: a second press of the consent button keeps the first moment."""
        now = utc_iso(at)
        self._forget(telegram_id)
        self._rows.added(telegram_id)
        async with self._db.transaction() as conn:
            cursor = await conn.execute(
                "INSERT INTO users (telegram_id, language, consent_at, consent_version, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (telegram_id) DO NOTHING",
                (telegram_id, language, now, CONSENT_VERSION, now, now),
            )
            if cursor.rowcount:
                await conn.execute(
                    "INSERT INTO consent_log (telegram_id, action, version, at) VALUES (?, 'given', ?, ?)",
                    (telegram_id, CONSENT_VERSION, now),
                )
        self._forget(telegram_id)
        user = await self.get(telegram_id)
        assert user is not None
        return user

    async def withdraw_consent(self, telegram_id: int, at: datetime) -> bool:
        """Deletes the person's profile; the consent log keeps the fact and the moment."""
        return (await self.forget(telegram_id, at)).removed

    async def forget(self, telegram_id: int, at: datetime, *, staff: bool = False) -> Forgotten:
        """/forget, in one transaction: the profile, the links to children, the record of
        opening their marks, the messages kept while they chose a request, and the messages
        not yet sent to this person (for staff, only their children's summaries: cards and
        notices about others' requests still reach them). The consent log keeps the fact and the moment; the register of requests
        keeps its entries without the name and texts (storage/personal_data.py)."""
        from storage.links import LinkRepository
        from storage.personal_data import PersonalData

        self._forget(telegram_id)
        async with self._db.transaction() as conn:
            # their requests stay in the register under a pseudonym, without their name and words
            erased = await PersonalData.erase_in(conn, telegram_id, at, staff=staff)
            cursor = await conn.execute("DELETE FROM users WHERE telegram_id = ?", (telegram_id,))
            profile = cursor.rowcount > 0
            if profile:
                await conn.execute(
                    "INSERT INTO consent_log (telegram_id, action, version, at) VALUES (?, 'withdrawn', ?, ?)",
                    (telegram_id, CONSENT_VERSION, utc_iso(at)),
                )
            removed, orphans = await LinkRepository.forget_in(conn, telegram_id)
            unsent = await conn.execute(
                "DELETE FROM outbox WHERE chat_id = ? AND status = 'pending'"
                + (" AND purpose = 'summary'" if staff else ""),
                (telegram_id,),
            )
            # what they wrote while asked which request it was for: never sent, so not kept
            await conn.execute("DELETE FROM unplaced_messages WHERE chat_id = ?", (telegram_id,))
        self._forget(telegram_id)
        return Forgotten(profile or removed > 0 or unsent.rowcount > 0 or erased.removed > 0, orphans,
                         tuple(erased.closed))

    async def set_language(self, telegram_id: int, language: str, at: datetime) -> None:
        self._forget(telegram_id)
        await self._db.execute(
            "UPDATE users SET language = ?, updated_at = ? WHERE telegram_id = ?",
            (language, utc_iso(at), telegram_id),
        )
        self._forget(telegram_id)

    async def set_role(self, telegram_id: int, role: Role, at: datetime) -> None:
        self._forget(telegram_id)
        await self._db.execute(
            "UPDATE users SET role = ?, updated_at = ? WHERE telegram_id = ?",
            (role.value, utc_iso(at), telegram_id),
        )
        self._forget(telegram_id)

    async def set_profiles(self, profiles: list[tuple[int, str, str | None]], *, at: datetime) -> None:
        """(person, full name, class): what they gave in a form, offered again next time.
        Several people in one statement; joins the caller's transaction when there is one."""
        for telegram_id, _, _ in profiles:
            self._forget(telegram_id)
        await self._db.executemany(
            "UPDATE users SET full_name = ?, class_name = COALESCE(?, class_name), updated_at = ? "
            "WHERE telegram_id = ?",
            [(full_name, class_name, utc_iso(at), telegram_id) for telegram_id, full_name, class_name in profiles],
        )
        for telegram_id, _, _ in profiles:
            self._forget(telegram_id)
