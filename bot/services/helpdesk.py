"""The help desk: files, routes, delivers, escalates and closes requests.

Every change and the messages it causes to other people commit in one
transaction (the outbox), so a crash never leaves a request routed but its
specialist uninformed. Messages to the person who pressed the button are the
handlers' business; everything addressed to somebody else goes through here.
"""

from __future__ import annotations

import asyncio
import html
import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, NamedTuple

import aiosqlite

from bot.clock import Clock
from bot.domain.courtesy import CourtesyFilter
from bot.domain.requests import Outcome, Status, Topic
from bot.domain.routing import RoutingDecision, escalation_targets, route_request
from bot.domain.school import SchoolConfig
from bot.domain.timetable import SlotOccurrence, Substitution, Timetable
from bot.domain.workdays import add_working_days
from bot.i18n import Translator
from bot.outbox import OutboxWorker
from bot.services.people import ADMINS, Directory
from bot.services.render import assignee_name, card_rows, card_text, local, requester_rows, rows_dict
from storage.db import Database
from storage.group_commit import GroupCommit
from storage.outbox import (
    PRIORITY_INTERACTIVE,
    OutboxItem,
    Outgoing,
    enqueue,
    enqueue_claimed_many,
    enqueue_many,
    send_text,
)
from storage.requests import NewRequest, Request, RequestRepository, SubstitutionRepository

log = logging.getLogger(__name__)

OPEN = (Status.NEW, Status.ASSIGNED, Status.IN_PROGRESS, Status.WAITING)


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


IMMEDIATE_TOPICS = (Topic.LOST_LOGIN, Topic.COMPROMISED)  # to the administrators at once (R4.1, R4.3)
CARD_HEAD_START = 2.0  # seconds the requester's acknowledgement waits for the card to go out


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
        self.school = school
        self.clock = clock
        self.directory = directory
        self.requests = RequestRepository(db)
        self.substitutions = SubstitutionRepository(db)
        self.outbox = outbox
        self.courtesy = courtesy or CourtesyFilter()
        self._timetable = Timetable(school, ())
        self._filings: GroupCommit[Filing, Filed] = GroupCommit(self._file_batch, name="filings")

    # --- the timetable with today's substitutions ------------------------------------------

    async def reload_substitutions(self) -> None:
        today = self.clock.now().astimezone(self.school.tz).date()
        self._timetable = Timetable(self.school, await self.substitutions.active(today - timedelta(days=1)))
        self._timetable.is_school_day(today)  # loads this year's public holidays now, not on a first request

    @property
    def timetable(self) -> Timetable:
        return self._timetable

    async def add_substitution(self, sub: Substitution, created_by: int) -> None:
        now = self.clock.now()
        await self.substitutions.add(sub, created_by, now)
        await self.reload_substitutions()
        # Requests queued for the absent specialist within the range now wait for the substitute.
        async with self.db.transaction() as conn:
            await self._move_waiting(conn, sub, to=sub.substitute_id, event="substituted", actor=created_by, now=now)
            await self._tell(conn, [self.directory.member(sub.substitute_id).telegram_id], "sub-notice-substitute",
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
            await self._tell(conn, [self.directory.member(sub.substitute_id).telegram_id], "sub-notice-cancelled",
                             dedupe=f"substitution-cancelled:{sub_id}", **self.substitution_args(sub))
        await self.reload_substitutions()
        self._wake()
        return sub

    async def _move_waiting(self, conn: aiosqlite.Connection, sub: Substitution, *, to: str, event: str, actor: int,
                            now: datetime, held_by: str | None = None) -> None:
        """Requests queued (not yet delivered) for the absent specialist's slots on the days the
        substitution covers, and held by `held_by` when given, go to `to`."""
        sql = "SELECT id, slot_start FROM requests WHERE status = 'new' AND scheduled_id = ? AND delivered_at IS NULL"
        params: tuple[Any, ...] = (sub.absent_id,)
        if held_by is not None:
            sql += " AND assignee_id = ?"
            params += (held_by,)
        for request_id, slot_start in await conn.execute_fetchall(sql, params):
            if slot_start is None or not sub.covers(datetime.fromisoformat(slot_start).astimezone(self.school.tz).date()):
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
            return (await self._file_batch([filing]))[0]
        filed = await self._filings.submit(filing)
        if filed.cards:
            # The requester hears back once the specialist has the card (or after a moment, if
            # Telegram is slow): what the requester is told is then true, and fifty people's
            # acknowledgements do not stand in the way of fifty cards (bench/helpdesk_load.py).
            await asyncio.wait(filed.cards, timeout=CARD_HEAD_START)
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
                conn, [(f.new, plan.changes) for f, plan in zip(fresh.values(), plans)], now,
                now.astimezone(self.school.tz).year,
            )
            events: list[tuple[int, str, int | None, dict[str, Any]]] = []
            cards: list[Outgoing] = []
            for f, plan, request in zip(fresh.values(), plans, created):
                inbound = []
                for item in f.attachments:
                    await RequestRepository.add_message(
                        conn, request.id, direction="in", author_id=f.new.requester_id, chat_id=f.chat_id,
                        message_id=item.message_id, content_type=item.content_type, text=item.caption,
                        file_id=item.file_id, now=now,
                    )
                    inbound.append(Inbound(f.chat_id, item.message_id, item.content_type, item.caption))
                events.extend((request.id, *event) for event in plan.events)
                if plan.due_now:
                    cards.extend(await self._card_messages(conn, request, tag="d0", inbound=inbound))
                if request.topic is Topic.COMPROMISED:
                    await self._tell_head_and_admins_of_compromise(conn, request)
            await RequestRepository.events_many(conn, now, events)
            # What the requester gave is offered again next time (R1): in the same transaction.
            await self.directory.users.set_profiles(
                [(f.new.requester_id, f.new.requester_name, f.new.requester_class) for f in fresh.values()], at=now
            )
            if self.outbox is not None:
                claimed = await enqueue_claimed_many(conn, cards)
            elif cards:
                await enqueue_many(conn, cards, priority=PRIORITY_INTERACTIVE)
        sending: dict[int, list[asyncio.Task[None]]] = {}
        if claimed:
            assert self.outbox is not None
            # the specialists' cards first, before anything else of these updates
            for item, task in zip(claimed, self.outbox.deliver_now(claimed)):
                if item.purpose == "card" and item.ref_id is not None:
                    sending.setdefault(item.ref_id, []).append(task)
        self._wake()
        by_key = dict(zip(fresh, created))
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
        changes: dict[str, Any] = {"attachments": attachments, "courtesy_marks": int(self.courtesy.is_rude(new.text))}
        events: list[tuple[str, int | None, dict[str, Any]]] = [
            ("filed", new.requester_id, {"kind": new.kind.value, "topic": new.topic.value, "area": new.area}),
        ]
        if new.topic in IMMEDIATE_TOPICS:
            # R4.1, R4.3: straight to the journal's administrators, whatever the hour.
            changes.update(status=Status.ASSIGNED, assignee_id=ADMINS, card_due_at=now)
            if new.topic is Topic.COMPROMISED:
                changes["notice_at"] = now
            events.append(("routed", None, {"assignee": ADMINS, "immediate": True}))
        else:
            if new.topic is Topic.NEW_ACCESS:
                changes["deadline_at"] = add_working_days(now, self.school.helpdesk.access_deadline_working_days, self.school)
            decision = route_request(new.area, now, self._timetable, counts)
            changes.update(self._placement(decision, now))
            events.append(("routed", None, {
                "assignee": changes["assignee_id"],
                "immediate": decision.immediate if decision else True,
                "slot": decision.slot.start.isoformat() if decision else None,
            }))
        due_now = changes["card_due_at"] <= now
        if due_now:
            assignee = self._serving(changes["assignee_id"], changes.get("scheduled_id"), changes.get("slot_start"))
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

    async def _tell_head_and_admins_of_compromise(self, conn: aiosqlite.Connection, r: Request) -> None:
        await self._tell(conn, [self.school.school.head.telegram_id, *self.directory.chats_of(ADMINS)],
                         "access-compromised-alert", dedupe=f"compromised:{r.id}", number=r.number,
                         name=r.requester_name, login=r.login or "—",
                         at=local(r.notice_at, self.school.tz, with_seconds=True))

    # --- delivery of cards ----------------------------------------------------------------------

    async def deliver_due(self, only: int | None = None) -> int:
        """Cards whose time has come reach their specialist (oldest first).

        `only`: just this request (right after it was filed or handed over); the timer's
        tick delivers everything else, so a burst of new requests costs O(n), not O(n²)."""
        now = self.clock.now()
        delivered = 0
        for r in await self.requests.due_cards(now, only=only):
            async with self.db.transaction() as conn:
                assignee = self._serving(r.assignee_id or ADMINS, r.scheduled_id, r.slot_start)
                moved = await RequestRepository.move(
                    conn, r.id, (Status.NEW, Status.ASSIGNED), now,
                    status=Status.ASSIGNED, assignee_id=assignee, delivered_at=now,
                )
                if not moved:
                    continue
                await RequestRepository.event(conn, r.id, now, "delivered", assignee=assignee)
                fresh = await RequestRepository.get_in(conn, r.id)
                assert fresh is not None
                await self._enqueue_card(conn, fresh, tag=f"d{fresh.escalations}")
            delivered += 1
        if delivered:
            self._wake()
        return delivered

    async def _enqueue_card(self, conn: aiosqlite.Connection, r: Request, *, tag: str) -> None:
        await enqueue_many(conn, await self._card_messages(conn, r, tag=tag), priority=PRIORITY_INTERACTIVE)

    async def _card_messages(
        self, conn: aiosqlite.Connection, r: Request, *, tag: str, inbound: list[Inbound] | None = None
    ) -> list[Outgoing]:
        """The card and everything the requester sent so far, to every chat of the assignee;
        the requester's messages are marked relayed. `inbound`: those messages when the caller
        has them at hand (a request being filed)."""
        if inbound is None:
            rows = await conn.execute_fetchall(
                "SELECT chat_id, message_id, content_type, text FROM request_messages "
                "WHERE request_id = ? AND direction = 'in' ORDER BY id",
                (r.id,),
            )
            inbound = [Inbound(*row) for row in rows]
        messages = []
        for chat in self.directory.chats_of(r.assignee_id or ADMINS):
            t = await self.directory.translator_for(chat)
            messages.append(Outgoing(
                chat, "SendMessage", send_text(chat, card_text(r, t, self.directory), rows_dict(card_rows(r, t))),
                f"card:{r.id}:{chat}:{tag}", purpose="card", ref_id=r.id,
            ))
            header = t("relay-from-requester", number=r.number, name=r.requester_name) if inbound else ""
            for n, message in enumerate(inbound):
                method, payload = relay_payload(chat, header, message.chat_id, message.message_id,
                                                message.content_type, message.text)
                messages.append(Outgoing(chat, method, payload, f"card:{r.id}:{chat}:{tag}:m{n}"))
        if inbound:
            await conn.execute(
                "UPDATE request_messages SET relayed = 1 WHERE request_id = ? AND direction = 'in'", (r.id,)
            )
        return messages

    async def card_undeliverable(self, request_id: int, chat_id: int, error: str) -> None:
        """A card Telegram refused (most often: that person never opened the bot). The request
        escalates by itself after `escalation_minutes`; the administrators learn why now."""
        admins = self.directory.chats_of(ADMINS)
        if chat_id in admins:
            return
        r = await self.requests.get(request_id)
        if r is None:
            return
        staff_id = self.directory.staff_id_for(chat_id)
        name = self.directory.member(staff_id).name if staff_id else str(chat_id)
        async with self.db.transaction() as conn:
            await RequestRepository.event(conn, r.id, self.clock.now(), "card_undeliverable", chat=chat_id, error=error)
            await self._tell(conn, admins, "card-undeliverable", dedupe=f"undeliverable:{r.id}:{chat_id}",
                             number=r.number, name=name)
        self._wake()

    # --- escalation and timers -------------------------------------------------------------------

    async def escalate_due(self) -> int:
        """Not taken within N minutes: the next fitting specialist on duty, then the administrators."""
        now = self.clock.now()
        limit = timedelta(minutes=self.school.helpdesk.escalation_minutes)
        escalated = 0
        for r in await self.requests.not_taken_since(now - limit):
            tried = {e[2].get("assignee") for e in await self.requests.events(r.id) if e[1] in ("delivered", "escalated")}
            tried.discard(None)
            async with self.db.transaction() as conn:
                decision = escalation_targets(
                    r.area, now, self._timetable, await RequestRepository.open_counts_in(conn), tried
                )
                target = decision.specialist_id if decision else ADMINS
                moved = await RequestRepository.move(
                    conn, r.id, (Status.ASSIGNED,), now,
                    assignee_id=target, delivered_at=now, escalations=r.escalations + 1, scheduled_id=None,
                )
                if not moved:
                    continue
                await RequestRepository.event(conn, r.id, now, "escalated", None, **{"from": r.assignee_id, "assignee": target})
                fresh = await RequestRepository.get_in(conn, r.id)
                assert fresh is not None
                await self._enqueue_card(conn, fresh, tag=f"e{fresh.escalations}")
            escalated += 1
        if escalated:
            self._wake()
        return escalated

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
                if not await RequestRepository.move(conn, r.id, (Status.WAITING,), now, status=Status.CLOSED,
                                                    closed_at=now, outcome=Outcome.AUTO_CLOSED):
                    continue
                await RequestRepository.event(conn, r.id, now, "auto_closed")
                t = self.directory.i18n.get(r.language)
                await enqueue(conn, chat_id=r.requester_id, method="SendMessage",
                              payload=send_text(r.requester_id, t("mine-auto-closed", number=r.number,
                                                                  hours=self.school.helpdesk.waiting_autoclose_hours)),
                              dedupe_key=f"autoclose:{r.id}")
        self._wake()

    async def _close_resolved(self) -> None:
        now = self.clock.now()
        for r in await self.requests.resolved_before(now - timedelta(days=self.school.helpdesk.reopen_days)):
            async with self.db.transaction() as conn:
                if await RequestRepository.move(conn, r.id, (Status.RESOLVED,), now, status=Status.CLOSED, closed_at=now):
                    await RequestRepository.event(conn, r.id, now, "closed_after_resolution")

    # --- the specialist's side -----------------------------------------------------------------

    def may_act(self, r: Request, staff_id: str) -> bool:
        if self.directory.school.is_admin(self.directory.member(staff_id).telegram_id):
            return True
        return staff_id in (r.assignee_id, r.taken_by)

    async def take(self, request_id: int, staff_id: str) -> ActionResult:
        now = self.clock.now()
        async with self.db.transaction() as conn:
            r = await RequestRepository.get_in(conn, request_id)
            if r is None:
                return ActionResult(False, None, "card-not-found")
            if r.status not in (Status.NEW, Status.ASSIGNED):
                holder = r.taken_by or r.assignee_id
                return ActionResult(False, r, "card-already-taken", {"holder": holder or ""})
            if not self.may_act(r, staff_id):
                return ActionResult(False, r, "card-assigned-to-other", {"holder": r.assignee_id or ""})
            if not await RequestRepository.move(conn, r.id, (Status.NEW, Status.ASSIGNED), now,
                                                status=Status.IN_PROGRESS, taken_at=now, taken_by=staff_id,
                                                assignee_id=staff_id):
                return ActionResult(False, r, "card-already-taken", {"holder": ""})
            await RequestRepository.event(conn, r.id, now, "taken", self.directory.member(staff_id).telegram_id,
                                          by=staff_id)
            fresh = await RequestRepository.get_in(conn, r.id)
            assert fresh is not None
            member = self.directory.member(staff_id)
            t = self.directory.i18n.get(r.language)
            await self._to_requester(conn, fresh, t("mine-taken", number=r.number, name=member.name,
                                                    position=member.position, room=member.room or "—"),
                                     key=f"taken:{r.id}:{staff_id}")
        self._wake()
        return ActionResult(True, fresh)

    async def reply(self, request_id: int, staff_id: str, *, chat_id: int, message_id: int,
                    content_type: str, text: str | None, file_id: str | None) -> ActionResult:
        """The specialist's answer goes to the requester; the request now waits for them."""
        now = self.clock.now()
        async with self.db.transaction() as conn:
            r = await self._for_staff(conn, request_id, staff_id)
            if isinstance(r, ActionResult):
                return r
            new = await RequestRepository.add_message(
                conn, r.id, direction="out", author_id=self.directory.member(staff_id).telegram_id, chat_id=chat_id,
                message_id=message_id, content_type=content_type, text=text, file_id=file_id, now=now, relayed=True,
            )
            if not new:
                return ActionResult(True, r)
            changes: dict[str, Any] = {"status": Status.WAITING, "waiting_since": now}
            if r.first_answer_at is None:
                changes["first_answer_at"] = now
            if r.taken_by is None:
                changes.update(taken_by=staff_id, taken_at=now, assignee_id=staff_id)
            await RequestRepository.move(conn, r.id, OPEN, now, **changes)
            await RequestRepository.event(conn, r.id, now, "answered", self.directory.member(staff_id).telegram_id)
            fresh = await RequestRepository.get_in(conn, r.id)
            assert fresh is not None
            t = self.directory.i18n.get(r.language)
            member = self.directory.member(staff_id)
            header = t("relay-from-specialist", number=r.number, name=member.name)
            method, payload = relay_payload(r.requester_id, header, chat_id, message_id, content_type, text,
                                            rows_dict(requester_rows(fresh, t)))
            await enqueue(conn, chat_id=r.requester_id, method=method, payload=payload,
                          dedupe_key=f"out:{chat_id}:{message_id}")
        self._wake()
        return ActionResult(True, fresh)

    async def follow_up(self, r: Request, *, chat_id: int, message_id: int, content_type: str,
                        text: str | None, file_id: str | None) -> ActionResult:
        """The requester writes again: kept, and relayed to whoever has the request."""
        now = self.clock.now()
        rude = bool(text) and self.courtesy.is_rude(text or "")
        async with self.db.transaction() as conn:
            fresh = await RequestRepository.get_in(conn, r.id)
            if fresh is None or not fresh.status.is_open:
                return ActionResult(False, fresh, "mine-closed")
            delivered = fresh.delivered_at is not None
            await RequestRepository.add_message(
                conn, r.id, direction="in", author_id=r.requester_id, chat_id=chat_id, message_id=message_id,
                content_type=content_type, text=text, file_id=file_id, now=now, relayed=delivered,
            )
            changes: dict[str, Any] = {}
            if content_type != "text":
                changes["attachments"] = fresh.attachments + 1
            if rude:
                changes["courtesy_marks"] = fresh.courtesy_marks + 1
                await RequestRepository.event(conn, r.id, now, "courtesy_mark", r.requester_id)
            if fresh.status == Status.WAITING:
                changes["status"] = Status.IN_PROGRESS
            await RequestRepository.update(conn, r.id, now, **changes)
            await RequestRepository.event(conn, r.id, now, "follow_up", r.requester_id)
            if delivered:
                for chat in self.directory.chats_of(fresh.taken_by or fresh.assignee_id or ADMINS):
                    t = await self.directory.translator_for(chat)
                    header = t("relay-from-requester", number=r.number, name=r.requester_name)
                    method, payload = relay_payload(chat, header, chat_id, message_id, content_type, text)
                    await enqueue(conn, chat_id=chat, method=method, payload=payload,
                                  dedupe_key=f"in:{chat_id}:{message_id}:{chat}")
        self._wake()
        return ActionResult(True, fresh, "courtesy-warning" if rude else None)

    async def hand_over(self, request_id: int, staff_id: str, target: str) -> ActionResult:
        """To a named specialist (now), or to an area (routed by the timetable)."""
        now = self.clock.now()
        async with self.db.transaction() as conn:
            r = await self._for_staff(conn, request_id, staff_id)
            if isinstance(r, ActionResult):
                return r
            changes: dict[str, Any] = {"taken_by": None, "taken_at": None}
            if target.startswith("a."):
                area = target.removeprefix("a.")
                decision = route_request(area, now, self._timetable, await RequestRepository.open_counts_in(conn),
                                         exclude={staff_id})
                changes.update(self._placement(decision, now), area=area)
            else:
                self.directory.member(target)
                changes.update(status=Status.ASSIGNED, assignee_id=target, card_due_at=now, delivered_at=None,
                               scheduled_id=None, slot_start=None, slot_end=None, slot_room=None)
            await RequestRepository.update(conn, r.id, now, **changes)
            await RequestRepository.event(conn, r.id, now, "handed_over", self.directory.member(staff_id).telegram_id,
                                          by=staff_id, to=target, assignee=changes["assignee_id"])
            fresh = await RequestRepository.get_in(conn, r.id)
            assert fresh is not None
            t = self.directory.i18n.get(r.language)
            await self._to_requester(conn, fresh, self.placement_text(fresh, t, handed_over=True),
                                     key=f"handover:{r.id}:{fresh.updated_at.isoformat()}")
        await self.deliver_due(only=r.id)
        return ActionResult(True, fresh)

    async def resolve(self, request_id: int, staff_id: str) -> ActionResult:
        now = self.clock.now()
        async with self.db.transaction() as conn:
            r = await self._for_staff(conn, request_id, staff_id)
            if isinstance(r, ActionResult):
                return r
            await RequestRepository.move(conn, r.id, OPEN, now, status=Status.RESOLVED, resolved_at=now,
                                         outcome=Outcome.RESOLVED, taken_by=r.taken_by or staff_id)
            await RequestRepository.event(conn, r.id, now, "resolved", self.directory.member(staff_id).telegram_id)
            fresh = await RequestRepository.get_in(conn, r.id)
            assert fresh is not None
            t = self.directory.i18n.get(r.language)
            await self._to_requester(conn, fresh, t("mine-resolved", number=r.number,
                                                    days=self.school.helpdesk.reopen_days),
                                     key=f"resolved:{r.id}:{now.isoformat()}", keyboard=True)
        self._wake()
        return ActionResult(True, fresh)

    async def end_for_courtesy(self, request_id: int, staff_id: str) -> ActionResult:
        """R3.2: the specialist stops helping at once and their supervisor is told."""
        now = self.clock.now()
        async with self.db.transaction() as conn:
            r = await self._for_staff(conn, request_id, staff_id)
            if isinstance(r, ActionResult):
                return r
            await RequestRepository.move(conn, r.id, OPEN, now, status=Status.CLOSED, closed_at=now,
                                         outcome=Outcome.COURTESY_BREACH)
            await RequestRepository.event(conn, r.id, now, "courtesy_breach", self.directory.member(staff_id).telegram_id)
            fresh = await RequestRepository.get_in(conn, r.id)
            assert fresh is not None
            t = self.directory.i18n.get(r.language)
            await self._to_requester(conn, fresh, t("mine-courtesy-ended", number=r.number), key=f"courtesy:{r.id}")
            await self._tell(conn, [self.directory.supervisor_chat(staff_id)], "courtesy-supervisor-report",
                             dedupe=f"courtesy-report:{r.id}", number=r.number,
                             specialist=self.directory.member(staff_id).name, requester=r.requester_name,
                             marks=r.courtesy_marks)
        self._wake()
        return ActionResult(True, fresh)

    # --- the requester's side ------------------------------------------------------------------

    async def close_by_requester(self, request_id: int, requester_id: int) -> ActionResult:
        now = self.clock.now()
        async with self.db.transaction() as conn:
            r = await self._for_requester(conn, request_id, requester_id)
            if r is None:
                return ActionResult(False, None, "card-not-found")
            if not await RequestRepository.move(conn, r.id, (*OPEN, Status.RESOLVED), now, status=Status.CLOSED,
                                                closed_at=now, outcome=r.outcome or Outcome.CLOSED_BY_REQUESTER):
                return ActionResult(False, r, "mine-closed")
            await RequestRepository.event(conn, r.id, now, "closed_by_requester", requester_id)
            fresh = await RequestRepository.get_in(conn, r.id)
            holder = r.taken_by or r.assignee_id
            if holder and r.delivered_at:
                await self._tell(conn, self.directory.chats_of(holder), "card-closed-by-requester",
                                 dedupe=f"closed:{r.id}", number=r.number)
        self._wake()
        return ActionResult(True, fresh)

    async def reopen(self, request_id: int, requester_id: int) -> ActionResult:
        now = self.clock.now()
        async with self.db.transaction() as conn:
            r = await self._for_requester(conn, request_id, requester_id)
            if r is None:
                return ActionResult(False, None, "card-not-found")
            window = timedelta(days=self.school.helpdesk.reopen_days)
            if r.status != Status.RESOLVED or (r.resolved_at and now - r.resolved_at > window):
                return ActionResult(False, r, "mine-cannot-reopen", {"days": self.school.helpdesk.reopen_days})
            await RequestRepository.move(conn, r.id, (Status.RESOLVED,), now, status=Status.IN_PROGRESS,
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
        self._wake()
        return ActionResult(True, fresh)

    async def rate(self, request_id: int, requester_id: int, stars: int, comment: str | None = None) -> ActionResult:
        now = self.clock.now()
        async with self.db.transaction() as conn:
            r = await self._for_requester(conn, request_id, requester_id)
            if r is None:
                return ActionResult(False, None, "card-not-found")
            if r.status not in (Status.RESOLVED, Status.CLOSED) or not 1 <= stars <= 5:
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
            await conn.execute(
                "INSERT INTO complaints (request_id, requester_id, specialist_id, text, at) VALUES (?, ?, ?, ?, ?)",
                (r.id, requester_id, specialist, text, now.isoformat()),
            )
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
                "mine-queued", name=name, position=member.position if member else "",
                day=t(f"weekday-{r.slot_start.astimezone(tz).strftime('%a').lower()}"),
                date=r.slot_start.astimezone(tz).strftime("%d.%m.%Y"),
                start=r.slot_start.astimezone(tz).strftime("%H:%M"),
                end=r.slot_end.astimezone(tz).strftime("%H:%M") if r.slot_end else "",
                room=r.slot_room or "—",
            )
        if r.assignee_id == ADMINS:
            return prefix + t("mine-to-admins")
        member = self.directory.member(r.assignee_id) if r.assignee_id else None
        return prefix + t("mine-on-duty", name=name, position=member.position if member else "",
                          room=(r.slot_room or (member.room if member else None)) or "—")

    # --- internals ---------------------------------------------------------------------------

    async def _tell(self, conn: aiosqlite.Connection, chats: list[int], key: str, *, dedupe: str,
                    **args: Any) -> None:
        """One text to each of these staff chats, each in its reader's language."""
        for chat in dict.fromkeys(chats):
            t = await self.directory.translator_for(chat)
            await enqueue(conn, chat_id=chat, method="SendMessage", payload=send_text(chat, t(key, **args)),
                          dedupe_key=f"{dedupe}:{chat}")

    async def _for_staff(self, conn: aiosqlite.Connection, request_id: int, staff_id: str) -> Request | ActionResult:
        """The open request a staff member may act on, or why not."""
        r = await RequestRepository.get_in(conn, request_id)
        if r is None or not r.status.is_open:
            return ActionResult(False, r, "card-closed")
        if not self.may_act(r, staff_id):
            return ActionResult(False, r, "card-assigned-to-other", {"holder": r.assignee_id or ""})
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
                      payload=send_text(r.requester_id, text, markup), dedupe_key=key)

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
