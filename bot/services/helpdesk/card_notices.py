"""What the cards, the queue messages and the staff's moves tell people, as notices: the
values of each event, worded by bot/views/cards.py (and bot/views/courtesy.py)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.services.helpdesk.core import Inbound
from bot.services.helpdesk.notices import RequesterNotice, StaffNotice
from bot.services.outgoing import Notice
from storage.requests import Request

QUEUE_LIST_SIZE = 50  # at most this many requests per queue message (Telegram: 100 buttons)
QUEUE_LIST_TEXT = 3800  # and at most this much text (Telegram: 4,096 characters)


# --- cards and queue messages to staff ---------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class RequestCard(Notice):
    """The card of a request in a chat of its holder: what it is, who asked, and the moves the
    request's state offers them as buttons."""

    request: Request


@dataclass(frozen=True, kw_only=True)
class CardUpdate(Notice):
    """A card already sent (`message_id`), edited to where the request stands now; the buttons
    only in the chats of its holder (`theirs`)."""

    request: Request
    message_id: int
    theirs: bool


@dataclass(frozen=True, kw_only=True)
class QueueList(Notice):
    """Requests that reached `holder` at once, one line each, with a Take button for each
    still waiting for them; the others show where they stand now."""

    requests: tuple[Request, ...]
    holder: str


@dataclass(frozen=True, kw_only=True)
class QueueListUpdate(Notice):
    """A queue message already sent (`message_id`), edited to where its requests stand now."""

    requests: tuple[Request, ...]
    holder: str
    message_id: int


@dataclass(frozen=True, kw_only=True)
class CardUndeliverable(StaffNotice):
    """To the administrators: a card could not reach `name` (a specialist), and where the
    request went (`moved`: to `holder`; else it stays, nobody further could be reached)."""

    number: str
    name: str
    moved: bool
    holder: str | None = None


# --- the staff's moves ---------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class AnswerRelayed(RequesterNotice):
    """The specialist's answer passed on to the requester (text, or media copied), under a
    header with their name, with the requester's buttons of the request's state."""

    specialist: str
    message: Inbound


@dataclass(frozen=True, kw_only=True)
class RequestTaken(RequesterNotice):
    """Someone took the request: who, and where a specialist receives."""

    name: str
    position: str | None
    room: str | None


@dataclass(frozen=True, kw_only=True)
class RequestResolved(RequesterNotice):
    """The request is resolved; the requester may reopen it within `reopen_days`."""

    reopen_days: int


@dataclass(frozen=True, kw_only=True)
class EndedForCourtesy(RequesterNotice):
    """The specialist stopped helping for a conduct violation (the rule is named)."""


@dataclass(frozen=True, kw_only=True)
class CourtesyBreachReported(StaffNotice):
    """To the specialist's supervisor: a request ended for a conduct violation."""

    number: str
    specialist: str
    requester: str
    marks: int


# --- the courtesy desk -------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class CourtesyMarkConfirmed(RequesterNotice):
    """A specialist confirmed a flagged message as a violation: the requester is warned (the rule is named)."""


@dataclass(frozen=True, kw_only=True)
class CourtesyMarkRemoved(RequesterNotice):
    """A mark was removed: the requester is told."""
