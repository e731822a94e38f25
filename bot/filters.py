"""Filters checked in the event loop.

aiogram runs every filter that is not a coroutine (a bare `F.text`, a lambda) through
`asyncio.to_thread`: a hop to a worker thread and back for each check of each update.
On the bot's busiest paths (every message passes the private-chat filter) those hops
were a large part of the cost of an update. `When(F...)` evaluates the same magic
filter right in the loop; `tests/unit/test_routers.py` fails if a plain one slips in.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware, Router
from aiogram.filters import Filter
from aiogram.types import CallbackQuery, Message, TelegramObject
from magic_filter import MagicFilter

from bot.services.people import NOBODY, Staff


class When(Filter):
    """`When(F.text & ~F.text.startswith("/"))`: the magic filter, without the thread."""

    __slots__ = ("magic",)

    def __init__(self, magic: MagicFilter) -> None:
        self.magic = magic

    async def __call__(self, event: TelegramObject, **_: Any) -> Any:
        return self.magic.resolve(event)

    def __str__(self) -> str:
        return f"When({self.magic!r})"


# --- roles --------------------------------------------------------------------------------------
# One set of role filters for every handler module. `staff` is what the school file says about the
# person writing (bot/middlewares.py puts it into every update's data).


class RoleFilter(Filter):
    """A role from the school file. As a filter (`router.message.filter(IsSpecialist())`) an
    update of someone without the role passes on to the next router; with `guard()` it is
    refused politely instead. `IsClassTeacher() | IsAdministrator()`: either role."""

    __slots__ = ()
    title = "a staff member"  # for the log line of a refusal

    def allows(self, staff: Staff) -> bool:
        raise NotImplementedError

    async def __call__(self, event: TelegramObject, staff: Staff = NOBODY, **_: Any) -> bool:
        return self.allows(staff)

    def __or__(self, other: RoleFilter) -> AnyRole:
        return AnyRole(self, other)

    def __str__(self) -> str:
        return type(self).__name__ + "()"


class IsAdministrator(RoleFilter):
    __slots__ = ()
    title = "an administrator"

    def allows(self, staff: Staff) -> bool:
        return staff.is_admin


class IsSpecialist(RoleFilter):
    __slots__ = ()
    title = "a specialist"

    def allows(self, staff: Staff) -> bool:
        return staff.specialist is not None


class IsClassTeacher(RoleFilter):
    __slots__ = ()
    title = "a class teacher"

    def allows(self, staff: Staff) -> bool:
        return staff.is_class_teacher


class AnyRole(RoleFilter):
    """Someone with at least one of the roles."""

    __slots__ = ("roles", "title")
    roles: tuple[RoleFilter, ...]

    def __init__(self, *roles: RoleFilter) -> None:
        flat: list[RoleFilter] = []
        for role in roles:
            flat.extend(role.roles if isinstance(role, AnyRole) else [role])
        self.roles = tuple(flat)
        self.title = " or ".join(role.title for role in self.roles)

    def allows(self, staff: Staff) -> bool:
        return any(role.allows(staff) for role in self.roles)

    def __str__(self) -> str:
        return " | ".join(str(role) for role in self.roles)


# What the handlers need, by name. Which classes a person acts for, and which requests they may
# act on, are permissions on data and stay with the domain and the services.

# Invitations, opt-outs, the marks import, printouts: the domain's `ClassScope.may_invite()`
# (bot/domain/permissions.py): an administrator, or a class teacher of at least one class.
ACTS_FOR_CLASSES = IsClassTeacher() | IsAdministrator()

# A request's card, an answer to it, /queue: whoever has a staff id to act as on a request
# (`acting_staff_id`, bot/services/people.py): a specialist, the head or an administrator.
HOLDS_REQUESTS = IsSpecialist() | IsAdministrator()

# Anyone the school file names as staff: /forget keeps the staff messages still to be sent to them.
STAFF = IsSpecialist() | IsAdministrator() | IsClassTeacher()


class RoleGuard(BaseMiddleware):
    """An inner middleware: it runs only once one of the router's handlers matched the update
    (its command, its button, its form step), so someone without the role is refused exactly
    where the handler used to refuse them, and the update goes no further. The refusal is a
    polite text (an alert on a button) and a warning in the log."""

    def __init__(self, role: RoleFilter, refusal: str, log: logging.Logger) -> None:
        self.role = role
        self.refusal = refusal
        self.log = log

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        if self.role.allows(data.get("staff", NOBODY)):
            return await handler(event, data)
        t = data["t"]
        if isinstance(event, CallbackQuery):
            self.log.warning("a button (%s) refused: user %s is not %s",
                             (event.data or "").split(":", 1)[0], event.from_user.id, self.role.title)
            await event.answer(t(self.refusal), show_alert=True)
        elif isinstance(event, Message):
            who = event.from_user.id if event.from_user else None
            command = (event.text or "").split(maxsplit=1)[0].split("@", 1)[0] if (event.text or "").startswith("/") \
                else "a message"
            self.log.warning("%s refused: chat %s is not %s (user %s)", command, event.chat.id, self.role.title, who)
            await event.answer(t(self.refusal))
        return None


def guard(router: Router, role: RoleFilter, *, refusal: str = "admin-only", log: logging.Logger | None = None) -> Router:
    """Every handler of `router` (messages and buttons) for `role` only; anyone else who reaches
    one of them hears `refusal`. Returns the router, for `router = guard(Router(...), ...)`."""
    middleware = RoleGuard(role, refusal, log or logging.getLogger(__name__))
    router.message.middleware(middleware)
    router.callback_query.middleware(middleware)
    return router
