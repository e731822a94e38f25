"""What became of the rows about a request (the outbox's hooks): where they landed, so
replies find their request, and whether a follow-up really reached someone."""

from __future__ import annotations

from bot.services.helpdesk.core import (
    BURST,
    REACTION,
    RELAY_IN,
)
from bot.services.helpdesk.notices import FollowUpUndelivered, RelayArrived, RequestUpdate, Update
from bot.services.helpdesk.requester import RequesterActions
from bot.services.outgoing import Sent, post
from storage.outbox import (
    OutboxItem,
    live_elsewhere_in,
)
from storage.requests import RequestRepository
from storage.uow import UnitOfWork


class Relays(RequesterActions):
    async def _linked(self, sent: list[Sent]) -> None:
        """A notice or an answer reached the requester: a reply to it belongs to its request."""
        async with UnitOfWork(self.db) as uow:
            await RequestRepository.link_messages_in(uow.conn, [
                (item.chat_id, message_id, item.ref_id) for item, message_id in sent
                if message_id is not None and item.ref_id is not None
            ])

    async def cards_sent(self, sent: list[Sent]) -> None:
        """Cards reached their chats: where each landed, so it can be edited and replied to."""
        await self.requests.add_cards([
            (item.ref_id, item.chat_id, message_id) for item, message_id in sent
            if message_id is not None and item.ref_id is not None
        ])

    async def card_refused(self, item: OutboxItem, error: str) -> None:
        """Telegram refused a card (or its chat is blocked): the request moves on at once."""
        if item.ref_id is not None:
            await self.card_undeliverable(item.ref_id, item.chat_id, error)

    async def queue_list_refused(self, item: OutboxItem, error: str) -> None:
        """The same for a queue message."""
        if item.ref_id is not None:
            await self.queue_undeliverable(item.ref_id, item.chat_id, error)

    async def _relayed(self, sent: list[Sent]) -> None:
        """A requester's message reached a holder of the request: a reply to the relay belongs
        to the request, and the person's message gets the reaction that says it arrived."""
        async with UnitOfWork(self.db) as uow:
            links = []
            for item, message_id in sent:
                row = await RequestRepository.conversation_row_in(uow.conn, item.ref_id) if item.ref_id else None
                if row is None:
                    continue
                if message_id is not None:
                    links.append((item.chat_id, message_id, row.request_id))
                await post(uow, self.views, RelayArrived(chat_id=row.chat_id, message_id=row.message_id),
                           dedupe_key=f"reaction:{row.chat_id}:{row.message_id}", purpose=REACTION, ref_id=row.id)
            await RequestRepository.link_messages_in(uow.conn, links)
        self._wake()

    async def _relay_failed(self, item: OutboxItem, error: str) -> None:
        """A follow-up's relay was refused: unless it reached another holder's chat (or may
        still), the requester is told it did not arrive; it stays in the request."""
        if item.ref_id is None:
            return
        async with UnitOfWork(self.db) as uow:
            row = await RequestRepository.conversation_row_in(uow.conn, item.ref_id)
            if row is None:
                return
            if await live_elsewhere_in(uow.conn, RELAY_IN, row.id, item.id):
                return
            r = await RequestRepository.get_in(uow.conn, row.request_id)
            if r is None:
                return
            await RequestRepository.mark_not_relayed_in(uow.conn, row.id)
            await RequestRepository.event(uow.conn, r.id, self.clock.now(), "relay_failed", chat=item.chat_id,
                                          error=error[:200])
            await self._notify_requester(uow, r, FollowUpUndelivered(chat_id=r.requester_id, lang=r.language, request=r,
                                                                     message_id=row.message_id),
                                         key=f"relay-failed:{row.id}")
        self._wake()

    async def _reaction_refused(self, item: OutboxItem, error: str) -> None:
        """Telegram would not put the reaction on: one text per burst says the messages arrived."""
        if item.ref_id is None:
            return
        async with UnitOfWork(self.db) as uow:
            row = await RequestRepository.conversation_row_in(uow.conn, item.ref_id)
            if row is None:
                return
            previous = await RequestRepository.last_inbound_at(uow.conn, row.request_id, before_id=row.id)
            if previous is not None and row.at - previous < BURST:
                return  # not the first of its burst: that one's text (or reaction) speaks for it
            r = await RequestRepository.get_in(uow.conn, row.request_id)
            if r is None:
                return
            await self._notify_requester(uow, r, RequestUpdate(chat_id=r.requester_id, lang=r.language, request=r,
                                                               update=Update.FOLLOW_UP_RELAYED),
                                         key=f"relayed-note:{row.id}")
        self._wake()
