"""What the help desk tells people about a request, as notices: the receipt, where it is
placed, that it moved, the alerts of compromised access, substitutions, deadline reminders,
follow-ups passed on; and the plumbing that queues one notice to staff chats or to the
requester. bot/views/requests.py words them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from bot.domain.courtesy import Verdict
from bot.domain.timetable import Substitution
from bot.services.helpdesk.core import (
    ABOUT_REQUEST,
    DeskCore,
)
from bot.services.outgoing import Notice, post
from storage.courtesy import CourtesyMark
from storage.requests import Request
from storage.uow import UnitOfWork


@dataclass(frozen=True, kw_only=True)
class StaffNotice(Notice):
    """A message to a staff chat about a request or a substitution (no buttons); `chat_id` and
    `lang` are the reader's (`_tell_staff` fills them)."""


@dataclass(frozen=True, kw_only=True)
class RequesterNotice(Notice):
    """A message to the person who filed `request` (`chat_id` is `request.requester_id`, `lang`
    `request.language`). `buttons`: the requester's buttons under it, worded by the views from
    the request (bot/views/requests.py::requester_buttons)."""

    request: Request
    buttons: bool = False


# --- to the requester ----------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Receipt(RequesterNotice):
    """The request is filed: its number, where it is placed, the deadline of new access, the
    courtesy rule when its text broke it; for compromised access what became of the head's
    alert (`head`: `Filings.head_alert`, None while it is on its way or not asked)."""

    head: str | None = None


@dataclass(frozen=True, kw_only=True)
class Placed(RequesterNotice):
    """Who takes the request, when and where (R2.3); `handed_over`: a staff member passed it on."""

    handed_over: bool = False


@dataclass(frozen=True, kw_only=True)
class Moved(RequesterNotice):
    """The request went to someone else (escalated, or its holder could not be reached)."""


class Update(Enum):
    """One-line news about a request for its requester."""

    HEAD_TOLD = "head-told"  # the head has the alert of compromised access
    HEAD_UNREACHABLE = "head-unreachable"  # the head's alert was refused
    FOLLOW_UP_RELAYED = "follow-up-relayed"  # the messages of a burst reached the holder (no reaction possible)


@dataclass(frozen=True, kw_only=True)
class RequestUpdate(RequesterNotice):
    update: Update


@dataclass(frozen=True, kw_only=True)
class FollowUpUndelivered(RequesterNotice):
    """A follow-up did not reach anyone; the notice answers that message (`message_id`)."""

    message_id: int


@dataclass(frozen=True, kw_only=True)
class AutoClosed(RequesterNotice):
    """Closed after waiting `hours` for the requester's answer."""

    hours: int


@dataclass(frozen=True, kw_only=True)
class RelayArrived(Notice):
    """The reaction on the requester's message `message_id`: it reached the holder."""

    message_id: int


# --- to staff ------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class CompromiseAlert(StaffNotice):
    """R4.3: someone else may be using the requester's access (to the head and the administrators)."""

    request: Request


@dataclass(frozen=True, kw_only=True)
class HeadUnreachable(StaffNotice):
    """To the administrators: the head's alert about request `number` was refused; ask them to open the bot."""

    number: str


@dataclass(frozen=True, kw_only=True)
class ClosedByRequester(StaffNotice):
    number: str


@dataclass(frozen=True, kw_only=True)
class DeadlineNear(StaffNotice):
    """The deadline of new access for request `number` is `deadline`."""

    number: str
    deadline: datetime | None


@dataclass(frozen=True, kw_only=True)
class ComplaintFiled(StaffNotice):
    """R3.3: to the specialist's supervisor; `text` is the requester's own words."""

    number: str
    specialist_id: str
    requester_name: str
    text: str


@dataclass(frozen=True, kw_only=True)
class SubstitutionNews(StaffNotice):
    """To the substitute: they stand in (`cancelled`: no longer) for the absent specialist."""

    sub: Substitution
    cancelled: bool = False


@dataclass(frozen=True, kw_only=True)
class FollowUpRelay(Notice):
    """A requester's message passed on to a holder of the request (copied when not a text),
    with the courtesy check's flag or mark (`row_id`: its request_messages row)."""

    request: Request
    from_chat: int
    message_id: int
    content_type: str
    text: str | None
    row_id: int | None
    verdict: Verdict
    mark: CourtesyMark | None = None


@dataclass(frozen=True, kw_only=True)
class Reopened(Notice):
    """To the holder: the requester reopened the request; its card follows."""

    request: Request


class Notices(DeskCore):
    async def _tell_requester_moved(self, uow: UnitOfWork, r: Request) -> None:
        """The request went to someone else (escalated, or its holder could not be reached)."""
        await self._notify_requester(uow, r, Moved(chat_id=r.requester_id, lang=r.language, request=r),
                                     key=f"moved:{r.id}:{r.assignee_id}:{r.updated_at.isoformat()}")

    async def _tell_staff(self, uow: UnitOfWork, chats: Sequence[int | None],
                          notice_for: Callable[[int, str], Notice], *, dedupe: str,
                          purpose: str | None = None, ref_id: int | None = None) -> None:
        """One notice to each of these staff chats (each once; None: not joined yet), each in its
        reader's language: `notice_for(chat, lang)` builds it."""
        for chat in dict.fromkeys(c for c in chats if c is not None):
            lang = await self.directory.language_of(chat)
            await post(uow, self.views, notice_for(chat, lang), dedupe_key=f"{dedupe}:{chat}",
                       purpose=purpose, ref_id=ref_id)

    async def _notify_requester(self, uow: UnitOfWork, r: Request, notice: RequesterNotice, *, key: str) -> None:
        """A notice to the requester about `r`, linked to it (replies to it find the request)."""
        await post(uow, self.views, notice, dedupe_key=key, purpose=ABOUT_REQUEST, ref_id=r.id)
