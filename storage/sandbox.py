"""The sandbox's demo data (bot/sandbox/seed.py): what its made-up history queued for people
but nobody should get now (the cards and notices of requests that were settled long ago)."""

from __future__ import annotations

from storage.db import Database


async def drop_queued(db: Database, *, held_only: bool = False) -> None:
    """Forget the outbox rows not sent yet: all of them, or only the receipts held for a
    form's handler (`held_only`; the seed files requests without one)."""
    if held_only:
        await db.execute("DELETE FROM outbox WHERE batch = 'held' AND sent_at IS NULL")
    else:
        await db.execute("DELETE FROM outbox WHERE sent_at IS NULL")
