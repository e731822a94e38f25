"""Cards and queue messages: delivering them when due, keeping them up to date, and what
happens when Telegram refuses one or a chat that could not be reached comes back."""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.domain.courtesy import Level, Verdict
from bot.domain.requests import (
    Move,
    Status,
    destination,
    sources,
)
from bot.domain.staff_refs import ADMINS, is_one_admin
from bot.events import event
from bot.services.helpdesk.card_notices import (
    QUEUE_LIST_SIZE,
    QUEUE_LIST_TEXT,
    CardUndeliverable,
    CardUpdate,
    QueueList,
    QueueListUpdate,
    RequestCard,
)
from bot.services.helpdesk.core import (
    QUEUE_LIST_FROM,
    REDELIVER_LIMIT,
    RELAY_IN,
    Inbound,
    log,
)
from bot.services.helpdesk.notices import FollowUpRelay
from bot.services.helpdesk.substitutions import Substitutions
from bot.services.outgoing import outgoing, post
from storage.courtesy import CourtesyMarks
from storage.outbox import (
    PRIORITY_INTERACTIVE,
    OutboxItem,
    Outgoing,
    enqueue_many,
    refused_of_chat_in,
    send_again_in,
)
from storage.reach import is_reach_error
from storage.requests import Request, RequestRepository
from storage.uow import UnitOfWork

QUEUE_HEAD_START = 10.0  # seconds a requester's acknowledgement waits for the queue message carrying the request


@dataclass(frozen=True, slots=True)
class ChatPace:
    """How fast one chat takes messages (docs/delivery.md, "One sending path"): `burst` at
    once, then one every `interval` seconds."""

    burst: int
    interval: float


class Cards(Substitutions):
    pace: ChatPace | None = None  # chats are paced: cards a busy chat would make wait are gathered

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Queue messages a requester's acknowledgement waits for (only to wake it: what a
        # queue message carries is in the database), done when sent or refused.
        self._lists_out: dict[int, asyncio.Future[None]] = {}

    def gather_bursts(self, per_second: float, burst: int) -> None:
        """Each chat takes `burst` messages at once, then `per_second` (the session's pacing;
        0: not paced). Cards filed faster than that for one chat come as one queue message
        (docs/delivery.md, "Cards arriving together")."""
        self.pace = ChatPace(burst, 1.05 / per_second) if per_second > 0 else None

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
        async with UnitOfWork(self.db) as uow:
            counts: dict[str, int] | None = None
            for r in due:
                assignee = self._serving(r.assignee_id or ADMINS, r.scheduled_id, r.slot_start)
                if not self.area_known(r.area):  # not in the school file (any more): the administrators decide
                    assignee = ADMINS
                meant_for = None
                if not self.can_see(assignee):
                    if counts is None:
                        counts = await RequestRepository.open_counts_in(uow.conn)
                    reachable = self._reachable_or_next(assignee, r.area, now, counts)
                    if reachable != assignee:
                        meant_for, assignee = assignee, reachable
                moved = await RequestRepository.move(
                    uow.conn, r.id, sources(Move.DELIVER), now,
                    status=destination(Move.DELIVER), assignee_id=assignee, delivered_at=now,
                )
                if not moved:
                    continue
                if meant_for is not None:
                    await RequestRepository.event(uow.conn, r.id, now, "moved", None,
                                                  **{"from": meant_for, "assignee": assignee, "reason": "unreachable"})
                await RequestRepository.event(uow.conn, r.id, now, "delivered", assignee=assignee)
                fresh = await RequestRepository.get_in(uow.conn, r.id)
                assert fresh is not None
                delivered.append((fresh, meant_for))
            by_holder: defaultdict[str, list[Request]] = defaultdict(list)
            for fresh, _ in delivered:
                by_holder[fresh.assignee_id or ADMINS].append(fresh)
            for holder, requests in by_holder.items():
                if only is None and len(requests) >= QUEUE_LIST_FROM:
                    await self._enqueue_queue_lists(uow, holder, requests, now)
                else:
                    for fresh in requests:
                        await self._enqueue_card(uow, fresh, tag=f"d{fresh.escalations}")
            for fresh, meant_for in delivered:
                if meant_for is not None:
                    await self._tell_requester_moved(uow, fresh)
        for fresh, meant_for in delivered:
            event("request_delivered", id=fresh.id, number=fresh.number, to=fresh.assignee_id, meant_for=meant_for)
        if delivered:
            self._wake()
        return len(delivered)

    async def _enqueue_queue_lists(self, uow: UnitOfWork, holder: str, requests: list[Request],
                                   now: datetime) -> None:
        """Queue messages to each chat of `holder`, as few as Telegram's limits allow (usually
        one). The full card (and what the requester attached) follows when one is taken."""
        for chat in self.directory.chats_of(holder):
            if chat is None:
                continue
            lang = await self.directory.language_of(chat)
            for chunk in self._queue_chunks(chat, lang, holder, [], requests):
                if not chunk:
                    continue
                list_id = await RequestRepository.new_queue_list(uow.conn, chat, [r.id for r in chunk], now)
                await post(uow, self.views, QueueList(chat_id=chat, lang=lang, requests=tuple(chunk), holder=holder),
                           dedupe_key=f"queue:{list_id}", purpose="queue",
                           ref_id=list_id)

    async def _enqueue_card(self, uow: UnitOfWork, r: Request, *, tag: str, only_chat: int | None = None) -> None:
        await enqueue_many(uow.conn, await self._card_messages(uow, r, tag=tag, only_chat=only_chat),
                           priority=PRIORITY_INTERACTIVE)

    async def _card_messages(
        self, uow: UnitOfWork, r: Request, *, tag: str, inbound: list[Inbound] | None = None,
        only_chat: int | None = None, skip: set[int] | frozenset[int] = frozenset(),
    ) -> list[Outgoing]:
        """The card and everything the requester sent so far, to every chat of the assignee
        (or just `only_chat`; none to the chats in `skip`, where a queue message carries it);
        the requester's messages are marked relayed. `inbound`: those messages when the caller
        has them at hand (a request being filed)."""
        if inbound is None:
            inbound = [Inbound(*row) for row in await RequestRepository.inbound_in(uow.conn, r.id)]
        marks = {m.message_row: m for m in await CourtesyMarks.of_request_in(uow.conn, r.id)} if inbound else {}
        # what the courtesy check finds in each: the flag or the mark it carries (judged once, not per chat)
        verdicts = [self.courtesy.judge(m.text) if m.row_id is not None and m.text else Verdict(Level.NONE)
                    for m in inbound]
        messages = []
        for chat in self.directory.chats_of(r.assignee_id or ADMINS):
            if chat is None or (only_chat is not None and chat != only_chat) or chat in skip:
                continue
            lang = await self.directory.language_of(chat)
            messages.append(outgoing(self.views, RequestCard(chat_id=chat, lang=lang, request=r),
                                     dedupe_key=f"card:{r.id}:{chat}:{tag}", purpose="card", ref_id=r.id))
            for n, message in enumerate(inbound):
                relayed = FollowUpRelay(
                    chat_id=chat, lang=lang, request=r, from_chat=message.chat_id, message_id=message.message_id,
                    content_type=message.content_type, text=message.text, row_id=message.row_id,
                    verdict=verdicts[n],
                    mark=marks.get(message.row_id) if message.row_id is not None else None,
                )
                messages.append(outgoing(self.views, relayed, dedupe_key=f"card:{r.id}:{chat}:{tag}:m{n}",
                                         purpose=RELAY_IN if message.row_id else None, ref_id=message.row_id))
        if inbound and (messages or not skip):  # else they go with the card once it is taken
            await RequestRepository.mark_inbound_relayed_in(uow.conn, r.id)
        return messages

    # --- cards arriving together for one chat (docs/delivery.md, "Cards arriving together") ---

    async def _busy_chats(self, uow: UnitOfWork, r: Request, known: dict[int, tuple[int, bool]],
                          queued: dict[int, int]) -> set[int]:
        """The chats of the request's holder that its card would have to wait for: a queue
        message to the chat is still waiting to go, or as many messages as the chat takes at
        once are still unsent (`known`: what the database says of each chat, read once per
        transaction; `queued`: messages to each chat queued since, not yet written)."""
        pace = self.pace
        if pace is None or self.outbox is None:  # not paced (or nothing sends): a card each
            return set()
        busy = set()
        for chat in self.directory.chats_of(r.assignee_id or ADMINS):
            if chat is None:
                continue
            if chat not in known:
                known[chat] = (await RequestRepository.unsent_to_chat_in(uow.conn, chat),
                               await RequestRepository.open_queue_list_in(uow.conn, chat) is not None)
            unsent, open_list = known[chat]
            if open_list or unsent + queued.get(chat, 0) >= pace.burst:
                busy.add(chat)
        return busy

    async def _gather(self, uow: UnitOfWork, chat: int, holder: str, requests: list[Request],
                      now: datetime) -> dict[int, int]:
        """Requests whose cards would wait for a busy chat's turn join the queue message to it
        that the outbox has not taken yet, or start one, held back for the chat's next turn so
        that those filed meanwhile join it too. All in the caller's transaction: two filings
        cannot both start a list (the database runs their transactions one after the other),
        and a list the worker has taken is never extended (`extend_queue_list_in`). Which
        queue message carries each request."""
        assert self.pace is not None
        lang = await self.directory.language_of(chat)
        open_id = await RequestRepository.open_queue_list_in(uow.conn, chat)
        listed: list[Request] = []
        if open_id is not None:
            listed = await RequestRepository.queue_list_requests(uow.conn, open_id)
            if self._list_owner(chat, listed) != holder:
                open_id, listed = None, []
        chunks = self._queue_chunks(chat, lang, holder, listed, requests)
        carriers: dict[int, int] = {}
        if open_id is not None:
            first = chunks.pop(0)
            added = first[len(listed):]
            whole = QueueList(chat_id=chat, lang=lang, requests=tuple(first), holder=holder)
            if added and await RequestRepository.extend_queue_list_in(
                    uow.conn, open_id, [r.id for r in added], self.views.message(whole).payload):
                carriers.update((r.id, open_id) for r in added)
            elif added:
                chunks.insert(0, added)
        for chunk in chunks:
            if not chunk:
                continue
            list_id = await RequestRepository.new_queue_list(uow.conn, chat, [r.id for r in chunk], now)
            await post(uow, self.views, QueueList(chat_id=chat, lang=lang, requests=tuple(chunk), holder=holder),
                       dedupe_key=f"queue:{list_id}", purpose="queue", ref_id=list_id)
            await RequestRepository.hold_queue_list_in(uow.conn, list_id, time.time() + self.pace.interval)
            carriers.update((r.id, list_id) for r in chunk)
        for list_id in set(carriers.values()):
            self._lists_out.setdefault(list_id, asyncio.get_running_loop().create_future())
        return carriers

    def _queue_chunks(self, chat: int, lang: str | None, holder: str, listed: list[Request],
                      more: list[Request]) -> list[list[Request]]:
        """`listed` and then `more`, as queue messages Telegram takes (at most QUEUE_LIST_SIZE
        requests and QUEUE_LIST_TEXT characters each): the first starts with `listed`."""
        def fits(requests: list[Request]) -> bool:
            notice = QueueList(chat_id=chat, lang=lang, requests=tuple(requests), holder=holder)
            return len(requests) <= QUEUE_LIST_SIZE and len(self.views.text(notice)) <= QUEUE_LIST_TEXT

        chunks = [list(listed)]
        rest = list(more)
        while rest:
            base = chunks[-1]
            if fits(base + rest):
                chunks[-1] = base + rest
                break
            lo, hi = 0, len(rest)  # as many as fit: base + rest[:lo] fits, base + rest[:hi] does not
            while hi - lo > 1:
                mid = (lo + hi) // 2
                lo, hi = (mid, hi) if fits(base + rest[:mid]) else (lo, mid)
            if lo == 0 and not base:
                lo = 1  # one request alone always makes a message
            chunks[-1] = base + rest[:lo]
            rest = rest[lo:]
            chunks.append([])
        return chunks

    async def _until_out(self, list_id: int) -> None:
        """Until the queue message is sent or refused (or QUEUE_HEAD_START has passed)."""
        out = self._lists_out.get(list_id)
        if out is not None:
            try:
                await asyncio.wait_for(asyncio.shield(out), QUEUE_HEAD_START)
            except TimeoutError:
                pass

    def _list_settled(self, list_id: int | None) -> None:
        """A queue message was sent or refused: whoever waits for it goes on."""
        out = self._lists_out.pop(list_id, None) if list_id is not None else None
        if out is not None and not out.done():
            out.set_result(None)

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
        async with UnitOfWork(self.db) as uow:
            await RequestRepository.event(uow.conn, r.id, now, "card_undeliverable", chat=chat_id, error=error[:200])
            counts = await RequestRepository.open_counts_in(uow.conn)
            to = self._next_holder(r.assignee_id, r.area, now, counts, tried)
            fresh = None
            if to is None:
                log.warning("request %s: nobody further along can be reached; it stays with %s", r.id, r.assignee_id)
            elif await RequestRepository.move(uow.conn, r.id, sources(Move.DELIVER), now, status=destination(Move.DELIVER),
                                              assignee_id=to, delivered_at=now, scheduled_id=None):
                await RequestRepository.event(uow.conn, r.id, now, "moved", None,
                                              **{"from": r.assignee_id, "assignee": to, "reason": "unreachable"})
                fresh = await RequestRepository.get_in(uow.conn, r.id)
                assert fresh is not None
                await self._enqueue_card(uow, fresh, tag=f"u{chat_id}")
                await self._refresh_views(uow, fresh)
                if r.id not in self._announcing:  # else the receipt, still to come, names the new holder
                    await self._tell_requester_moved(uow, fresh)
            if admins and not is_one_admin(staff_id):
                number, moved_to = r.number, fresh.assignee_id if fresh is not None else None
                await self._tell_staff(
                    uow, admins,
                    lambda chat, lang: CardUndeliverable(chat_id=chat, lang=lang, number=number, name=name,
                                                         moved=fresh is not None, holder=moved_to),
                    dedupe=f"undeliverable:{r.id}:{chat_id}")
        if fresh is not None:
            event("request_delivered", id=r.id, number=r.number, to=fresh.assignee_id, meant_for=r.assignee_id)
        self._wake()

    async def queue_undeliverable(self, list_id: int, chat_id: int, error: str) -> None:
        """A queue message Telegram refused: each of its requests goes on as a refused card would
        (and the acknowledgements waiting for it then name whoever holds each request now)."""
        try:
            for request_id in await self.requests.queue_list_request_ids(list_id):
                await self.card_undeliverable(request_id, chat_id, error)
        finally:
            self._list_settled(list_id)

    async def _refresh_views(self, uow: UnitOfWork, r: Request, *, actor_chat: int | None = None,
                             lists_done: set[int] | None = None) -> None:
        """Cards and queue messages showing this request are brought up to date (through the
        outbox, as edits): buttons only in the holder's chats, elsewhere where it stands now.
        `actor_chat`: the chat whose card the pressing person's handler edits itself."""
        holder = r.taken_by or r.assignee_id
        holder_chats = set(self.directory.chats_of(holder)) if holder and r.status.is_open else set()
        for chat, message_id in await RequestRepository.cards_in(uow.conn, r.id):
            if chat == actor_chat:
                continue
            update = CardUpdate(chat_id=chat, lang=await self.directory.language_of(chat), request=r,
                                message_id=message_id, theirs=chat in holder_chats)
            await post(uow, self.views, update, purpose="card_edit", ref_id=r.id)
        for list_id, chat, message_id in await RequestRepository.queue_lists_with(uow.conn, r.id):
            if lists_done is not None:
                if list_id in lists_done:
                    continue
                lists_done.add(list_id)
            items = await RequestRepository.queue_list_requests(uow.conn, list_id)
            await self._edit_list(uow, list_id, chat, message_id, items, self._list_owner(chat, items))

    async def queue_lists_sent(self, sent: list[tuple[OutboxItem, int | None]]) -> None:
        """Queue messages just sent (the outbox's sent-hook): their message ids are kept, so they
        can be edited; one whose requests changed while it was on its way is edited at once."""
        for item, _ in sent:
            self._list_settled(item.ref_id)
        lists = [(item.ref_id, item.chat_id, message_id) for item, message_id in sent
                 if message_id is not None and item.ref_id is not None]
        if not lists:
            return
        await self.requests.queue_list_sent([(list_id, message_id) for list_id, _, message_id in lists])
        stale = False
        async with UnitOfWork(self.db) as uow:
            for list_id, chat, message_id in lists:
                items = await RequestRepository.queue_list_requests(uow.conn, list_id)
                owner = self._list_owner(chat, items)
                if all(r.status in (Status.NEW, Status.ASSIGNED) and r.assignee_id == owner for r in items):
                    continue
                await self._edit_list(uow, list_id, chat, message_id, items, owner)
                stale = True
        if stale:
            self._wake()

    def _list_owner(self, chat: int, items: list[Request]) -> str:
        owner = self.directory.staff_id_for(chat)
        if owner is None or (chat in self.directory.chats_of(ADMINS) and any(i.assignee_id == ADMINS for i in items)):
            return ADMINS
        return owner

    async def _edit_list(self, uow: UnitOfWork, list_id: int, chat: int, message_id: int,
                         items: list[Request], owner: str) -> None:
        update = QueueListUpdate(chat_id=chat, lang=await self.directory.language_of(chat), requests=tuple(items),
                                 holder=owner, message_id=message_id)
        await post(uow, self.views, update, purpose="queue_edit", ref_id=list_id)

    async def refresh_views(self, request_id: int, *, actor_chat: int | None = None) -> None:
        async with UnitOfWork(self.db) as uow:
            r = await RequestRepository.get_in(uow.conn, request_id)
            if r is not None:
                await self._refresh_views(uow, r, actor_chat=actor_chat)
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
        async with UnitOfWork(self.db) as uow:
            again = [row_id for row_id, purpose, error in await refused_of_chat_in(uow.conn, chat_id, REDELIVER_LIMIT)
                     if is_reach_error(error) and purpose not in ("card", "card_edit", "queue", "queue_edit")]
            await send_again_in(uow.conn, sorted(again))
            holders = [h for h in (staff_id, ADMINS if chat_id in self.directory.chats_of(ADMINS) else None) if h]
            resent = 0
            for holder in holders:
                for r in await RequestRepository.open_of_assignee_in(uow.conn, holder):
                    if r.delivered_at is None or await RequestRepository.card_sent_or_queued(uow.conn, r.id, chat_id):
                        continue
                    await self._enqueue_card(uow, r, tag=f"back{len(again)}:{r.updated_at.isoformat()}",
                                             only_chat=chat_id)
                    resent += 1
        log.info("chat %s is back: %d message(s) and %d card(s) sent again", chat_id, len(again), resent)
        self._wake()
