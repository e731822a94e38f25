"""Per-update context: who is writing, in which language, and what they may do."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiogram import BaseMiddleware
from aiogram.fsm.context import FSMContext
from aiogram.types import TelegramObject
from aiogram.types import User as TgUser

from bot.domain.people import language_for
from bot.domain.school import SchoolConfig, Specialist
from bot.i18n import I18n
from storage.users import UserRepository


@dataclass(frozen=True, slots=True)
class Staff:
    """What the configuration says about this Telegram account."""

    is_admin: bool
    is_head: bool
    specialist: Specialist | None
    is_class_teacher: bool = False


class ContextMiddleware(BaseMiddleware):
    """Puts `user`, `lang`, `t` and `staff` into handler data."""

    def __init__(self, users: UserRepository, i18n: I18n, school: SchoolConfig) -> None:
        self._users = users
        self._i18n = i18n
        self._school = school

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        from_user: TgUser | None = data.get("event_from_user")
        if from_user is None or from_user.is_bot:
            return await handler(event, data)
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
        data["staff"] = Staff(
            is_admin=self._school.is_admin(from_user.id),
            is_head=self._school.school.head.telegram_id == from_user.id,
            specialist=self._school.specialist_by_telegram_id(from_user.id),
            is_class_teacher=bool(self._school.classes_of_teacher(from_user.id)),
        )
        return await handler(event, data)
