"""The help desk's state and what every part of it asks: who can see a request, who is
next in line, where a routing decision places it, who may act on it."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from bot.clock import Clock
from bot.domain.courtesy import CourtesyFilter
from bot.domain.requests import (
    Actor,
    Move,
    Status,
    Topic,
    permits,
    refusal,
)
from bot.domain.routing import RoutingDecision, next_holder
from bot.domain.school import SchoolConfig
from bot.domain.staff_refs import ADMINS, HandoverTarget, TargetKind, is_one_admin
from bot.domain.timetable import SlotOccurrence, Timetable
from bot.services.outgoing import Courier, Presenter
from bot.services.people import Directory
from storage.db import Database
from storage.requests import NewRequest, Request, RequestRepository
from storage.uow import UnitOfWork, repositories_of

log = logging.getLogger("bot.services.helpdesk")  # one logger for the whole help desk


OPEN = tuple(s for s in Status if s.is_open)


@dataclass(frozen=True, slots=True)
class Attachment:
    content_type: str  # photo | document
    file_id: str
    message_id: int
    caption: str | None = None


class Inbound(NamedTuple):
    """A message of the requester's that goes along with the card."""

    chat_id: int
    message_id: int
    content_type: str
    text: str | None
    row_id: int | None = None  # its request_messages row: the relay's ref_id, for the reaction on it


IMMEDIATE_TOPICS = (Topic.LOST_LOGIN, Topic.COMPROMISED)  # to the administrators at once (R4.1, R4.3)
RECEIPT_HELD_FOR = 15.0  # seconds a receipt waits for its handler before it goes out as written at filing
CARD_HEAD_START = 2.0  # seconds the requester's acknowledgement waits for the card to go out
QUEUE_LIST_FROM = 3  # this many requests reaching one person at once come as one queue message
REDELIVER_LIMIT = 50  # at most this many failed messages are sent again when a person comes back
# A follow-up is confirmed by this reaction on the person's message once its relay went out
# (one of Telegram's allowed reaction emoji); if Telegram refuses it, by one text per burst.
RELAYED_REACTION = "👌"
BURST = timedelta(minutes=2)  # messages closer together than this are one burst: one text at most
# Outbox purposes of rows about a request (docs/decisions.md, "How replies find their request"):
# ref_id is the request's id, except for RELAY_IN, whose ref_id is the request_messages row relayed.
ABOUT_REQUEST = "request"
RELAY_IN = "relay_in"
REACTION = "reaction"


@dataclass(frozen=True, slots=True)
class Filing:
    new: NewRequest
    attachments: tuple[Attachment, ...]
    chat_id: int


class Plan(NamedTuple):
    changes: dict[str, Any]
    events: list[tuple[str, int | None, dict[str, Any]]]
    due_now: bool


@dataclass(frozen=True, slots=True)
class Filed:
    request: Request
    created: bool  # False: this form was already sent (a double press)
    cards: tuple[asyncio.Task[None], ...] = ()  # the card's sending, when it was due at once


@dataclass(frozen=True, slots=True)
class ActionResult:
    ok: bool
    request: Request | None
    reason: str | None = None  # a text key when not ok
    args: dict[str, Any] = field(default_factory=dict)


class DeskCore:
    """The state every part shares (bot/services/helpdesk/__init__.py puts the parts together)."""

    def __init__(
        self,
        db: Database,
        school: SchoolConfig,
        clock: Clock,
        directory: Directory,
        outbox: Courier | None = None,
        courtesy: CourtesyFilter | None = None,
        *,
        views: Presenter,
    ) -> None:
        self.db = db
        self.views = views  # words the notices (bot/views/present.py::Views, given by the wiring)
        # The school file is the Directory's (its one holder, replaced by /reload).
        self.clock = clock
        self.directory = directory
        repos = repositories_of(db)
        self.requests = repos.requests
        self.substitutions = repos.substitutions
        self.sent = repos.outbox  # what became of the rows about requests
        self.outbox = outbox
        self.courtesy = courtesy or CourtesyFilter()
        self._timetable = Timetable(school, ())
        self._announcing: set[int] = set()  # requests whose requester is answered once their card is out
        directory.clock = clock.now

    @property
    def school(self) -> SchoolConfig:
        return self.directory.school

    @property
    def timetable(self) -> Timetable:
        return self._timetable

    def can_see(self, assignee: str) -> bool:
        """Whether anyone behind this assignee can get the bot's messages (ADMINS: any
        administrator). A chat never refused counts: it is tried."""
        try:
            chats = self.directory.chats_of(assignee)
        except KeyError:
            return False
        return any(c is not None and self.directory.is_reachable(c) for c in chats)

    def _head_id(self) -> str | None:
        return self.directory.head_staff_id()

    def unreachable_specialists(self) -> set[str]:
        """Specialists Telegram refused and who have not written since: routing and escalation pass them by."""
        return {s.id for s in self.school.specialists if not self.can_see(s.id)}

    def _next_holder(self, current: str, area: str, now: datetime, counts: dict[str, int],
                     tried: set[str] | frozenset[str] = frozenset()) -> str | None:
        head = self._head_id()
        specialist = current != ADMINS and not is_one_admin(current)
        return next_holder(
            current, area, now, self._timetable, counts, tried, skip=self.unreachable_specialists(),
            is_specialist=specialist and self.area_known(area),
            admins=ADMINS if self.can_see(ADMINS) else None,
            head=head if head is not None and self.can_see(head) else None,
        )

    def _reachable_or_next(self, assignee: str, area: str, now: datetime, counts: dict[str, int],
                           tried: set[str] | frozenset[str] = frozenset()) -> str:
        """The assignee, unless known not to see it: then the next person who can act (or the
        assignee still, when nobody further along can be reached either)."""
        if self.can_see(assignee):
            return assignee
        return self._next_holder(assignee, area, now, counts, tried) or assignee

    def _last_resort(self) -> str:
        """The end of the chain: the administrators, or the head when none of them can be reached."""
        head = self._head_id()
        if not self.can_see(ADMINS) and head is not None and self.can_see(head):
            return head
        return ADMINS

    async def _tried(self, request_id: int) -> set[str]:
        """Everyone the request has been with or passed by (not offered to them again)."""
        tried: set[str] = set()
        for _, name, detail in await self.requests.events(request_id):
            if name in ("delivered", "escalated", "handed_over", "moved"):
                tried.update(v for v in (detail.get("assignee"), detail.get("by"), detail.get("from")) if v)
        return tried

    def _serving(self, assignee: str, scheduled_id: str | None, slot_start: datetime | None) -> str:
        """Still with the timetable's person: a substitution for the slot's day applies."""
        if scheduled_id and slot_start and assignee == scheduled_id:
            return self._timetable.serving(scheduled_id, slot_start.astimezone(self.school.tz).date())
        return assignee

    def _placement(self, decision: RoutingDecision | None, now: datetime) -> dict[str, Any]:
        if decision is None:
            return {"status": Status.ASSIGNED, "assignee_id": ADMINS, "card_due_at": now}
        slot: SlotOccurrence = decision.slot
        return {
            "status": Status.ASSIGNED if decision.immediate else Status.NEW,
            "assignee_id": decision.specialist_id,
            "scheduled_id": slot.scheduled_id,
            "slot_start": slot.start,
            "slot_end": slot.end,
            "slot_room": slot.room,
            "card_due_at": now if decision.immediate else slot.start,
            "delivered_at": None,
        }

    def area_known(self, area: str | None) -> bool:
        return area is not None and any(a.id == area for a in self.school.areas)

    def handover_target_known(self, target: str) -> bool:
        """A hand-over goes to a specialist of the school file, an area of it, or the
        administrators; nothing else (a forged button could name any Telegram id)."""
        to = HandoverTarget.parse(target)
        if to.kind is TargetKind.ADMINS:
            return True
        if to.kind is TargetKind.AREA:
            return self.area_known(to.value)
        return any(spec.id == to.value for spec in self.school.specialists)

    def actor(self, r: Request, staff_id: str) -> Actor:
        """Who this staff member is to the request, as its life cycle names them."""
        if staff_id in (r.assignee_id, r.taken_by):
            return Actor.HOLDER
        if self.directory.is_admin(self.directory.member(staff_id).telegram_id):
            return Actor.HEAD if staff_id == self._head_id() else Actor.ADMINISTRATOR
        return Actor.OTHER_SPECIALIST

    def may_act(self, r: Request, staff_id: str) -> bool:
        """Whether this person may work on the request at all (the holder, an administrator, the head)."""
        return self.actor(r, staff_id) is not Actor.OTHER_SPECIALIST

    async def _for_staff(self, uow: UnitOfWork, request_id: int, staff_id: str,
                         move: Move) -> Request | ActionResult:
        """The open request a staff member may make this move on, or why not (the life cycle
        decides: bot/domain/requests.py). A move its state does not allow (an old card's
        button) is refused as outdated."""
        r = await RequestRepository.get_in(uow.conn, request_id)
        if r is None or not r.status.is_open:
            return ActionResult(False, r, "card-closed")
        actor = self.actor(r, staff_id)
        if not permits(move, actor):
            return ActionResult(False, r, "card-assigned-to-other", {"holder": r.assignee_id or ""})
        if refusal(move, r.status, actor) is not None:
            return ActionResult(False, r, "button-outdated")
        return r

    @staticmethod
    async def _for_requester(uow: UnitOfWork, request_id: int, requester_id: int) -> Request | None:
        r = await RequestRepository.get_in(uow.conn, request_id)
        return r if r is not None and r.requester_id == requester_id else None

    def _wake(self) -> None:
        if self.outbox is not None:
            self.outbox.wake()

