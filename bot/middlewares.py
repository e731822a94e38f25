"""Per-update context: who is writing, in which language, and what they may do."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.fsm.context import FSMContext
from aiogram.types import TelegramObject
from aiogram.types import User as TgUser

from bot.domain.people import language_for
from bot.i18n import I18n
from bot.services.people import Directory, Staff

__all__ = ["ContextMiddleware", "Staff"]


class ContextMiddleware(BaseMiddleware):
    """Puts `user`, `lang`, `t`, `staff` and the running `school` into handler data.

    `school` and `staff` come from the Directory, the one holder of the school file: after
    /reload every next update sees the new file (the dispatcher's own keyword data is
    copied once when polling starts, so it cannot be the place for it)."""

    def __init__(self, directory: Directory, i18n: I18n) -> None:
        self._directory = directory  # also staff chats' "last seen" (bot/services/people.py)
        self._users = directory.users
        self._i18n = i18n

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        from_user: TgUser | None = data.get("event_from_user")
        if from_user is None or from_user.is_bot:
            return await handler(event, data)
        if self._directory.needs_seen(from_user.id):  # rare: no write on most updates
            await self._directory.mark_seen(from_user.id)
        user = await self._users.get(from_user.id)
        if user is not None:
            lang = user.language
        else:
            state: FSMContext | None = data.get("state")
            stored = (await state.get_data()).get("lang") if state else None
            lang = stored or language_for(from_user.language_code, self._i18n.default)
        data["user"] = user
        data["lang"] = lang
        data["t"] = self._i18n.get(lang)
        data["school"] = self._directory.school
        data["staff"] = self._directory.staff_for(from_user.id)
        return await handler(event, data)
