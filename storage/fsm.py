"""aiogram FSM storage in SQLite: a person halfway through a form keeps it across restarts."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, DefaultKeyBuilder, KeyBuilder, StateType, StorageKey

from storage.db import Database, utc_iso


class SQLiteStorage(BaseStorage):
    def __init__(self, db: Database, key_builder: KeyBuilder | None = None) -> None:
        self._db = db
        self._keys = key_builder or DefaultKeyBuilder(with_bot_id=True, with_destiny=True)

    def _key(self, key: StorageKey) -> str:
        return self._keys.build(key)

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        value = state.state if isinstance(state, State) else state
        await self._db.execute(
            "INSERT INTO fsm (key, state, updated_at) VALUES (?, ?, ?) "
            "ON CONFLICT (key) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at",
            (self._key(key), value, utc_iso(datetime.now(UTC))),
        )

    async def get_state(self, key: StorageKey) -> str | None:
        return await self._db.fetch_value("SELECT state FROM fsm WHERE key = ?", (self._key(key),))

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        payload = json.dumps(dict(data), ensure_ascii=False)
        await self._db.execute(
            "INSERT INTO fsm (key, data, updated_at) VALUES (?, ?, ?) "
            "ON CONFLICT (key) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at",
            (self._key(key), payload, utc_iso(datetime.now(UTC))),
        )

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        raw = await self._db.fetch_value("SELECT data FROM fsm WHERE key = ?", (self._key(key),))
        return json.loads(raw) if raw else {}

    async def close(self) -> None:
        """The database is closed by its owner."""
