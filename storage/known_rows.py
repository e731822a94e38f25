"""Which keys of a table have a row, read once: a key never seen costs no read."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Generic, TypeVar

from storage.db import Database

K = TypeVar("K", bound=Hashable)


class KnownRows(Generic[K]):
    """The keys of one table that have a row, read once at the first lookup and kept.
    Hundreds of people who never wrote before arrive together when a school announces the
    bot: for them the answer "no row" then costs no read. Rows this process adds are noted
    with `added`; rows it deletes need no note (a stale "has a row" only costs one read)."""

    def __init__(self, db: Database, sql: str) -> None:
        self._db = db
        self._sql = sql  # the key column of every row: "SELECT key FROM …"
        self._keys: set[K] | None = None
        self._added: set[K] = set()  # also while the first read is under way
        self._loading = False

    def added(self, key: K) -> None:
        self._added.add(key)

    async def may_have(self, key: K) -> bool:
        """False only when the key certainly has no row. While the first caller reads the keys
        (in its own task: a caller's transaction is joined, never waited for), the others are
        told "maybe" and ask the database as before."""
        if key in self._added:
            return True
        if self._keys is None:
            if self._loading:
                return True
            self._loading = True
            try:
                self._keys = {row[0] for row in await self._db.fetch_all(self._sql)}
            finally:
                self._loading = False
        return key in self._keys
