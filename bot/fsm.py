"""aiogram's FSM storage over the `fsm` table (storage/fsm.py): a person halfway through a
form keeps it across restarts. This file only translates aiogram's keys and states; the
rows and their cache are storage's."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, DefaultKeyBuilder, KeyBuilder, StateType, StorageKey

from storage.db import Database
from storage.fsm import FormRows


class SQLiteStorage(BaseStorage):
    def __init__(self, db: Database, key_builder: KeyBuilder | None = None, cache_size: int = 20_000) -> None:
        self._rows = FormRows(db, cache_size)
        self._keys = key_builder or DefaultKeyBuilder(with_bot_id=True, with_destiny=True)

    def _key(self, key: StorageKey) -> str:
        return self._keys.build(key)

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        value = state.state if isinstance(state, State) else state
        built = self._key(key)
        _, data = await self._rows.load(built)
        await self._rows.store(built, value, data)

    async def set_state_and_data(self, key: StorageKey, state: StateType, data: Mapping[str, Any]) -> None:
        """Both in one write (a first contact sets the language and the consent step at once)."""
        value = state.state if isinstance(state, State) else state
        await self._rows.store(self._key(key), value, json.dumps(dict(data), ensure_ascii=False, sort_keys=True))

    async def get_state(self, key: StorageKey) -> str | None:
        return (await self._rows.load(self._key(key)))[0]

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        built = self._key(key)
        state, _ = await self._rows.load(built)
        await self._rows.store(built, state, json.dumps(dict(data), ensure_ascii=False, sort_keys=True))

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        return json.loads((await self._rows.load(self._key(key)))[1])  # type: ignore[no-any-return]

    async def close(self) -> None:
        """The database is closed by its owner."""
