"""What services say to people, and how they reach Telegram, without knowing Telegram.

- **Notices.** A service that tells someone something builds a `Notice`: a frozen dataclass
  naming the event and carrying its values (the request, the week's figures, the names), with
  the reader's chat and language. It never words it: the presenter it was given
  (`bot/views/present.py::Views`, wired in `bot/app.py`) turns the notice into a Bot API body.
  `post` queues that body in the outbox inside the caller's unit of work, so the notice is
  stored with the change that causes it; `outgoing` gives the same row for a batch.
- **Messenger.** The few things that go to Telegram at once, not through the outbox (a
  progress message edited in place, a report's files, an alert while the database is down),
  go through a `Messenger`; its adapter over aiogram is `bot/messenger.py`. Its failures are
  this module's `DeliveryError`s, so no service catches an aiogram exception.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Protocol

from storage.outbox import PRIORITY_INTERACTIVE, OutboxItem, Outgoing, enqueue
from storage.uow import UnitOfWork


@dataclass(frozen=True, kw_only=True)
class Notice:
    """Something a person is to read. `lang` is the reader's language (None: the school's)."""

    chat_id: int
    lang: str | None = None


@dataclass(frozen=True, slots=True)
class Message:
    """A notice as the Bot API takes it: the method and its JSON body."""

    method: str
    payload: dict[str, Any]


class Presenter(Protocol):
    def message(self, notice: Notice) -> Message:
        """The notice worded in its reader's language, ready for the outbox."""
        ...

    def text(self, notice: Notice) -> str:
        """The notice's text alone (what a handler answers, what an alert says)."""
        ...


async def post(
    uow: UnitOfWork,
    views: Presenter,
    notice: Notice,
    *,
    dedupe_key: str | None = None,
    priority: int = PRIORITY_INTERACTIVE,
    purpose: str | None = None,
    ref_id: int | None = None,
    batch: str | None = None,
) -> bool:
    """Queue the notice in the outbox, in the caller's transaction. False: `dedupe_key` was
    already queued."""
    m = views.message(notice)
    return await enqueue(uow.conn, chat_id=notice.chat_id, method=m.method, payload=m.payload,
                         dedupe_key=dedupe_key, priority=priority, purpose=purpose, ref_id=ref_id, batch=batch)


def outgoing(views: Presenter, notice: Notice, *, dedupe_key: str, purpose: str | None = None,
             ref_id: int | None = None) -> Outgoing:
    """The outbox row of a notice, for the repositories' batch inserts."""
    m = views.message(notice)
    return Outgoing(notice.chat_id, m.method, m.payload, dedupe_key, purpose, ref_id)


# --- the outbox's worker, as services see it -------------------------------------------------

Sent = tuple[OutboxItem, int | None]  # a row and the id of the message it became
SentHook = Callable[[list[Sent]], Awaitable[None]]  # called in the transaction that marks them sent
BlockedHook = Callable[[OutboxItem, str], Awaitable[None]]  # a row given up, and why


class Courier(Protocol):
    """What services ask of the worker that sends the outbox (bot/outbox.py::OutboxWorker):
    to look again now, to send rows just written without waiting for its turn, and to call
    them back when a row of theirs was sent or given up, by the row's purpose."""

    on_sent: dict[str, SentHook]
    on_blocked: dict[str, BlockedHook]
    on_failed: dict[str, BlockedHook]
    on_undeliverable: BlockedHook | None

    def wake(self) -> None: ...

    async def send_held(self, dedupe_key: str, payload: dict[str, Any]) -> asyncio.Task[None] | None: ...

    def deliver_now(self, items: list[OutboxItem]) -> list[asyncio.Task[None]]: ...


# --- sending at once ---------------------------------------------------------------------


class DeliveryError(Exception):
    """Telegram did not take what was sent (an outage, a refusal, a limit)."""


class Unreachable(DeliveryError):
    """The chat cannot be written to: the person blocked the bot, left, or never started it."""


class Rejected(DeliveryError):
    """Telegram refused the call itself (a bad request: no such message, a text it would not take)."""


@dataclass(frozen=True, slots=True)
class OutgoingFile:
    """A file sent at once: its name, bytes and caption; a picture is sent as a photo."""

    name: str
    data: bytes
    caption: str | None = None
    as_photo: bool = False


class Messenger(Protocol):
    async def send_text(self, chat_id: int, text: str) -> int:
        """Send a text; the message id of what was sent."""
        ...

    async def edit_text(self, chat_id: int, message_id: int, text: str) -> None:
        """Replace the text of a message the bot sent."""
        ...

    async def send_file(self, chat_id: int, file: OutgoingFile) -> None:
        """Send a document or a photo."""
        ...
