"""aiogram FSM storage in SQLite: a person halfway through a form keeps it across restarts.

The bot process is the only writer of this table, so state and data are also kept
in a bounded write-through cache: reads cost nothing, and a write that changes
nothing is skipped (`state.clear()` on an idle person touches no disk). The keys
that have a row are read once, at the first lookup, and kept: a person who never
wrote before costs no read at all (hundreds arrive together when a school
announces the bot, bench/first_contact.py).
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, DefaultKeyBuilder, KeyBuilder, StateType, StorageKey

from storage.db import Database, utc_iso
from storage.known_rows import KnownRows

_MISSING = object()


class SQLiteStorage(BaseStorage):
    def __init__(self, db: Database, key_builder: KeyBuilder | None = None, cache_size: int = 20_000) -> None:
        self._db = db
        self._keys = key_builder or DefaultKeyBuilder(with_bot_id=True, with_destiny=True)
        self._cache: OrderedDict[str, tuple[str | None, str]] = OrderedDict()
        self._cache_size = cache_size
        self._rows: KnownRows[str] = KnownRows(db, "SELECT key FROM fsm")

    def _key(self, key: StorageKey) -> str:
        return self._keys.build(key)

    async def _load(self, key: str) -> tuple[str | None, str]:
        cached = self._cache.get(key, _MISSING)
        if cached is not _MISSING:
            self._cache.move_to_end(key)
            return cached  # type: ignore[return-value]
        row = None
        if await self._rows.may_have(key):
            row = await self._db.fetch_one("SELECT state, data FROM fsm WHERE key = ?", (key,))
        value = (row["state"], row["data"]) if row else (None, "{}")
        self._remember(key, value)
        return value

    def _remember(self, key: str, value: tuple[str | None, str]) -> None:
        self._cache[key] = value
        self._cache.move_to_end(key)
        while len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)

    async def _store(self, key: str, state: str | None, data: str) -> None:
        if await self._load(key) == (state, data):
            return
        await self._db.execute(
            "INSERT INTO fsm (key, state, data, updated_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (key) DO UPDATE SET state = excluded.state, data = excluded.data, "
            "updated_at = excluded.updated_at",
            (key, state, data, utc_iso(datetime.now(UTC))),
        )
        self._rows.added(key)
        self._remember(key, (state, data))

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        value = state.state if isinstance(state, State) else state
        built = self._key(key)
        _, data = await self._load(built)
        await self._store(built, value, data)

    async def set_state_and_data(self, key: StorageKey, state: StateType, data: Mapping[str, Any]) -> None:
        """Both in one write (a first contact sets the language and the consent step at once)."""
        value = state.state if isinstance(state, State) else state
        await self._store(self._key(key), value, json.dumps(dict(data), ensure_ascii=False, sort_keys=True))

    async def get_state(self, key: StorageKey) -> str | None:
        return (await self._load(self._key(key)))[0]

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        built = self._key(key)
        state, _ = await self._load(built)
        await self._store(built, state, json.dumps(dict(data), ensure_ascii=False, sort_keys=True))

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        return json.loads((await self._load(self._key(key)))[1])

    async def close(self) -> None:
        """The database is closed by its owner."""
