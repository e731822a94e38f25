"""Routers, one per feature, composed in the order they must be tried."""

from __future__ import annotations

from aiogram import F, Router

from bot.filters import When
from bot.handlers import (
    admin,
    announcements,
    backup,
    common,
    courtesy,
    diary_optouts,
    fallback,
    marks,
    mydata,
    onboarding,
    parents,
    reports,
    request_form,
    requester,
    specialist,
    staff,
    status,
    timetable,
)


def get_routers() -> list[Router]:
    """Private chats only: the bot is not meant to work in groups.

    A router for one role (`guard()`, bot/filters.py) refuses whoever lacks it, but only once one
    of its handlers matched: an update none of them matches goes on to the next router, so a
    parent's ordinary messages pass the staff's routers untouched."""
    private = Router(name="private")
    private.message.filter(When(F.chat.type == "private"))
    private.include_routers(
        specialist.replies,  # a staff member's «Reply» to a request's message (reply-to only)
        onboarding.router,  # first: /start is the busiest update there is
        # The busiest buttons next. Each router an update passes costs aiogram ~0.1 ms, and the
        # form's "Send" was tenth in line. Buttons' prefixes never overlap, so their order
        # changes nothing else; these routers hold no message handlers.
        request_form.buttons,
        specialist.buttons,
        staff.router,  # `/start staff-…` (a staff link) before the parents' codes; /id, /staff, /reload
        parents.router,  # /start with an invitation code
        parents.teachers,  # /invite and its steps (a class teacher or an administrator; others are refused)
        common.router,
        mydata.router,  # /mydata, /forget
        announcements.router,  # /announce for the administrators, /announcements for everyone
        timetable.router,
        admin.router,
        status.router,  # /status for the administrators
        reports.router,  # /report, /archive for the administrators
        backup.router,  # /backup, /audit for the administrators
        courtesy.router,  # confirming and removing marks of conduct violations (the reason's step)
        diary_optouts.router,  # /optout, /optouts (a class teacher or an administrator)
        # /import and /printout (a class teacher or an administrator), before the request's
        # follow-ups: a file sent after /import is the import
        marks.teachers,
        marks.router,
        specialist.router,  # /queue and the answer's step (those who hold requests); before requester: a
        # specialist's reply state wins over follow-ups
        request_form.router,
        requester.router,
        fallback.router,
    )
    return [private]
