"""A person's own account in the bot: the consent that creates it, the language and the role
they choose. The handlers call this; the rows (and their cache) are storage's (storage/users.py)."""

from __future__ import annotations

from bot.clock import Clock
from bot.domain.people import Role
from storage.users import User, UserRepository


class Accounts:
    def __init__(self, users: UserRepository, clock: Clock) -> None:
        self._users = users  # the process's one write-through cache
        self._clock = clock

    async def consent(self, telegram_id: int, language: str) -> User:
        """The consent is given (a second press keeps the first moment): the account exists."""
        return await self._users.give_consent(telegram_id, language, self._clock.now())

    async def set_language(self, telegram_id: int, language: str) -> None:
        await self._users.set_language(telegram_id, language, self._clock.now())

    async def set_role(self, telegram_id: int, role: Role) -> User:
        """The role chosen; the account as it is now."""
        await self._users.set_role(telegram_id, role, self._clock.now())
        user = await self._users.get(telegram_id)
        assert user is not None
        return user
