"""The forms people are halfway through (the `fsm` table): a person keeps their place across
restarts. aiogram's side of it, the FSM storage the dispatcher uses, is bot/fsm.py.

The bot process is the only writer of this table, so state and data are also kept
in a bounded write-through cache: reads cost nothing, and a write that changes
nothing is skipped (`state.clear()` on an idle person touches no disk). The keys
that have a row are read once, at the first lookup, and kept: a person who never
wrote before costs no read at all (hundreds arrive together when a school
announces the bot, bench/first_contact.py).
"""

from __future__ import annotations

from collections import OrderedDict
from datetime import UTC, datetime

from storage.db import Database, utc_iso
from storage.known_rows import KnownRows

_MISSING = object()
EMPTY: tuple[str | None, str] = (None, "{}")


class FormRows:
    """(state, data as JSON) of each key; a key without a row is (None, "{}")."""

    def __init__(self, db: Database, cache_size: int = 20_000) -> None:
        self._db = db
        self._cache: OrderedDict[str, tuple[str | None, str]] = OrderedDict()
        self._cache_size = cache_size
        self._rows: KnownRows[str] = KnownRows(db, "SELECT key FROM fsm")

    async def load(self, key: str) -> tuple[str | None, str]:
        cached = self._cache.get(key, _MISSING)
        if cached is not _MISSING:
            self._cache.move_to_end(key)
            return cached  # type: ignore[return-value]
        row = None
        if await self._rows.may_have(key):
            row = await self._db.fetch_one("SELECT state, data FROM fsm WHERE key = ?", (key,))
        value = (row["state"], row["data"]) if row else EMPTY
        self._remember(key, value)
        return value

    def _remember(self, key: str, value: tuple[str | None, str]) -> None:
        self._cache[key] = value
        self._cache.move_to_end(key)
        while len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)

    async def store(self, key: str, state: str | None, data: str) -> None:
        """Written only when it changes something."""
        if await self.load(key) == (state, data):
            return
        await self._db.execute(
            "INSERT INTO fsm (key, state, data, updated_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (key) DO UPDATE SET state = excluded.state, data = excluded.data, "
            "updated_at = excluded.updated_at",
            (key, state, data, utc_iso(datetime.now(UTC))),
        )
        self._rows.added(key)
        self._remember(key, (state, data))
