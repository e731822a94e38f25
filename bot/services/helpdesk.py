"""The help desk: files, routes, delivers, escalates and closes requests.

Every change and the messages it causes to other people commit in one
transaction (the outbox), so a crash never leaves a request routed but its
specialist uninformed. Messages to the person who pressed the button are the
handlers' business; everything addressed to somebody else goes through here.
"""

from __future__ import annotations

import asyncio
import dataclasses
import html
import logging
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, NamedTuple

import aiosqlite

from bot.clock import Clock
from bot.domain.courtesy import CourtesyFilter, Level, Verdict
from bot.domain.requests import (
    Actor,
    Move,
    Outcome,
    Refusal,
    Status,
    Topic,
    destination,
    permits,
    refusal,
    sources,
    step,
)
from bot.domain.routing import RoutingDecision, escalation_targets, next_holder, route_request
from bot.domain.school import SchoolConfig
from bot.domain.timetable import SlotOccurrence, Substitution, Timetable, substitution_problem
from bot.domain.workdays import add_working_days
from bot.events import event
from bot.i18n import Translator
from bot.outbox import OutboxWorker, Sent
from bot.services.courtesy import flagged_words, relay_note, rule_text
from bot.services.people import ADMIN_PREFIX, ADMINS, Directory
from bot.views.payloads import send_text
from bot.views.render import (
    QUEUE_LIST_SIZE,
    QUEUE_LIST_TEXT,
    assignee_name,
    card_rows,
    card_text,
    local,
    position_part,
    queue_list,
    requester_rows,
    rows_dict,
    state_line,
)
from storage.courtesy import REQUEST_TEXT, CourtesyMarks
from storage.db import Database
from storage.group_commit import GroupCommit
from storage.outbox import (
    PRIORITY_INTERACTIVE,
    OutboxItem,
    OutboxRepository,
    Outgoing,
    enqueue,
    enqueue_claimed_many,
    enqueue_held,
    enqueue_many,
    live_elsewhere_in,
    refused_of_chat_in,
    send_again_in,
)
from storage.reach import is_reach_error
from storage.requests import NewRequest, Request, RequestRepository, SubstitutionRepository

log = logging.getLogger(__name__)

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


class HelpDesk:
    def __init__(
        self,
        db: Database,
        school: SchoolConfig,
        clock: Clock,
        directory: Directory,
        outbox: OutboxWorker | None = None,
        courtesy: CourtesyFilter | None = None,
    ) -> None:
        self.db = db
        # The school file is the Directory's (its one holder, replaced by /reload).
        self.clock = clock
        self.directory = directory
        self.requests = RequestRepository(db)
        self.substitutions = SubstitutionRepository(db)
        self.sent = OutboxRepository(db)  # what became of the rows about requests
        self.outbox = outbox
        self.courtesy = courtesy or CourtesyFilter()
        self._timetable = Timetable(school, ())
        self._filings: GroupCommit[Filing, Filed] = GroupCommit(self._file_batch, name="filings")
        self._announcing: set[int] = set()  # requests whose requester is answered once their card is out
        directory.clock = clock.now
        directory.on_back.append(self.came_back)
        if outbox is not None:
            # What became of the rows about a request: where they landed (for replies), and
            # whether a follow-up really reached someone (a reaction, or the truth that it did not).
            outbox.on_sent[ABOUT_REQUEST] = self._linked
            outbox.on_sent[RELAY_IN] = self._relayed
            outbox.on_failed[RELAY_IN] = self._relay_failed
            outbox.on_blocked[RELAY_IN] = self._relay_failed
            outbox.on_failed[REACTION] = self._reaction_refused

    @property
    def school(self) -> SchoolConfig:
        return self.directory.school

    # --- the timetable with today's substitutions ------------------------------------------

    async def reload_substitutions(self) -> None:
        today = self.clock.now().astimezone(self.school.tz).date()
        self._timetable = Timetable(self.school, await self.substitutions.active(today - timedelta(days=1)))
        self._timetable.is_school_day(today)  # loads this year's public holidays now, not on a first request

    @property
    def timetable(self) -> Timetable:
        return self._timetable

    async def add_substitution(self, sub: Substitution, created_by: int) -> None:
        """Raises ValueError (its message a text key) for days that cannot be substituted."""
        now = self.clock.now()
        problem = substitution_problem(sub.start, sub.end, now.astimezone(self.school.tz).date())
        if problem is not None:
            raise ValueError(problem)
        await self.substitutions.add(sub, created_by, now)
        await self.reload_substitutions()
        # Requests queued for the absent specialist within the range now wait for the substitute.
        async with self.db.transaction() as conn:
            await self._move_waiting(conn, sub, to=sub.substitute_id, event="substituted", actor=created_by, now=now)
            await self._tell(conn, self.directory.chats_of(sub.substitute_id), "sub-notice-substitute",
                             dedupe=f"substitution:{sub.absent_id}:{sub.start}:{sub.end}:{now.isoformat()}",
                             **self.substitution_args(sub))
        self._wake()

    async def cancel_substitution(self, sub_id: int, cancelled_by: int) -> Substitution | None:
        """Ends a substitution (the specialist is back, or it was a mistake). Requests still
        queued for the substitute under it go back to the specialist whose slot it is;
        whatever the substitute already has (a card delivered, a request taken) stays with
        them. The substitute is told. None: it was cancelled already (a second press)."""
        now = self.clock.now()
        async with self.db.transaction() as conn:
            sub = await SubstitutionRepository.cancel_in(conn, sub_id, now)
            if sub is None:
                return None
            await self._move_waiting(conn, sub, to=sub.absent_id, event="substitution_cancelled", actor=cancelled_by,
                                     now=now, held_by=sub.substitute_id)
            await self._tell(conn, self.directory.chats_of(sub.substitute_id), "sub-notice-cancelled",
                             dedupe=f"substitution-cancelled:{sub_id}", **self.substitution_args(sub))
        await self.reload_substitutions()
        self._wake()
        return sub

    async def _move_waiting(self, conn: aiosqlite.Connection, sub: Substitution, *, to: str, event: str, actor: int,
                            now: datetime, held_by: str | None = None) -> None:
        """Requests queued (not yet delivered) for the absent specialist's slots on the days the
        substitution covers, and held by `held_by` when given, go to `to`."""
        for request_id, slot_start in await RequestRepository.queued_for_in(conn, sub.absent_id, held_by):
            if slot_start is None or not sub.covers(slot_start.astimezone(self.school.tz).date()):
                continue
            await RequestRepository.update(conn, request_id, now, assignee_id=to)
            await RequestRepository.event(conn, request_id, now, event, actor,
                                          absent=sub.absent_id, substitute=sub.substitute_id)

    def substitution_args(self, sub: Substitution) -> dict[str, str]:
        """Who stands in for whom and when, as the texts about a substitution show it."""
        return {"absent": self.directory.member(sub.absent_id).name,
                "substitute": self.directory.member(sub.substitute_id).name,
                "start": sub.start.strftime("%d.%m.%Y"), "end": sub.end.strftime("%d.%m.%Y")}

    async def substitutions_ahead(self) -> list[tuple[int, Substitution]]:
        """Substitutions running today or later, for the administrators to see and cancel."""
        return await self.substitutions.listed(self.clock.now().astimezone(self.school.tz).date())

    # --- filing --------------------------------------------------------------------------------

    async def file(self, new: NewRequest, attachments: list[Attachment], chat_id: int) -> Filed:
        """Number, place and record a request; when its specialist is on duty now, its card is
        queued in that same transaction and sent right after the commit. Requests confirmed
        at the same moment are written together (storage/group_commit.py)."""
        filing = Filing(new, tuple(attachments), chat_id)
        if self.db.in_transaction_here():  # a caller's own transaction: the writer task would wait for it
            filed = (await self._file_batch([filing]))[0]
        else:
            filed = await self._filings.submit(filing)
        if filed.cards:
            # The requester hears back once the specialist has the card (or after a moment, if
            # Telegram is slow): what the requester is told is then true, and fifty people's
            # acknowledgements do not stand in the way of fifty cards (bench/helpdesk_load.py).
            # A card Telegram refused has moved the request on by then: the receipt names
            # whoever holds it now, so no separate notice is sent meanwhile (`_announcing`).
            try:
                await asyncio.wait(filed.cards, timeout=CARD_HEAD_START)
            finally:
                self._announcing.discard(filed.request.id)
            fresh = await self.requests.get(filed.request.id)
            if fresh is not None:
                filed = dataclasses.replace(filed, request=fresh)
        return filed

    async def _file_batch(self, filings: list[Filing]) -> list[Filed]:
        now = self.clock.now()
        claimed: list[OutboxItem] = []
        async with self.db.transaction() as conn:
            existing = await RequestRepository.find_by_submissions(conn, [f.new.submission_key for f in filings])
            fresh: dict[str, Filing] = {}  # a form sent twice in one batch is filed once
            for f in filings:
                if f.new.submission_key not in existing:
                    fresh.setdefault(f.new.submission_key, f)
            routed = any(f.new.topic not in IMMEDIATE_TOPICS for f in fresh.values())
            counts = dict(await RequestRepository.open_counts_in(conn)) if routed else {}
            plans = [self._plan(f.new, len(f.attachments), now, counts) for f in fresh.values()]
            created = await RequestRepository.insert_many(
                conn, [(f.new, plan.changes) for f, plan in zip(fresh.values(), plans, strict=True)], now,
                now.astimezone(self.school.tz).year,
            )
            events: list[tuple[int, str, int | None, dict[str, Any]]] = []
            cards: list[Outgoing] = []
            for f, plan, request in zip(fresh.values(), plans, created, strict=True):
                inbound = []
                for item in f.attachments:
                    row_id = await RequestRepository.add_message(
                        conn, request.id, direction="in", author_id=f.new.requester_id, chat_id=f.chat_id,
                        message_id=item.message_id, content_type=item.content_type, text=item.caption,
                        file_id=item.file_id, now=now,
                    )
                    inbound.append(Inbound(f.chat_id, item.message_id, item.content_type, item.caption, row_id))
                events.extend((request.id, *event) for event in plan.events)
                if request.courtesy_marks:  # an obscenity in the text: counted in the insert already
                    await CourtesyMarks.add_in(conn, request.id, REQUEST_TEXT, "obscene", now, counted=True)
                if plan.due_now:
                    cards.extend(await self._card_messages(conn, request, tag="d0", inbound=inbound))
                if request.topic is Topic.COMPROMISED:
                    cards.extend(await self._compromise_alerts(request))
            await RequestRepository.events_many(conn, now, events)
            # What the requester gave is offered again next time (R1): in the same transaction.
            await self.directory.users.set_profiles(
                [(f.new.requester_id, f.new.requester_name, f.new.requester_class) for f in fresh.values()], at=now
            )
            # Each requester's receipt, held for the handler that files it (`send_receipt`): if the
            # process dies first, it still goes out, as written here (at the next start).
            await enqueue_held(conn, [
                Outgoing(f.chat_id, "SendMessage",
                         send_text(f.chat_id, self.receipt_text(request, self.directory.i18n.get(request.language))),
                         f"receipt:{request.id}", purpose=ABOUT_REQUEST, ref_id=request.id)
                for f, request in zip(fresh.values(), created, strict=True)
            ], until=time.time() + RECEIPT_HELD_FOR)
            if self.outbox is not None:
                claimed = await enqueue_claimed_many(conn, cards)
            elif cards:
                await enqueue_many(conn, cards, priority=PRIORITY_INTERACTIVE)
        sending: dict[int, list[asyncio.Task[None]]] = {}
        if claimed:
            assert self.outbox is not None
            # the specialists' cards first, before anything else of these updates
            self._announcing.update(item.ref_id for item in claimed if item.purpose in ("card", "alert") and item.ref_id)
            for item, task in zip(claimed, self.outbox.deliver_now(claimed), strict=True):
                if item.purpose in ("card", "alert") and item.ref_id is not None:
                    sending.setdefault(item.ref_id, []).append(task)
        self._wake()
        for plan, request in zip(plans, created, strict=True):
            self._log_filed(request, plan)
        by_key = dict(zip(fresh, created, strict=True))
        results = []
        for f in filings:
            key = f.new.submission_key
            first = fresh.get(key) is f
            request = existing[key] if key in existing else by_key[key]
            results.append(Filed(request, created=first, cards=tuple(sending.get(request.id, ())) if first else ()))
        return results

    def _plan(self, new: NewRequest, attachments: int, now: datetime, counts: dict[str, int]) -> Plan:
        """Where a request goes and what is recorded of it. `counts` (open requests per
        assignee) is updated, so the next request of the same batch sees this one."""
        # The courtesy rule's two levels: an obscenity is marked now (its row follows the
        # insert); a possible insult is only flagged, for the specialist to confirm.
        verdict = self.courtesy.judge(new.text)
        changes: dict[str, Any] = {"attachments": attachments, "courtesy_marks": int(verdict.level is Level.OBSCENE),
                                   "courtesy_flag": flagged_words(verdict) if verdict.level is Level.INSULT else None}
        events: list[tuple[str, int | None, dict[str, Any]]] = [
            ("filed", new.requester_id, {"kind": new.kind.value, "topic": new.topic.value, "area": new.area}),
        ]
        if verdict.level is Level.OBSCENE:
            events.append(("courtesy_mark", None, {"level": "obscene", "row": REQUEST_TEXT}))
        if new.topic in IMMEDIATE_TOPICS:
            # R4.1, R4.3: straight to the journal's administrators, whatever the hour.
            changes.update(status=Status.ASSIGNED, assignee_id=ADMINS, card_due_at=now)
            if new.topic is Topic.COMPROMISED:
                changes["notice_at"] = now
            events.append(("routed", None, {"assignee": ADMINS, "immediate": True}))
        else:
            if new.topic is Topic.NEW_ACCESS:
                changes["deadline_at"] = add_working_days(now, self.school.helpdesk.access_deadline_working_days, self.school)
            decision = route_request(new.area, now, self._timetable, counts, exclude=self.unreachable_specialists())
            changes.update(self._placement(decision, now))
            events.append(("routed", None, {
                "assignee": changes["assignee_id"],
                "immediate": decision.immediate if decision else True,
                "slot": decision.slot.start.isoformat() if decision else None,
            }))
        due_now = changes["card_due_at"] <= now
        if due_now:
            assignee = self._serving(changes["assignee_id"], changes.get("scheduled_id"), changes.get("slot_start"))
            reachable = self._reachable_or_next(assignee, new.area, now, counts)
            if reachable != assignee:  # known not to see it (never opened the bot, blocked it): not even tried
                events.append(("moved", None, {"from": assignee, "assignee": reachable, "reason": "unreachable"}))
                assignee = reachable
            changes.update(status=Status.ASSIGNED, assignee_id=assignee, delivered_at=now)
            events.append(("delivered", None, {"assignee": assignee}))
        counts[changes["assignee_id"]] = counts.get(changes["assignee_id"], 0) + 1
        return Plan(changes, events, due_now)

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

    async def _compromise_alerts(self, r: Request) -> list[Outgoing]:
        """R4.3: the head and the administrators are alerted at once. The alerts go out with the
        card (claimed, sent right after the commit) and the receipt waits for them too, so it
        can say whether the head has been told; a later outcome is told by the outbox's hooks."""
        alerts = []
        for chat in dict.fromkeys(c for c in [self.directory.head_chat(), *self.directory.chats_of(ADMINS)] if c):
            t = await self.directory.translator_for(chat)
            text = t("access-compromised-alert", number=r.number, name=r.requester_name, login=r.login or "—",
                     at=local(r.notice_at, self.school.tz, with_seconds=True))
            alerts.append(Outgoing(chat, "SendMessage", send_text(chat, text), f"compromised:{r.id}:{chat}",
                                   purpose="alert", ref_id=r.id))
        return alerts

    def receipt_text(self, r: Request, t: Translator, head: str | None = None) -> str:
        """What the requester is told once the request is filed: its number, who takes it, when
        and where; for compromised access the moment of the notice and (`head`, see
        `head_alert`) whether the head has been told."""
        lines = [t("form-filed", number=r.number), self.placement_text(r, t)]
        tz = self.school.tz
        if r.notice_at:
            lines.append(t("access-compromised-receipt", at=r.notice_at.astimezone(tz).strftime("%d.%m.%Y %H:%M:%S")))
            if head == "sent":
                lines.append(t("access-compromised-head-told", number=r.number))
            elif head is not None:
                lines.append(t("access-compromised-head-unreachable", number=r.number))
        if r.deadline_at:
            lines.append(t("access-deadline-receipt", at=r.deadline_at.astimezone(tz).strftime("%d.%m.%Y"),
                           days=self.school.helpdesk.access_deadline_working_days))
        if r.courtesy_marks:
            lines.append(t("courtesy-warning", rule=self.courtesy_rule(t)))
        return "\n\n".join(lines)

    async def send_receipt(self, filed: Filed) -> None:
        """The receipt, with what is true by now (the holder once the card is out; the head's
        alert), through the row held for it at filing. Waits until it is out (or refused)."""
        r = filed.request
        t = self.directory.i18n.get(r.language)
        head = await self.head_alert(r.id) if r.notice_at else None  # what happens later is told later
        payload = send_text(r.requester_id, self.receipt_text(r, t, head))
        if self.outbox is None:
            return
        task = await self.outbox.send_held(f"receipt:{r.id}", payload)
        if task is not None:
            await asyncio.wait([task])

    async def head_alert(self, request_id: int) -> str | None:
        """What became of the head's alert of compromised access: 'sent', 'failed' / 'blocked'
        (refused), or None while it is on its way (then its sent-hook tells the requester)."""
        head = self.directory.head_chat()
        if head is None:
            return "failed"
        status = await self.sent.status_of("alert", request_id, head)
        return status if status in ("sent", "failed", "blocked") else None

    # --- delivery of cards ----------------------------------------------------------------------

    async def deliver_due(self, only: int | None = None) -> int:
        """Cards whose time has come reach their specialist (oldest first).

        `only`: just this request (right after it was filed or handed over); the timer's
        tick delivers everything else, so a burst of new requests costs O(n), not O(n²).
        A person known not to see it (never opened the bot, blocked it) is skipped for the
        next one who can act, and the requester is told. Several requests reaching one person
        at once (a slot's start) come as one queue message with a Take button each, not a
        card each: Telegram takes about one message a second per chat."""
        now = self.clock.now()
        due = await self.requests.due_cards(now, only=only)
        if not due:
            return 0
        delivered: list[tuple[Request, str | None]] = []  # and whom it was meant for, when moved on
        async with self.db.transaction() as conn:
            counts: dict[str, int] | None = None
            for r in due:
                assignee = self._serving(r.assignee_id or ADMINS, r.scheduled_id, r.slot_start)
                if not self.area_known(r.area):  # not in the school file (any more): the administrators decide
                    assignee = ADMINS
                meant_for = None
                if not self.can_see(assignee):
                    if counts is None:
                        counts = await RequestRepository.open_counts_in(conn)
                    reachable = self._reachable_or_next(assignee, r.area, now, counts)
                    if reachable != assignee:
                        meant_for, assignee = assignee, reachable
                moved = await RequestRepository.move(
                    conn, r.id, sources(Move.DELIVER), now,
                    status=destination(Move.DELIVER), assignee_id=assignee, delivered_at=now,
                )
                if not moved:
                    continue
                if meant_for is not None:
                    await RequestRepository.event(conn, r.id, now, "moved", None,
                                                  **{"from": meant_for, "assignee": assignee, "reason": "unreachable"})
                await RequestRepository.event(conn, r.id, now, "delivered", assignee=assignee)
                fresh = await RequestRepository.get_in(conn, r.id)
                assert fresh is not None
                delivered.append((fresh, meant_for))
            by_holder: defaultdict[str, list[Request]] = defaultdict(list)
            for fresh, _ in delivered:
                by_holder[fresh.assignee_id or ADMINS].append(fresh)
            for holder, requests in by_holder.items():
                if only is None and len(requests) >= QUEUE_LIST_FROM:
                    await self._enqueue_queue_lists(conn, holder, requests, now)
                else:
                    for fresh in requests:
                        await self._enqueue_card(conn, fresh, tag=f"d{fresh.escalations}")
            for fresh, meant_for in delivered:
                if meant_for is not None:
                    await self._tell_requester_moved(conn, fresh)
        for fresh, meant_for in delivered:
            event("request_delivered", id=fresh.id, number=fresh.number, to=fresh.assignee_id, meant_for=meant_for)
        if delivered:
            self._wake()
        return len(delivered)

    async def _enqueue_queue_lists(self, conn: aiosqlite.Connection, holder: str, requests: list[Request],
                                   now: datetime) -> None:
        """Queue messages to each chat of `holder`, as few as Telegram's limits allow (usually
        one). The full card (and what the requester attached) follows when one is taken."""
        for chat in self.directory.chats_of(holder):
            if chat is None:
                continue
            t = await self.directory.translator_for(chat)
            chunks: list[list[Request]] = [[]]
            for r in requests:  # as many as fit in one message
                trial = [*chunks[-1], r]
                if chunks[-1] and (len(trial) > QUEUE_LIST_SIZE
                                   or len(queue_list(trial, holder, t, self.directory)[0]) > QUEUE_LIST_TEXT):
                    chunks.append([r])
                else:
                    chunks[-1] = trial
            for chunk in chunks:
                list_id = await RequestRepository.new_queue_list(conn, chat, [r.id for r in chunk], now)
                text, rows = queue_list(chunk, holder, t, self.directory)
                await enqueue(conn, chat_id=chat, method="SendMessage", payload=send_text(chat, text, rows_dict(rows)),
                              dedupe_key=f"queue:{list_id}", purpose="queue", ref_id=list_id)

    async def _enqueue_card(self, conn: aiosqlite.Connection, r: Request, *, tag: str, only_chat: int | None = None) -> None:
        await enqueue_many(conn, await self._card_messages(conn, r, tag=tag, only_chat=only_chat),
                           priority=PRIORITY_INTERACTIVE)

    async def _card_messages(
        self, conn: aiosqlite.Connection, r: Request, *, tag: str, inbound: list[Inbound] | None = None,
        only_chat: int | None = None,
    ) -> list[Outgoing]:
        """The card and everything the requester sent so far, to every chat of the assignee
        (or just `only_chat`); the requester's messages are marked relayed. `inbound`: those
        messages when the caller has them at hand (a request being filed)."""
        if inbound is None:
            inbound = [Inbound(*row) for row in await RequestRepository.inbound_in(conn, r.id)]
        marks = {m.message_row: m for m in await CourtesyMarks.of_request_in(conn, r.id)} if inbound else {}
        messages = []
        for chat in self.directory.chats_of(r.assignee_id or ADMINS):
            if chat is None or (only_chat is not None and chat != only_chat):
                continue
            t = await self.directory.translator_for(chat)
            messages.append(Outgoing(
                chat, "SendMessage", send_text(chat, card_text(r, t, self.directory), rows_dict(card_rows(r, t))),
                f"card:{r.id}:{chat}:{tag}", purpose="card", ref_id=r.id,
            ))
            header = t("relay-from-requester", number=r.number, name=r.requester_name) if inbound else ""
            for n, message in enumerate(inbound):
                note, note_rows = self._courtesy_note(t, r.id, message.row_id, message.text, marks)
                method, payload = relay_payload(chat, f"{header}\n{note}" if note else header, message.chat_id,
                                                message.message_id, message.content_type, message.text,
                                                rows_dict(note_rows))
                messages.append(Outgoing(chat, method, payload, f"card:{r.id}:{chat}:{tag}:m{n}",
                                         purpose=RELAY_IN if message.row_id else None, ref_id=message.row_id))
        if inbound:
            await RequestRepository.mark_inbound_relayed_in(conn, r.id)
        return messages

    async def card_undeliverable(self, request_id: int, chat_id: int, error: str) -> None:
        """A card (or queue message) Telegram refused: most often the person never opened the
        bot or blocked it. When nobody behind the request's holder can see it any more, it goes
        at once to the next person who can act (the next fitting specialist on duty, the
        administrators, the head); the requester is told who has it now, and the
        administrators why. A card of a request that has moved on meanwhile changes nothing."""
        if is_reach_error(error) and self.directory.is_reachable(chat_id):
            await self.directory.mark_unreachable(chat_id, error)
        r = await self.requests.get(request_id)
        if r is None or r.status not in (Status.NEW, Status.ASSIGNED) or r.assignee_id is None:
            return
        holder_chats = [c for c in self.directory.chats_of(r.assignee_id) if c is not None]
        if chat_id not in holder_chats:
            return  # an old card: the request is with someone else now
        if any(c != chat_id and self.directory.is_reachable(c) for c in holder_chats):
            return  # another administrator has it
        now = self.clock.now()
        tried = await self._tried(r.id)
        admins = [c for c in self.directory.chats_of(ADMINS) if c is not None and c != chat_id
                  and self.directory.is_reachable(c)]
        staff_id = self.directory.staff_id_for(chat_id)
        name = self.directory.member(staff_id).name if staff_id else str(chat_id)
        async with self.db.transaction() as conn:
            await RequestRepository.event(conn, r.id, now, "card_undeliverable", chat=chat_id, error=error[:200])
            counts = await RequestRepository.open_counts_in(conn)
            to = self._next_holder(r.assignee_id, r.area, now, counts, tried)
            fresh = None
            if to is None:
                log.warning("request %s: nobody further along can be reached; it stays with %s", r.id, r.assignee_id)
            elif await RequestRepository.move(conn, r.id, sources(Move.DELIVER), now, status=destination(Move.DELIVER),
                                              assignee_id=to, delivered_at=now, scheduled_id=None):
                await RequestRepository.event(conn, r.id, now, "moved", None,
                                              **{"from": r.assignee_id, "assignee": to, "reason": "unreachable"})
                fresh = await RequestRepository.get_in(conn, r.id)
                assert fresh is not None
                await self._enqueue_card(conn, fresh, tag=f"u{chat_id}")
                await self._refresh_views(conn, fresh)
                if r.id not in self._announcing:  # else the receipt, still to come, names the new holder
                    await self._tell_requester_moved(conn, fresh)
            if admins and (staff_id is None or not staff_id.startswith(ADMIN_PREFIX)):
                t_args = {"number": r.number, "name": name}
                if fresh is not None:
                    await self._tell(conn, admins, "card-undeliverable-moved", dedupe=f"undeliverable:{r.id}:{chat_id}",
                                     who=self._holder_plain(fresh.assignee_id), **t_args)
                else:
                    await self._tell(conn, admins, "card-undeliverable", dedupe=f"undeliverable:{r.id}:{chat_id}",
                                     **t_args)
        if fresh is not None:
            event("request_delivered", id=r.id, number=r.number, to=fresh.assignee_id, meant_for=r.assignee_id)
        self._wake()

    async def queue_undeliverable(self, list_id: int, chat_id: int, error: str) -> None:
        """A queue message Telegram refused: each of its requests goes on as a refused card would."""
        for request_id in await self.requests.queue_list_request_ids(list_id):
            await self.card_undeliverable(request_id, chat_id, error)

    # --- escalation and timers -------------------------------------------------------------------

    async def escalate_due(self) -> int:
        """Not taken within N minutes: the next fitting specialist on duty, then the administrators
        (then the head, when no administrator can be reached). The requester is told. Several
        requests escalating to one person at once come as one queue message."""
        now = self.clock.now()
        limit = timedelta(minutes=self.school.helpdesk.escalation_minutes)
        due = await self.requests.not_taken_since(now - limit)
        if not due:
            return 0
        unreachable = self.unreachable_specialists()
        tried_of: dict[int, set[str]] = {}
        for r in due:
            tried = {e[2].get("assignee") for e in await self.requests.events(r.id) if e[1] in ("delivered", "escalated")}
            tried.discard(None)
            tried_of[r.id] = tried | unreachable  # type: ignore[operator]
        escalated: list[Request] = []
        async with self.db.transaction() as conn:
            counts = await RequestRepository.open_counts_in(conn)
            for r in due:
                decision = escalation_targets(
                    r.area, now, self._timetable, counts, tried_of[r.id]
                ) if self.area_known(r.area) else None
                to = decision.specialist_id if decision else self._last_resort()
                moved = await RequestRepository.move(
                    conn, r.id, sources(Move.ESCALATE), now, status=destination(Move.ESCALATE),
                    assignee_id=to, delivered_at=now, escalations=r.escalations + 1, scheduled_id=None,
                )
                if not moved:
                    continue
                counts[to] = counts.get(to, 0) + 1
                await RequestRepository.event(conn, r.id, now, "escalated", None, **{"from": r.assignee_id, "assignee": to})
                fresh = await RequestRepository.get_in(conn, r.id)
                assert fresh is not None
                escalated.append(fresh)
            by_holder: defaultdict[str, list[Request]] = defaultdict(list)
            for fresh in escalated:
                by_holder[fresh.assignee_id or ADMINS].append(fresh)
            for holder, requests in by_holder.items():
                if len(requests) >= QUEUE_LIST_FROM:
                    await self._enqueue_queue_lists(conn, holder, requests, now)
                else:
                    for fresh in requests:
                        await self._enqueue_card(conn, fresh, tag=f"e{fresh.escalations}")
            lists_done: set[int] = set()  # a queue message is edited once for the whole pass
            for fresh in escalated:
                await self._refresh_views(conn, fresh, lists_done=lists_done)
                await self._tell_requester_moved(conn, fresh)
        for fresh in escalated:
            event("request_escalated", id=fresh.id, number=fresh.number, to=fresh.assignee_id,
                  escalations=fresh.escalations)
        if escalated:
            self._wake()
        return len(escalated)

    async def run_timers(self) -> None:
        """Everything that happens because time passed; called by the scheduler's tick."""
        await self.deliver_due()
        await self.escalate_due()
        await self._remind_deadlines()
        await self._autoclose_waiting()
        await self._close_resolved()

    async def _remind_deadlines(self) -> None:
        now = self.clock.now()
        ahead = timedelta(hours=self.school.helpdesk.access_reminder_hours)
        for r in await self.requests.deadlines_before(now + ahead):
            async with self.db.transaction() as conn:
                if not await RequestRepository.move(conn, r.id, OPEN, now, reminded_at=now):
                    continue
                await RequestRepository.event(conn, r.id, now, "deadline_reminder")
                await self._tell(conn, self.directory.chats_of(r.taken_by or r.assignee_id or ADMINS),
                                 "access-deadline-reminder", dedupe=f"deadline:{r.id}", number=r.number,
                                 at=local(r.deadline_at, self.school.tz))
        self._wake()

    async def _autoclose_waiting(self) -> None:
        now = self.clock.now()
        limit = timedelta(hours=self.school.helpdesk.waiting_autoclose_hours)
        for r in await self.requests.waiting_since_before(now - limit):
            async with self.db.transaction() as conn:
                if not await RequestRepository.move(conn, r.id, sources(Move.AUTO_CLOSE), now,
                                                    status=destination(Move.AUTO_CLOSE), closed_at=now,
                                                    outcome=Outcome.AUTO_CLOSED):
                    continue
                await RequestRepository.event(conn, r.id, now, "auto_closed")
                t = self.directory.i18n.get(r.language)
                await enqueue(conn, chat_id=r.requester_id, method="SendMessage",
                              payload=send_text(r.requester_id, t("mine-auto-closed", number=r.number,
                                                                  hours=self.school.helpdesk.waiting_autoclose_hours)),
                              dedupe_key=f"autoclose:{r.id}")
            event("request_closed", id=r.id, number=r.number, outcome="auto_closed")
        self._wake()

    async def _close_resolved(self) -> None:
        now = self.clock.now()
        for r in await self.requests.resolved_before(now - timedelta(days=self.school.helpdesk.reopen_days)):
            async with self.db.transaction() as conn:
                closed = await RequestRepository.move(conn, r.id, sources(Move.CLOSE_AFTER_RESOLUTION), now,
                                                      status=destination(Move.CLOSE_AFTER_RESOLUTION), closed_at=now)
                if closed:
                    await RequestRepository.event(conn, r.id, now, "closed_after_resolution")
            if closed:
                event("request_closed", id=r.id, number=r.number, outcome="resolved")

    # --- the specialist's side -----------------------------------------------------------------

    @staticmethod
    def _log_filed(request: Request, plan: Plan) -> None:
        """A request's filing in the log (bot/events.py): where it went, and its card if due now."""
        routed = next((detail for name, _, detail in plan.events if name == "routed"), {})
        event("request_filed", id=request.id, number=request.number, kind=request.kind.value,
              topic=request.topic.value, area=request.area, assignee=request.assignee_id,
              due=request.card_due_at.isoformat() if request.card_due_at and not plan.due_now else None,
              immediate=routed.get("immediate"))
        if request.courtesy_marks:
            event("courtesy_mark", id=request.id, number=request.number, level="obscene", message=0, by="check")
        if plan.due_now:
            event("request_delivered", id=request.id, number=request.number, to=request.assignee_id)

    def courtesy_rule(self, t: Translator) -> str:
        """The sentence stating the courtesy rule, naming the school's document if the file does."""
        return rule_text(t, self.school.school.conduct_document)

    def _courtesy_note(self, t: Translator, rid: int, row_id: int | None, text: str | None,
                       marks: dict[int, Any], verdict: Verdict | None = None) -> tuple[str, Any]:
        """The flag or the mark a relayed message of the requester carries (bot/services/courtesy.py)."""
        if row_id is None or not text:
            return "", None
        return relay_note(t, rid, row_id, verdict or self.courtesy.judge(text), marks.get(row_id))

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

    async def take(self, request_id: int, staff_id: str) -> ActionResult:
        now = self.clock.now()
        async with self.db.transaction() as conn:
            r = await RequestRepository.get_in(conn, request_id)
            if r is None:
                return ActionResult(False, None, "card-not-found")
            why = refusal(Move.TAKE, r.status, self.actor(r, staff_id))
            if why is Refusal.STATE:
                holder = r.taken_by or r.assignee_id
                return ActionResult(False, r, "card-already-taken", {"holder": holder or ""})
            if why is Refusal.ACTOR:
                return ActionResult(False, r, "card-assigned-to-other", {"holder": r.assignee_id or ""})
            early = r.delivered_at is None  # taken from /queue before its card went out
            if not await RequestRepository.move(conn, r.id, sources(Move.TAKE), now,
                                                status=destination(Move.TAKE), taken_at=now, taken_by=staff_id,
                                                assignee_id=staff_id, **({"delivered_at": now} if early else {})):
                return ActionResult(False, r, "card-already-taken", {"holder": ""})
            await RequestRepository.event(conn, r.id, now, "taken", self.directory.member(staff_id).telegram_id,
                                          by=staff_id)
            fresh = await RequestRepository.get_in(conn, r.id)
            assert fresh is not None
            if early:
                # The card and whatever the requester wrote while it waited: from now on the
                # follow-ups are relayed to the taker at once.
                await self._enqueue_card(conn, fresh, tag="t")
            else:
                # Taken from a queue message: the full card (and what was attached) follows.
                for chat in self.directory.chats_of(staff_id):
                    if chat is not None and not await RequestRepository.card_sent_or_queued(conn, r.id, chat):
                        await self._enqueue_card(conn, fresh, tag="t", only_chat=chat)
            await self._refresh_views(conn, fresh, actor_chat=self.directory.member(staff_id).telegram_id)
            member = self.directory.member(staff_id)
            t = self.directory.i18n.get(r.language)
            # A specialist names their room; the head or an administrator who takes it has none.
            taken = (t("mine-taken", number=r.number, name=member.name, position=position_part(member.position),
                       room=member.room) if member.room
                     else t("mine-taken-person", number=r.number, name=member.name,
                            position=position_part(member.position)))
            await self._to_requester(conn, fresh, taken,
                                     key=f"taken:{r.id}:{staff_id}")
        event("request_taken", id=r.id, number=r.number, by=staff_id, early=early or None)
        self._wake()
        return ActionResult(True, fresh)

    async def reply(self, request_id: int, staff_id: str, *, chat_id: int, message_id: int,
                    content_type: str, text: str | None, file_id: str | None) -> ActionResult:
        """The specialist's answer goes to the requester; the request now waits for them."""
        now = self.clock.now()
        async with self.db.transaction() as conn:
            r = await self._for_staff(conn, request_id, staff_id, Move.REPLY)
            if isinstance(r, ActionResult):
                return r
            new = await RequestRepository.add_message(
                conn, r.id, direction="out", author_id=self.directory.member(staff_id).telegram_id, chat_id=chat_id,
                message_id=message_id, content_type=content_type, text=text, file_id=file_id, now=now, relayed=True,
            )
            if not new:
                return ActionResult(True, r)
            changes: dict[str, Any] = {"status": step(Move.REPLY, r.status, self.actor(r, staff_id)),
                                       "waiting_since": now}
            if r.first_answer_at is None:
                changes["first_answer_at"] = now
            if r.taken_by is None:
                changes.update(taken_by=staff_id, taken_at=now, assignee_id=staff_id)
            await RequestRepository.move(conn, r.id, sources(Move.REPLY), now, **changes)
            await RequestRepository.event(conn, r.id, now, "answered", self.directory.member(staff_id).telegram_id)
            fresh = await RequestRepository.get_in(conn, r.id)
            assert fresh is not None
            t = self.directory.i18n.get(r.language)
            member = self.directory.member(staff_id)
            header = t("relay-from-specialist", number=r.number, name=member.name)
            method, payload = relay_payload(r.requester_id, header, chat_id, message_id, content_type, text,
                                            rows_dict(requester_rows(fresh, t)))
            await enqueue(conn, chat_id=r.requester_id, method=method, payload=payload,
                          dedupe_key=f"out:{chat_id}:{message_id}", purpose=ABOUT_REQUEST, ref_id=r.id)
        event("request_answered", id=r.id, number=r.number, by=staff_id, content=content_type)
        self._wake()
        return ActionResult(True, fresh)

    async def follow_up(self, r: Request, *, chat_id: int, message_id: int, content_type: str,
                        text: str | None, file_id: str | None) -> ActionResult:
        """The requester writes again: kept, and relayed to whoever has the request once they
        have it (the card went out to them, or they took it, from /queue too); before that it
        goes with the card. args: `relayed` (queued for the holder now; the reaction on the
        message confirms it when it went out) and `burst_start` (the first of a burst)."""
        now = self.clock.now()
        verdict = self.courtesy.judge(text) if text else Verdict(Level.NONE)
        obscene = verdict.level is Level.OBSCENE  # marked now; an insult waits for the specialist
        async with self.db.transaction() as conn:
            fresh = await RequestRepository.get_in(conn, r.id)
            if fresh is None or not fresh.status.is_open:
                return ActionResult(False, fresh, "mine-closed")
            delivered = fresh.delivered_at is not None or fresh.taken_by is not None
            previous = await RequestRepository.last_inbound_at(conn, r.id)
            row_id = await RequestRepository.add_message(
                conn, r.id, direction="in", author_id=r.requester_id, chat_id=chat_id, message_id=message_id,
                content_type=content_type, text=text, file_id=file_id, now=now, relayed=delivered,
            )
            if row_id is None:  # the same message again (Telegram re-sent the update)
                return ActionResult(True, fresh, None, {"relayed": delivered, "burst_start": False})
            changes: dict[str, Any] = {}
            if content_type != "text":
                changes["attachments"] = fresh.attachments + 1
            marks: dict[int, Any] = {}
            if obscene and await CourtesyMarks.add_in(conn, r.id, row_id, "obscene", now) is not None:
                await RequestRepository.event(conn, r.id, now, "courtesy_mark", None, level="obscene", row=row_id)
                marks = {m.message_row: m for m in await CourtesyMarks.of_request_in(conn, r.id)}
            after = step(Move.FOLLOW_UP, fresh.status, Actor.REQUESTER)
            if after != fresh.status:
                changes["status"] = after
            await RequestRepository.update(conn, r.id, now, **changes)
            await RequestRepository.event(conn, r.id, now, "follow_up", r.requester_id)
            if delivered:
                for chat in self.directory.chats_of(fresh.taken_by or fresh.assignee_id or ADMINS):
                    t = await self.directory.translator_for(chat)
                    header = t("relay-from-requester", number=r.number, name=r.requester_name)
                    note, note_rows = self._courtesy_note(t, r.id, row_id, text, marks, verdict)
                    method, payload = relay_payload(chat, f"{header}\n{note}" if note else header, chat_id,
                                                    message_id, content_type, text, rows_dict(note_rows))
                    await enqueue(conn, chat_id=chat, method=method, payload=payload,
                                  dedupe_key=f"in:{chat_id}:{message_id}:{chat}", purpose=RELAY_IN, ref_id=row_id)
        self._wake()
        args = {"relayed": delivered, "burst_start": previous is None or now - previous >= BURST}
        if obscene:
            args["rule"] = self.courtesy_rule(self.directory.i18n.get(r.language))
            if marks:
                event("courtesy_mark", id=r.id, number=r.number, level="obscene", message=row_id, by="check")
        return ActionResult(True, fresh, "courtesy-warning" if obscene else None, args)

    async def keep_unplaced(self, chat_id: int, message_id: int, content_type: str, text: str | None,
                            file_id: str | None) -> bool:
        """A message that came with no reply-to while several requests are open: kept until the
        person says which request it is for. True: the first of a burst (ask which)."""
        now = self.clock.now()
        async with self.db.transaction() as conn:
            previous = await RequestRepository.keep_unplaced(conn, chat_id, message_id, content_type, text,
                                                             file_id, now)
        return previous is None or now - previous >= BURST

    async def place_unplaced(self, request_id: int, requester_id: int) -> ActionResult:
        """The person chose the request: every message kept for the choice goes to it, in order.
        args["count"]: how many (0: already placed, e.g. a second press)."""
        async with self.db.transaction() as conn:
            r = await self._for_requester(conn, request_id, requester_id)
            if r is None:
                return ActionResult(False, None, "card-not-found")
            if not r.status.is_open:
                return ActionResult(False, r, "mine-reply-closed", {"number": r.number})
            kept = await RequestRepository.take_unplaced(conn, requester_id)
            result = ActionResult(True, r, None, {"count": 0})
            for message_id, content_type, text, file_id in kept:
                result = await self.follow_up(r, chat_id=requester_id, message_id=message_id,
                                              content_type=content_type, text=text, file_id=file_id)
                if not result.ok:
                    return result
            return ActionResult(True, r, result.reason, {**result.args, "count": len(kept)})

    # --- what became of the rows about a request (the outbox's hooks) -----------------------

    async def _linked(self, sent: list[Sent]) -> None:
        """A notice or an answer reached the requester: a reply to it belongs to its request."""
        async with self.db.transaction() as conn:
            await RequestRepository.link_messages_in(conn, [
                (item.chat_id, message_id, item.ref_id) for item, message_id in sent
                if message_id is not None and item.ref_id is not None
            ])

    async def _relayed(self, sent: list[Sent]) -> None:
        """A requester's message reached a holder of the request: a reply to the relay belongs
        to the request, and the person's message gets the reaction that says it arrived."""
        async with self.db.transaction() as conn:
            links = []
            for item, message_id in sent:
                row = await RequestRepository.conversation_row_in(conn, item.ref_id) if item.ref_id else None
                if row is None:
                    continue
                if message_id is not None:
                    links.append((item.chat_id, message_id, row.request_id))
                await enqueue(conn, chat_id=row.chat_id, method="SetMessageReaction",
                              payload={"chat_id": row.chat_id, "message_id": row.message_id,
                                       "reaction": [{"type": "emoji", "emoji": RELAYED_REACTION}]},
                              dedupe_key=f"reaction:{row.chat_id}:{row.message_id}", purpose=REACTION,
                              ref_id=row.id)
            await RequestRepository.link_messages_in(conn, links)
        self._wake()

    async def _relay_failed(self, item: OutboxItem, error: str) -> None:
        """A follow-up's relay was refused: unless it reached another holder's chat (or may
        still), the requester is told it did not arrive; it stays in the request."""
        if item.ref_id is None:
            return
        async with self.db.transaction() as conn:
            row = await RequestRepository.conversation_row_in(conn, item.ref_id)
            if row is None:
                return
            if await live_elsewhere_in(conn, RELAY_IN, row.id, item.id):
                return
            r = await RequestRepository.get_in(conn, row.request_id)
            if r is None:
                return
            await RequestRepository.mark_not_relayed_in(conn, row.id)
            await RequestRepository.event(conn, r.id, self.clock.now(), "relay_failed", chat=item.chat_id,
                                          error=error[:200])
            t = self.directory.i18n.get(r.language)
            await enqueue(conn, chat_id=r.requester_id, method="SendMessage",
                          payload=send_text(r.requester_id, t("mine-follow-up-undelivered", number=r.number),
                                            reply_parameters={"message_id": row.message_id,
                                                              "allow_sending_without_reply": True}),
                          dedupe_key=f"relay-failed:{row.id}", purpose=ABOUT_REQUEST, ref_id=r.id)
        self._wake()

    async def _reaction_refused(self, item: OutboxItem, error: str) -> None:
        """Telegram would not put the reaction on: one text per burst says the messages arrived."""
        if item.ref_id is None:
            return
        async with self.db.transaction() as conn:
            row = await RequestRepository.conversation_row_in(conn, item.ref_id)
            if row is None:
                return
            at = await RequestRepository.message_at_in(conn, row.id)
            previous = await RequestRepository.last_inbound_at(conn, row.request_id, before_id=row.id)
            if previous is not None and at is not None and at - previous < BURST:
                return  # not the first of its burst: that one's text (or reaction) speaks for it
            r = await RequestRepository.get_in(conn, row.request_id)
            if r is None:
                return
            t = self.directory.i18n.get(r.language)
            await enqueue(conn, chat_id=r.requester_id, method="SendMessage",
                          payload=send_text(r.requester_id, t("mine-follow-up-relayed", number=r.number)),
                          dedupe_key=f"relayed-note:{row.id}", purpose=ABOUT_REQUEST, ref_id=r.id)
        self._wake()

    def handover_target_known(self, target: str) -> bool:
        """A hand-over goes to a specialist of the school file, an area of it, or the
        administrators; nothing else (a forged button could name any Telegram id)."""
        if target == ADMINS:
            return True
        if target.startswith("a."):
            return self.area_known(target.removeprefix("a."))
        return any(spec.id == target for spec in self.school.specialists)

    def area_known(self, area: str | None) -> bool:
        return area is not None and any(a.id == area for a in self.school.areas)

    async def hand_over(self, request_id: int, staff_id: str, target: str) -> ActionResult:
        """To a named specialist (now), to an area (routed by the timetable), or to the administrators."""
        if not self.handover_target_known(target):
            return ActionResult(False, None, "button-outdated")
        now = self.clock.now()
        async with self.db.transaction() as conn:
            r = await self._for_staff(conn, request_id, staff_id, Move.HAND_OVER)
            if isinstance(r, ActionResult):
                return r
            changes: dict[str, Any] = {"taken_by": None, "taken_at": None}
            if target == ADMINS:
                changes.update(status=Status.ASSIGNED, assignee_id=ADMINS, card_due_at=now, delivered_at=None,
                               scheduled_id=None, slot_start=None, slot_end=None, slot_room=None)
            elif target.startswith("a."):
                area = target.removeprefix("a.")
                decision = route_request(area, now, self._timetable, await RequestRepository.open_counts_in(conn),
                                         exclude={staff_id, *self.unreachable_specialists()})
                changes.update(self._placement(decision, now), area=area)
            else:
                self.directory.member(target)
                changes.update(status=Status.ASSIGNED, assignee_id=target, card_due_at=now, delivered_at=None,
                               scheduled_id=None, slot_start=None, slot_end=None, slot_room=None)
            if changes["status"] == Status.ASSIGNED and not self.can_see(changes["assignee_id"]):
                # Known not to see it (never opened the bot, blocked it): the next person who can act.
                changes["assignee_id"] = self._reachable_or_next(
                    changes["assignee_id"], changes.get("area", r.area), now,
                    await RequestRepository.open_counts_in(conn), {staff_id})
                changes.update(scheduled_id=None, slot_start=None, slot_end=None, slot_room=None)
            step(Move.HAND_OVER, r.status, self.actor(r, staff_id), to=changes["status"])
            await RequestRepository.update(conn, r.id, now, **changes)
            await RequestRepository.event(conn, r.id, now, "handed_over", self.directory.member(staff_id).telegram_id,
                                          by=staff_id, to=target, assignee=changes["assignee_id"])
            fresh = await RequestRepository.get_in(conn, r.id)
            assert fresh is not None
            t = self.directory.i18n.get(r.language)
            await self._to_requester(conn, fresh, self.placement_text(fresh, t, handed_over=True),
                                     key=f"handover:{r.id}:{fresh.updated_at.isoformat()}")
            await self._refresh_views(conn, fresh)
        event("request_handed_over", id=r.id, number=r.number, by=staff_id, to=target, assignee=fresh.assignee_id)
        await self.deliver_due(only=r.id)
        return ActionResult(True, fresh)

    async def resolve(self, request_id: int, staff_id: str) -> ActionResult:
        now = self.clock.now()
        async with self.db.transaction() as conn:
            r = await self._for_staff(conn, request_id, staff_id, Move.RESOLVE)
            if isinstance(r, ActionResult):
                return r
            await RequestRepository.move(conn, r.id, sources(Move.RESOLVE), now, status=destination(Move.RESOLVE),
                                         resolved_at=now,
                                         outcome=Outcome.RESOLVED, taken_by=r.taken_by or staff_id)
            await RequestRepository.event(conn, r.id, now, "resolved", self.directory.member(staff_id).telegram_id)
            fresh = await RequestRepository.get_in(conn, r.id)
            assert fresh is not None
            await self._refresh_views(conn, fresh, actor_chat=self.directory.member(staff_id).telegram_id)
            t = self.directory.i18n.get(r.language)
            await self._to_requester(conn, fresh, t("mine-resolved", number=r.number,
                                                    days=self.school.helpdesk.reopen_days),
                                     key=f"resolved:{r.id}:{now.isoformat()}", keyboard=True)
        event("request_resolved", id=r.id, number=r.number, by=staff_id)
        self._wake()
        return ActionResult(True, fresh)

    async def end_for_courtesy(self, request_id: int, staff_id: str) -> ActionResult:
        """R3.2: the specialist stops helping at once and their supervisor is told."""
        now = self.clock.now()
        async with self.db.transaction() as conn:
            r = await self._for_staff(conn, request_id, staff_id, Move.END_FOR_COURTESY)
            if isinstance(r, ActionResult):
                return r
            await RequestRepository.move(conn, r.id, sources(Move.END_FOR_COURTESY), now,
                                         status=destination(Move.END_FOR_COURTESY), closed_at=now,
                                         outcome=Outcome.COURTESY_BREACH)
            await RequestRepository.event(conn, r.id, now, "courtesy_breach", self.directory.member(staff_id).telegram_id)
            fresh = await RequestRepository.get_in(conn, r.id)
            assert fresh is not None
            await self._refresh_views(conn, fresh, actor_chat=self.directory.member(staff_id).telegram_id)
            t = self.directory.i18n.get(r.language)
            await self._to_requester(conn, fresh, t("mine-courtesy-ended", number=r.number, rule=self.courtesy_rule(t)),
                                     key=f"courtesy:{r.id}")
            await self._tell(conn, [self.directory.supervisor_chat(staff_id)], "courtesy-supervisor-report",
                             dedupe=f"courtesy-report:{r.id}", number=r.number,
                             specialist=self.directory.member(staff_id).name, requester=r.requester_name,
                             marks=r.courtesy_marks)
        event("request_closed", id=r.id, number=r.number, outcome="courtesy_breach", by=staff_id)
        self._wake()
        return ActionResult(True, fresh)

    # --- the requester's side ------------------------------------------------------------------

    async def close_by_requester(self, request_id: int, requester_id: int) -> ActionResult:
        now = self.clock.now()
        async with self.db.transaction() as conn:
            r = await self._for_requester(conn, request_id, requester_id)
            if r is None:
                return ActionResult(False, None, "card-not-found")
            if not await RequestRepository.move(conn, r.id, sources(Move.CLOSE_BY_REQUESTER), now,
                                                status=destination(Move.CLOSE_BY_REQUESTER),
                                                closed_at=now, outcome=r.outcome or Outcome.CLOSED_BY_REQUESTER):
                return ActionResult(False, r, "mine-closed")
            await RequestRepository.event(conn, r.id, now, "closed_by_requester", requester_id)
            fresh = await RequestRepository.get_in(conn, r.id)
            if fresh is not None:
                await self._refresh_views(conn, fresh)
            holder = r.taken_by or r.assignee_id
            if holder and r.delivered_at:
                await self._tell(conn, self.directory.chats_of(holder), "card-closed-by-requester",
                                 dedupe=f"closed:{r.id}", number=r.number)
        event("request_closed", id=r.id, number=r.number, outcome="by_requester")
        self._wake()
        return ActionResult(True, fresh)

    async def reopen(self, request_id: int, requester_id: int) -> ActionResult:
        now = self.clock.now()
        async with self.db.transaction() as conn:
            r = await self._for_requester(conn, request_id, requester_id)
            if r is None:
                return ActionResult(False, None, "card-not-found")
            window = timedelta(days=self.school.helpdesk.reopen_days)
            if (refusal(Move.REOPEN, r.status, Actor.REQUESTER) is not None
                    or (r.resolved_at and now - r.resolved_at > window)):
                return ActionResult(False, r, "mine-cannot-reopen", {"days": self.school.helpdesk.reopen_days})
            await RequestRepository.move(conn, r.id, sources(Move.REOPEN), now, status=destination(Move.REOPEN),
                                         resolved_at=None, outcome=None)
            await RequestRepository.event(conn, r.id, now, "reopened", requester_id)
            fresh = await RequestRepository.get_in(conn, r.id)
            assert fresh is not None
            for chat in self.directory.chats_of(r.taken_by or r.assignee_id or ADMINS):
                t = await self.directory.translator_for(chat)
                await enqueue(conn, chat_id=chat, method="SendMessage",
                              payload=send_text(chat, t("card-reopened", number=r.number) + "\n\n"
                                                + card_text(fresh, t, self.directory),
                                                rows_dict(card_rows(fresh, t))),
                              dedupe_key=f"reopen:{r.id}:{chat}:{now.isoformat()}", purpose="card", ref_id=r.id)
        event("request_reopened", id=r.id, number=r.number)
        self._wake()
        return ActionResult(True, fresh)

    async def rate(self, request_id: int, requester_id: int, stars: int, comment: str | None = None) -> ActionResult:
        now = self.clock.now()
        async with self.db.transaction() as conn:
            r = await self._for_requester(conn, request_id, requester_id)
            if r is None:
                return ActionResult(False, None, "card-not-found")
            if refusal(Move.RATE, r.status, Actor.REQUESTER) is not None or not 1 <= stars <= 5:
                return ActionResult(False, r, "mine-cannot-rate")
            changes: dict[str, Any] = {"rating": stars}
            if comment is not None:
                changes["rating_comment"] = comment
            await RequestRepository.update(conn, r.id, now, **changes)
            await RequestRepository.event(conn, r.id, now, "rated", requester_id, stars=stars)
            fresh = await RequestRepository.get_in(conn, r.id)
        return ActionResult(True, fresh)

    async def complain(self, request_id: int, requester_id: int, text: str) -> ActionResult:
        """R3.3: to the specialist's supervisor, never to the specialist."""
        now = self.clock.now()
        async with self.db.transaction() as conn:
            r = await self._for_requester(conn, request_id, requester_id)
            if r is None:
                return ActionResult(False, None, "card-not-found")
            specialist = r.taken_by or r.assignee_id
            if specialist is None or specialist == ADMINS:
                return ActionResult(False, r, "complaint-nobody")
            await RequestRepository.add_complaint_in(conn, r.id, requester_id, specialist, text, now)
            await RequestRepository.event(conn, r.id, now, "complaint", requester_id, specialist=specialist)
            await self._tell(conn, [self.directory.supervisor_chat(specialist)], "complaint-to-supervisor",
                             dedupe=f"complaint:{r.id}:{now.isoformat()}", number=r.number,
                             specialist=self.directory.member(specialist).name, requester=r.requester_name,
                             text=text)
        self._wake()
        return ActionResult(True, r)

    # --- texts about placement ---------------------------------------------------------------

    def placement_text(self, r: Request, t: Translator, *, handed_over: bool = False) -> str:
        """Who will take the request, when and where (R2.3)."""
        name = assignee_name(self.directory, t, r.assignee_id)
        prefix = t("mine-handed-over", number=r.number) + "\n" if handed_over else ""
        if r.status == Status.NEW and r.slot_start:
            tz = self.school.tz
            member = self.directory.member(r.assignee_id) if r.assignee_id and r.assignee_id != ADMINS else None
            return prefix + t(
                "mine-queued", name=name, position=position_part(member.position if member else None),
                day=t(f"weekday-{r.slot_start.astimezone(tz).strftime('%a').lower()}"),
                date=r.slot_start.astimezone(tz).strftime("%d.%m.%Y"),
                start=r.slot_start.astimezone(tz).strftime("%H:%M"),
                end=r.slot_end.astimezone(tz).strftime("%H:%M") if r.slot_end else "",
                room=r.slot_room or (member.room if member else None) or "—",
            )
        if handed_over or (r.assignee_id or "").startswith(ADMIN_PREFIX):
            # Handed over: who has it now, not that they "already have it" (the card may yet be
            # refused; then the requester hears where it went instead).
            kind, args = self._holder(r.assignee_id, t)
            if kind == "specialist" and r.slot_room:
                args["room"] = r.slot_room
            return t(f"mine-moved-{kind}", number=r.number, **args)
        if r.assignee_id == ADMINS:
            return prefix + t("mine-to-admins")
        member = self.directory.member(r.assignee_id) if r.assignee_id else None
        return prefix + t("mine-on-duty", name=name, position=position_part(member.position if member else None),
                          room=(r.slot_room or (member.room if member else None)) or "—")

    # --- reaching people: nothing stays with someone who cannot see it ------------------------

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
        specialist = current != ADMINS and not current.startswith(ADMIN_PREFIX)
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

    def _holder(self, assignee: str | None, t: Translator) -> tuple[str, dict[str, Any]]:
        """How a text names whoever holds a request: the administrators, a person (the head, an
        administrator) or a specialist with their room."""
        if assignee is None or assignee == ADMINS:
            return "admins", {}
        member = self.directory.member(assignee)
        if assignee.startswith(ADMIN_PREFIX):
            return "person", {"name": member.name, "position": position_part(member.position)}
        return "specialist", {"name": member.name, "position": position_part(member.position),
                              "room": member.room or "—"}

    def _holder_plain(self, assignee: str | None) -> str:
        if assignee is None or assignee == ADMINS:
            return self.directory.i18n.get(self.school.school.default_language)("staff-admins")
        return self.directory.member(assignee).name

    async def _tell_requester_moved(self, conn: aiosqlite.Connection, r: Request) -> None:
        """The request went to someone else (escalated, or its holder could not be reached)."""
        t = self.directory.i18n.get(r.language)
        kind, args = self._holder(r.assignee_id, t)
        await self._to_requester(conn, r, t(f"mine-moved-{kind}", number=r.number, **args),
                                 key=f"moved:{r.id}:{r.assignee_id}:{r.updated_at.isoformat()}")

    async def _refresh_views(self, conn: aiosqlite.Connection, r: Request, *, actor_chat: int | None = None,
                             lists_done: set[int] | None = None) -> None:
        """Cards and queue messages showing this request are brought up to date (through the
        outbox, as edits): buttons only in the holder's chats, elsewhere where it stands now.
        `actor_chat`: the chat whose card the pressing person's handler edits itself."""
        holder = r.taken_by or r.assignee_id
        holder_chats = set(self.directory.chats_of(holder)) if holder and r.status.is_open else set()
        for chat, message_id in await RequestRepository.cards_in(conn, r.id):
            if chat == actor_chat:
                continue
            t = await self.directory.translator_for(chat)
            theirs = chat in holder_chats
            rows = card_rows(r, t) if theirs else []
            text = card_text(r, t, self.directory) + "\n\n" + state_line(r, t, self.directory, theirs)
            await enqueue(conn, chat_id=chat, method="EditMessageText",
                          payload={"chat_id": chat, "message_id": message_id, "text": text,
                                   "reply_markup": rows_dict(rows)},
                          purpose="card_edit", ref_id=r.id)
        for list_id, chat, message_id in await RequestRepository.queue_lists_with(conn, r.id):
            if lists_done is not None:
                if list_id in lists_done:
                    continue
                lists_done.add(list_id)
            items = await RequestRepository.queue_list_requests(conn, list_id)
            await self._edit_list(conn, list_id, chat, message_id, items, self._list_owner(chat, items))

    async def queue_lists_sent(self, sent: list[tuple[OutboxItem, int | None]]) -> None:
        """Queue messages just sent (the outbox's sent-hook): their message ids are kept, so they
        can be edited; one whose requests changed while it was on its way is edited at once."""
        lists = [(item.ref_id, item.chat_id, message_id) for item, message_id in sent
                 if message_id is not None and item.ref_id is not None]
        if not lists:
            return
        await self.requests.queue_list_sent([(list_id, message_id) for list_id, _, message_id in lists])
        stale = False
        async with self.db.transaction() as conn:
            for list_id, chat, message_id in lists:
                items = await RequestRepository.queue_list_requests(conn, list_id)
                owner = self._list_owner(chat, items)
                if all(r.status in (Status.NEW, Status.ASSIGNED) and r.assignee_id == owner for r in items):
                    continue
                await self._edit_list(conn, list_id, chat, message_id, items, owner)
                stale = True
        if stale:
            self._wake()

    def _list_owner(self, chat: int, items: list[Request]) -> str:
        owner = self.directory.staff_id_for(chat)
        if owner is None or (chat in self.directory.chats_of(ADMINS) and any(i.assignee_id == ADMINS for i in items)):
            return ADMINS
        return owner

    async def _edit_list(self, conn: aiosqlite.Connection, list_id: int, chat: int, message_id: int,
                         items: list[Request], owner: str) -> None:
        t = await self.directory.translator_for(chat)
        text, rows = queue_list(items, owner, t, self.directory)
        await enqueue(conn, chat_id=chat, method="EditMessageText",
                      payload={"chat_id": chat, "message_id": message_id, "text": text, "reply_markup": rows_dict(rows)},
                      purpose="queue_edit", ref_id=list_id)

    async def refresh_views(self, request_id: int, *, actor_chat: int | None = None) -> None:
        async with self.db.transaction() as conn:
            r = await RequestRepository.get_in(conn, request_id)
            if r is not None:
                await self._refresh_views(conn, r, actor_chat=actor_chat)
        self._wake()

    async def undeliverable(self, item: OutboxItem, error: str) -> None:
        """Any message Telegram refused for good (the outbox's hook): a chat that cannot be
        reached is remembered as such, so cards and alerts pass it by until it writes again."""
        if is_reach_error(error) and self.directory.is_reachable(item.chat_id):
            await self.directory.mark_unreachable(item.chat_id, error)

    async def came_back(self, chat_id: int) -> None:
        """A staff chat that could not be reached wrote to the bot: what failed to reach it is
        delivered now. Notices and alerts go again as they were; the cards of requests still
        with this person go fresh; cards of requests that have moved on are not sent again."""
        staff_id = self.directory.staff_id_for(chat_id)
        if staff_id is None and not self.school.classes_of_teacher(chat_id):
            return
        async with self.db.transaction() as conn:
            again = [row_id for row_id, purpose, error in await refused_of_chat_in(conn, chat_id, REDELIVER_LIMIT)
                     if is_reach_error(error) and purpose not in ("card", "card_edit", "queue", "queue_edit")]
            await send_again_in(conn, sorted(again))
            holders = [h for h in (staff_id, ADMINS if chat_id in self.directory.chats_of(ADMINS) else None) if h]
            resent = 0
            for holder in holders:
                for r in await RequestRepository.open_of_assignee_in(conn, holder):
                    if r.delivered_at is None or await RequestRepository.card_sent_or_queued(conn, r.id, chat_id):
                        continue
                    await self._enqueue_card(conn, r, tag=f"back{len(again)}:{r.updated_at.isoformat()}",
                                             only_chat=chat_id)
                    resent += 1
        log.info("chat %s is back: %d message(s) and %d card(s) sent again", chat_id, len(again), resent)
        self._wake()

    async def alerts_sent(self, sent: list[tuple[OutboxItem, int | None]]) -> None:
        """An alert of compromised access reached the head: only now is the requester told so."""
        head = self.directory.head_chat()
        for item, _ in sent:
            if item.chat_id != head or item.ref_id is None:
                continue
            async with self.db.transaction() as conn:
                r = await RequestRepository.get_in(conn, item.ref_id)
                if r is None or r.topic is not Topic.COMPROMISED or r.id in self._announcing:
                    continue  # (announcing: the receipt, still to come, says so itself)
                t = self.directory.i18n.get(r.language)
                await self._to_requester(conn, r, t("access-compromised-head-told", number=r.number),
                                         key=f"head-told:{r.id}")
        self._wake()

    async def alert_undeliverable(self, item: OutboxItem, error: str) -> None:
        """An alert Telegram refused. The head's: the requester hears the truth (not yet told,
        will be once the head opens the bot) and the administrators who can be reached are
        told to ask the head to open it."""
        await self.undeliverable(item, error)
        head = self.directory.head_chat()
        if item.ref_id is None or item.chat_id != head:
            return
        r = await self.requests.get(item.ref_id)
        if r is None or r.topic is not Topic.COMPROMISED:
            return
        admins = [c for c in self.directory.chats_of(ADMINS) if c is not None and self.directory.is_reachable(c)]
        async with self.db.transaction() as conn:
            t = self.directory.i18n.get(r.language)
            if r.id not in self._announcing:  # else the receipt, still to come, says so itself
                await self._to_requester(conn, r, t("access-compromised-head-unreachable", number=r.number),
                                         key=f"head-unreachable:{r.id}")
            await self._tell(conn, admins, "alert-head-unreachable", dedupe=f"head-unreachable:{r.id}",
                             number=r.number, name=self.school.school.head.name)
        self._wake()

    # --- internals ---------------------------------------------------------------------------

    async def _tell(self, conn: aiosqlite.Connection, chats: list[int | None], key: str, *, dedupe: str,
                    purpose: str | None = None, ref_id: int | None = None, **args: Any) -> None:
        """One text to each of these staff chats, each in its reader's language."""
        for chat in dict.fromkeys(c for c in chats if c is not None):  # None: not joined yet
            t = await self.directory.translator_for(chat)
            await enqueue(conn, chat_id=chat, method="SendMessage", payload=send_text(chat, t(key, **args)),
                          dedupe_key=f"{dedupe}:{chat}", purpose=purpose, ref_id=ref_id)

    async def _for_staff(self, conn: aiosqlite.Connection, request_id: int, staff_id: str,
                         move: Move) -> Request | ActionResult:
        """The open request a staff member may make this move on, or why not (the life cycle
        decides: bot/domain/requests.py). A move its state does not allow (an old card's
        button) is refused as outdated."""
        r = await RequestRepository.get_in(conn, request_id)
        if r is None or not r.status.is_open:
            return ActionResult(False, r, "card-closed")
        actor = self.actor(r, staff_id)
        if not permits(move, actor):
            return ActionResult(False, r, "card-assigned-to-other", {"holder": r.assignee_id or ""})
        if refusal(move, r.status, actor) is not None:
            return ActionResult(False, r, "button-outdated")
        return r

    @staticmethod
    async def _for_requester(conn: aiosqlite.Connection, request_id: int, requester_id: int) -> Request | None:
        r = await RequestRepository.get_in(conn, request_id)
        return r if r is not None and r.requester_id == requester_id else None

    async def _to_requester(self, conn: aiosqlite.Connection, r: Request, text: str, *, key: str,
                            keyboard: bool = False) -> None:
        t = self.directory.i18n.get(r.language)
        markup = rows_dict(requester_rows(r, t)) if keyboard else None
        await enqueue(conn, chat_id=r.requester_id, method="SendMessage",
                      payload=send_text(r.requester_id, text, markup), dedupe_key=key,
                      purpose=ABOUT_REQUEST, ref_id=r.id)

    def _wake(self) -> None:
        if self.outbox is not None:
            self.outbox.wake()


def relay_payload(
    to_chat: int, header: str, from_chat: int, message_id: int, content_type: str, text: str | None,
    markup: dict[str, Any] | None = None,
) -> tuple[str, dict[str, Any]]:
    """A message passed on between requester and specialist: text with a header, media copied with it."""
    body = html.escape(text, quote=False) if text else ""
    if content_type == "text":
        return "SendMessage", send_text(to_chat, f"{header}\n\n{body}", markup)
    payload: dict[str, Any] = {"chat_id": to_chat, "from_chat_id": from_chat, "message_id": message_id,
                               "caption": f"{header}\n\n{body}" if body else header}
    if markup is not None:
        payload["reply_markup"] = markup
    return "CopyMessage", payload
