"""Reachability of chats (migration 0009): last seen, and since when Telegram refuses them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from storage.db import Database, from_iso, utc_iso


@dataclass(frozen=True, slots=True)
class Reach:
    last_seen: datetime | None
    unreachable_since: datetime | None
    error: str | None

    @property
    def reachable(self) -> bool:
        return self.unreachable_since is None


UNREACHABLE_ERRORS = ("chat not found", "bot was blocked", "user is deactivated", "bot can't initiate conversation",
                      "bot can't send messages to bots")


def is_reach_error(error: str) -> bool:
    """Telegram's answers that mean the person cannot get messages from the bot (for now)."""
    lowered = error.lower()
    return any(marker in lowered for marker in UNREACHABLE_ERRORS)


class ReachRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def all(self) -> dict[int, Reach]:
        rows = await self._db.fetch_all("SELECT chat_id, last_seen_at, unreachable_since, error FROM chat_reach")
        return {r[0]: Reach(from_iso(r[1]), from_iso(r[2]), r[3]) for r in rows}

    async def unreachable(self, chat_id: int, at: datetime, error: str) -> None:
        await self._db.execute(
            "INSERT INTO chat_reach (chat_id, unreachable_since, error) VALUES (?, ?, ?) "
            "ON CONFLICT (chat_id) DO UPDATE SET unreachable_since = COALESCE(unreachable_since, excluded.unreachable_since), "
            "error = excluded.error",
            (chat_id, utc_iso(at), error[:300]),
        )

    async def seen(self, chat_id: int, at: datetime) -> None:
        await self._db.execute(
            "INSERT INTO chat_reach (chat_id, last_seen_at) VALUES (?, ?) "
            "ON CONFLICT (chat_id) DO UPDATE SET last_seen_at = excluded.last_seen_at, unreachable_since = NULL, "
            "error = NULL",
            (chat_id, utc_iso(at)),
        )
