"""Filters checked in the event loop.

aiogram runs every filter that is not a coroutine (a bare `F.text`, a lambda) through
`asyncio.to_thread`: a hop to a worker thread and back for each check of each update.
On the bot's busiest paths (every message passes the private-chat filter) those hops
were a large part of the cost of an update. `When(F...)` evaluates the same magic
filter right in the loop; `tests/unit/test_routers.py` fails if a plain one slips in.
"""

from __future__ import annotations

from typing import Any

from aiogram.filters import Filter
from aiogram.types import TelegramObject
from magic_filter import MagicFilter


class When(Filter):
    """`When(F.text & ~F.text.startswith("/"))`: the magic filter, without the thread."""

    __slots__ = ("magic",)

    def __init__(self, magic: MagicFilter) -> None:
        self.magic = magic

    async def __call__(self, event: TelegramObject, **_: Any) -> Any:
        return self.magic.resolve(event)

    def __str__(self) -> str:
        return f"When({self.magic!r})"
