"""What the tests of role filters and guarded routers share: a person of each role, a bot that
records what it would send instead of sending it, and a translator that shows the key."""

from __future__ import annotations

from typing import Any

from aiogram import Bot
from aiogram.methods import TelegramMethod

from bot.services.people import NOBODY, Specialist, Staff

ADMIN = Staff(is_admin=True, is_head=False, specialist=None)
CLASS_TEACHER = Staff(is_admin=False, is_head=False, specialist=None, is_class_teacher=True)
SPECIALIST = Staff(is_admin=False, is_head=False, specialist=Specialist.__new__(Specialist))
PEOPLE = {"nobody": NOBODY, "a class teacher": CLASS_TEACHER, "a specialist": SPECIALIST, "an administrator": ADMIN}


class RecordingBot(Bot):
    def __init__(self) -> None:
        super().__init__(token="42:TEST")
        self.sent: list[TelegramMethod[Any]] = []

    async def __call__(self, method: TelegramMethod[Any], request_timeout: int | None = None) -> Any:
        self.sent.append(method)
        return True


def t(key: str, **_: Any) -> str:
    return f"<{key}>"
