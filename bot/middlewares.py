"""Per-update context: who is writing, in which language, and what they may do."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.fsm.context import FSMContext
from aiogram.types import TelegramObject
from aiogram.types import User as TgUser

from bot.domain.people import language_for
from bot.domain.school import SchoolConfig
from bot.i18n import I18n
from bot.services.people import Directory, Staff

__all__ = ["ContextMiddleware", "Staff"]
from storage.users import UserRepository


class ContextMiddleware(BaseMiddleware):
    """Puts `user`, `lang`, `t`, `staff` and the running `school` into handler data.

    `school` and `staff` come from the Directory, the one holder of the school file: after
    /reload every next update sees the new file (the dispatcher's own keyword data is
    copied once when polling starts, so it cannot be the place for it)."""

    def __init__(self, users: UserRepository, i18n: I18n, school: SchoolConfig, reach: Directory | None = None) -> None:
        self._users = users
        self._i18n = i18n
        self._school = school if reach is None else None  # with a Directory, the school is its
        self._reach = reach  # the Directory: staff chats' "last seen" (bot/services/people.py)

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        from_user: TgUser | None = data.get("event_from_user")
        if from_user is None or from_user.is_bot:
            return await handler(event, data)
        if self._reach is not None and self._reach.needs_seen(from_user.id):  # rare: no write on most updates
            await self._reach.mark_seen(from_user.id)
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
        if self._reach is not None:
            data["school"] = self._reach.school
            data["staff"] = self._reach.staff_for(from_user.id)
        else:
            assert self._school is not None
            data["staff"] = Staff(
                is_admin=self._school.is_admin(from_user.id),
                is_head=self._school.school.head.telegram_id == from_user.id,
                specialist=self._school.specialist_by_telegram_id(from_user.id),
                is_class_teacher=bool(self._school.classes_of_teacher(from_user.id)),
            )
        return await handler(event, data)
