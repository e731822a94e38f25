"""Filing: numbering, routing and recording a request (in batches), its receipt, and the
alerts of compromised access."""

from __future__ import annotations

import asyncio
import dataclasses
import time
from collections import Counter, defaultdict
from datetime import datetime
from typing import Any

from bot.domain.courtesy import Level
from bot.domain.requests import (
    Status,
    Topic,
)
from bot.domain.routing import route_request
from bot.domain.staff_refs import ADMINS
from bot.domain.workdays import add_working_days
from bot.events import event
from bot.services.courtesy import flagged_words
from bot.services.helpdesk.cards import QUEUE_HEAD_START, Cards
from bot.services.helpdesk.core import (
    ABOUT_REQUEST,
    CARD_HEAD_START,
    IMMEDIATE_TOPICS,
    RECEIPT_HELD_FOR,
    Attachment,
    Filed,
    Filing,
    Inbound,
    Plan,
)
from bot.services.helpdesk.notices import CompromiseAlert, HeadUnreachable, Receipt, RequestUpdate, Update
from bot.services.outgoing import outgoing
from storage.courtesy import REQUEST_TEXT, CourtesyMarks
from storage.group_commit import GroupCommit
from storage.outbox import (
    PRIORITY_INTERACTIVE,
    OutboxItem,
    Outgoing,
    enqueue_claimed_many,
    enqueue_held,
    enqueue_many,
)
from storage.requests import NewRequest, Request, RequestRepository
from storage.uow import UnitOfWork


class Filings(Cards):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._filings: GroupCommit[Filing, Filed] = GroupCommit(self._file_batch, name="filings")
        self._listed: set[int] = set()  # requests just filed into a queue message, not acknowledged yet

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
            # The requester hears back once the specialist has the card, or the queue message
            # that lists the request (or after a moment, if Telegram is slow): what the requester
            # is told is then true, and fifty people's acknowledgements do not stand in the way
            # of fifty cards (bench/helpdesk_load.py). A card Telegram refused has moved the
            # request on by then: the receipt names whoever holds it now, so no separate notice
            # is sent meanwhile (`_announcing`). A queue message waits for its chat's turn.
            listed = filed.request.id in self._listed
            try:
                await asyncio.wait(filed.cards, timeout=QUEUE_HEAD_START if listed else CARD_HEAD_START)
            finally:
                self._announcing.discard(filed.request.id)
                self._listed.discard(filed.request.id)
            fresh = await self.requests.get(filed.request.id)
            if fresh is not None:
                filed = dataclasses.replace(filed, request=fresh)
        return filed

    async def _file_batch(self, filings: list[Filing]) -> list[Filed]:
        now = self.clock.now()
        claimed: list[OutboxItem] = []
        async with UnitOfWork(self.db) as uow:
            existing = await RequestRepository.find_by_submissions(uow.conn, [f.new.submission_key for f in filings])
            fresh: dict[str, Filing] = {}  # a form sent twice in one batch is filed once
            for f in filings:
                if f.new.submission_key not in existing:
                    fresh.setdefault(f.new.submission_key, f)
            routed = any(f.new.topic not in IMMEDIATE_TOPICS for f in fresh.values())
            counts = dict(await RequestRepository.open_counts_in(uow.conn)) if routed else {}
            plans = [self._plan(f.new, len(f.attachments), now, counts) for f in fresh.values()]
            created = await RequestRepository.insert_many(
                uow.conn, [(f.new, plan.changes) for f, plan in zip(fresh.values(), plans, strict=True)], now,
                now.astimezone(self.school.tz).year,
            )
            events: list[tuple[int, str, int | None, dict[str, Any]]] = []
            cards: list[Outgoing] = []
            # Cards a busy chat would make wait go into one queue message (docs/delivery.md).
            chats: dict[int, tuple[int, bool]] = {}
            queued: Counter[int] = Counter()
            gathered: defaultdict[tuple[int, str], list[Request]] = defaultdict(list)
            for f, plan, request in zip(fresh.values(), plans, created, strict=True):
                inbound = []
                for item in f.attachments:
                    row_id = await RequestRepository.add_message(
                        uow.conn, request.id, direction="in", author_id=f.new.requester_id, chat_id=f.chat_id,
                        message_id=item.message_id, content_type=item.content_type, text=item.caption,
                        file_id=item.file_id, now=now,
                    )
                    inbound.append(Inbound(f.chat_id, item.message_id, item.content_type, item.caption, row_id))
                events.extend((request.id, *event) for event in plan.events)
                if request.courtesy_marks:  # an obscenity in the text: counted in the insert already
                    await CourtesyMarks.add_in(uow.conn, request.id, REQUEST_TEXT, "obscene", now, counted=True)
                if plan.due_now:
                    busy = await self._busy_chats(uow, request, chats, queued)
                    for chat in busy:
                        gathered[(chat, request.assignee_id or ADMINS)].append(request)
                    messages = await self._card_messages(uow, request, tag="d0", inbound=inbound, skip=busy)
                    queued.update(m.chat_id for m in messages)
                    cards.extend(messages)
                if request.topic is Topic.COMPROMISED:
                    alerts = await self._compromise_alerts(request)
                    queued.update(m.chat_id for m in alerts)
                    cards.extend(alerts)
            listed: defaultdict[int, set[int]] = defaultdict(set)  # request: the queue messages carrying it
            for (chat, holder), waiting in gathered.items():
                for request_id, list_id in (await self._gather(uow, chat, holder, waiting, now)).items():
                    listed[request_id].add(list_id)
            await RequestRepository.events_many(uow.conn, now, events)
            # What the requester gave is offered again next time (R1): in the same transaction.
            await self.directory.users.set_profiles(
                [(f.new.requester_id, f.new.requester_name, f.new.requester_class) for f in fresh.values()], at=now
            )
            # Each requester's receipt, held for the handler that files it (`send_receipt`): if the
            # process dies first, it still goes out, as written here (at the next start).
            await enqueue_held(uow.conn, [
                outgoing(self.views, Receipt(chat_id=f.chat_id, lang=request.language, request=request),
                         dedupe_key=f"receipt:{request.id}", purpose=ABOUT_REQUEST, ref_id=request.id)
                for f, request in zip(fresh.values(), created, strict=True)
            ], until=time.time() + RECEIPT_HELD_FOR)
            if self.outbox is not None:
                claimed = await enqueue_claimed_many(uow.conn, cards)
            elif cards:
                await enqueue_many(uow.conn, cards, priority=PRIORITY_INTERACTIVE)
        sending: dict[int, list[asyncio.Task[None]]] = {}
        if claimed:
            assert self.outbox is not None
            # the specialists' cards first, before anything else of these updates
            self._announcing.update(out.ref_id for out in claimed if out.purpose in ("card", "alert") and out.ref_id)
            for out, task in zip(claimed, self.outbox.deliver_now(claimed), strict=True):
                if out.purpose in ("card", "alert") and out.ref_id is not None:
                    sending.setdefault(out.ref_id, []).append(task)
        if listed:  # the queue messages carrying them go when their chat's turn comes
            self._announcing.update(listed)
            self._listed.update(listed)
            until = {list_id: asyncio.create_task(self._until_out(list_id))
                     for list_id in set().union(*listed.values())}
            for request_id, lists in listed.items():
                sending.setdefault(request_id, []).extend(until[list_id] for list_id in sorted(lists))
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

    async def _compromise_alerts(self, r: Request) -> list[Outgoing]:
        """R4.3: the head and the administrators are alerted at once. The alerts go out with the
        card (claimed, sent right after the commit) and the receipt waits for them too, so it
        can say whether the head has been told; a later outcome is told by the outbox's hooks."""
        alerts = []
        for chat in dict.fromkeys(c for c in [self.directory.head_chat(), *self.directory.chats_of(ADMINS)] if c):
            alert = CompromiseAlert(chat_id=chat, lang=await self.directory.language_of(chat), request=r)
            alerts.append(outgoing(self.views, alert, dedupe_key=f"compromised:{r.id}:{chat}", purpose="alert",
                                   ref_id=r.id))
        return alerts

    async def send_receipt(self, filed: Filed) -> None:
        """The receipt, with what is true by now (the holder once the card is out; the head's
        alert), through the row held for it at filing. Waits until it is out (or refused)."""
        r = filed.request
        head = await self.head_alert(r.id) if r.notice_at else None  # what happens later is told later
        payload = self.views.message(Receipt(chat_id=r.requester_id, lang=r.language, request=r, head=head)).payload
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

    async def alerts_sent(self, sent: list[tuple[OutboxItem, int | None]]) -> None:
        """An alert of compromised access reached the head: only now is the requester told so."""
        head = self.directory.head_chat()
        for item, _ in sent:
            if item.chat_id != head or item.ref_id is None:
                continue
            async with UnitOfWork(self.db) as uow:
                r = await RequestRepository.get_in(uow.conn, item.ref_id)
                if r is None or r.topic is not Topic.COMPROMISED or r.id in self._announcing:
                    continue  # (announcing: the receipt, still to come, says so itself)
                await self._notify_requester(uow, r, RequestUpdate(chat_id=r.requester_id, lang=r.language, request=r,
                                                                   update=Update.HEAD_TOLD), key=f"head-told:{r.id}")
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
        async with UnitOfWork(self.db) as uow:
            if r.id not in self._announcing:  # else the receipt, still to come, says so itself
                news = RequestUpdate(chat_id=r.requester_id, lang=r.language, request=r, update=Update.HEAD_UNREACHABLE)
                await self._notify_requester(uow, r, news, key=f"head-unreachable:{r.id}")
            await self._tell_staff(uow, admins, lambda chat, lang: HeadUnreachable(chat_id=chat, lang=lang, number=r.number),
                                   dedupe=f"head-unreachable:{r.id}")
        self._wake()
