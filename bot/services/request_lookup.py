"""What the handlers read about requests: a person's list, one request, the request a reply
is about, a specialist's queue, the register. And the one write that goes with showing a
request outside the outbox: the shown message is linked to it, so a reply to that message is
about this request. Changes of a request go through the help desk (bot/services/helpdesk.py)."""

from __future__ import annotations

from datetime import datetime

from storage.requests import Request, RequestRepository
from storage.uow import Repositories


class RequestLookup:
    def __init__(self, repositories: Repositories) -> None:
        self._requests: RequestRepository = repositories.requests

    async def get(self, rid: int) -> Request | None:
        return await self._requests.get(rid)

    async def of_requester(self, requester_id: int, limit: int = 10) -> list[Request]:
        """The requester's requests, newest first."""
        return await self._requests.of_requester(requester_id, limit=limit)

    async def open_of_requester(self, requester_id: int) -> list[Request]:
        """The requester's open requests, newest first."""
        return await self._requests.open_of_requester(requester_id)

    async def replied_to(self, chat_id: int, message_id: int) -> Request | None:
        """The request a message in this chat belongs to (a card, a relay, a notice, the
        person's own words); None when it belongs to no single request."""
        rid = await self._requests.request_of_message(chat_id, message_id)
        return await self._requests.get(rid) if rid is not None else None

    async def shown(self, chat_id: int, message_id: int, rid: int) -> None:
        """A message sent about a request outside the outbox: a reply to it is about that request."""
        await self._requests.link_messages([(chat_id, message_id, rid)])

    async def of_assignee(self, assignee_id: str) -> list[Request]:
        """The open requests assigned to this staff reference, the card due first."""
        return await self._requests.of_assignee(assignee_id)

    async def register(self, *, since: datetime | None = None, until: datetime | None = None,
                       area: str | None = None, kind: str | None = None, status: str | None = None,
                       specialist: str | None = None) -> list[Request]:
        """The register's rows for the period, with the administrator's filters."""
        return await self._requests.register(since=since, until=until, area=area, kind=kind, status=status,
                                             specialist=specialist)
