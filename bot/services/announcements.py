"""Announcements (R6.6): an administrator's message to an audience, through the outbox.

Each recipient's message is a bulk outbox row (`announcement:<id>:<chat>`, batch
`announcement:<id>`), written in one transaction with the announcement, so the weekly
summaries' guarantees hold (docs/delivery.md): paced, behind the help desk's own traffic,
nothing lost at a crash, a repeated press of "Send" queues nothing twice. The sender gets
one progress message, edited as the rows go out (through the `Messenger`). What the readers and
the sender see is worded in bot/views/announcements.py (`Announced`, `AnnouncementProgress`).
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass
from typing import Any

from bot.clock import Clock
from bot.domain.announcements import Audience, Kind, in_audience, may_mute, normalise_class
from bot.domain.school import StaffRole
from bot.services.outgoing import DeliveryError, Message, Messenger, Notice, Presenter, outgoing
from bot.services.people import Directory
from storage.db import Database
from storage.uow import repositories_of

log = logging.getLogger(__name__)

PROGRESS_EVERY = 3.0  # seconds between edits of the progress message


@dataclass(frozen=True, slots=True)
class Content:
    """What the administrator wrote: HTML text, and a file (its Telegram file id) or none."""

    html: str
    file_id: str | None = None
    file_type: str | None = None  # "document" | "photo"

    def as_dict(self) -> dict[str, Any]:
        return {"html": self.html, "file_id": self.file_id, "file_type": self.file_type}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Content:
        return cls(data.get("html") or "", data.get("file_id"), data.get("file_type"))


@dataclass(frozen=True, kw_only=True)
class Announced(Notice):
    """One reader's announcement (the sender's preview is the same message): its kind's header,
    the administrator's words, their file; `mute`: a button to mute the kind under it."""

    kind: Kind
    content: Content
    mute: bool = False


@dataclass(frozen=True, kw_only=True)
class AnnouncementProgress(Notice):
    """The sender's progress message: sent of total, refused (blocked, failed); `done` when no
    row is left."""

    sent: int
    total: int
    blocked: int
    failed: int
    done: bool


class Announcements:
    def __init__(self, db: Database, directory: Directory, clock: Clock, views: Presenter,
                 outbox: Any = None, messenger: Messenger | None = None) -> None:
        self.repo = repositories_of(db).announcements
        self.directory = directory
        self.clock = clock
        self.views = views  # words the readers' messages and the progress (bot/views/announcements.py)
        self.outbox = outbox  # bot.outbox.OutboxWorker: woken when rows are queued
        self.messenger = messenger  # for the sender's progress message
        self._progress_at = 0.0
        self._progress_lock = asyncio.Lock()  # the tick and a fresh announcement: one first message

    # --- who hears it --------------------------------------------------------------------------

    def _staff_chats(self, *roles: StaffRole) -> list[int]:
        school = self.directory.school
        return [c for p in school.people if p.role in roles and (c := self.directory.chat_of(p.id)) is not None]

    def _class_teacher_chats(self) -> list[int]:
        return [c.telegram_id for c in self.directory.school.class_teachers if c.telegram_id is not None]

    async def classes(self) -> set[str]:
        """The classes known: of students, and of class teachers in the school file."""
        known = {normalise_class(c) or c for c in await self.repo.classes()}
        return known | {normalise_class(c.class_name) or c.class_name for c in self.directory.school.class_teachers}

    async def recipients(self, audience: Audience, target: str | None) -> list[int]:
        """Every chat of the audience, once each, in a stable order."""
        chats: list[int] = []
        if audience in (Audience.STAFF, Audience.EVERYONE):
            chats += self._staff_chats(StaffRole.HEAD, StaffRole.ADMIN, StaffRole.SPECIALIST)
            chats += self._class_teacher_chats()
        elif audience is Audience.SPECIALISTS:
            chats += self._staff_chats(StaffRole.SPECIALIST)
        elif audience is Audience.CLASS_TEACHERS:
            chats += self._class_teacher_chats()
        if audience is Audience.EVERYONE:
            chats += await self.repo.consented()
        elif audience.needs_target:
            chats += [p for p, klass in await self.repo.parents_by_class() if in_audience(klass, audience, target)]
        return list(dict.fromkeys(chats))

    async def audience_for(self, kind: Kind, audience: Audience, target: str | None) -> tuple[list[int], int]:
        """(who will receive it, how many of the audience muted this kind)."""
        everyone = await self.recipients(audience, target)
        if not may_mute(kind):
            return everyone, 0
        muted = await self.repo.muted(kind.value)
        hearing = [c for c in everyone if c not in muted]
        return hearing, len(everyone) - len(hearing)

    # --- what they see -------------------------------------------------------------------------

    def preview(self, chat_id: int, lang: str | None, kind: Kind, content: Content) -> Message:
        """The message exactly as its readers will see it, in the sender's language, without the
        mute button."""
        return self.views.message(Announced(chat_id=chat_id, lang=lang, kind=kind, content=content))

    # --- muting -------------------------------------------------------------------------------

    async def mutes_of(self, telegram_id: int) -> set[str]:
        return await self.repo.mutes_of(telegram_id)

    async def set_muted(self, telegram_id: int, kind: Kind, muted: bool) -> None:
        """Only a kind people may mute; the obligatory ones reach everyone of their audience."""
        if may_mute(kind) or not muted:
            await self.repo.set_muted(telegram_id, kind.value, muted, self.clock.now())

    # --- sending -------------------------------------------------------------------------------

    async def send(self, *, submission_key: str, kind: Kind, audience: Audience, target: str | None,
                   content: Content, sender_id: int) -> tuple[int, int] | None:
        """Queues the announcement for its audience (without those who muted its kind) and shows
        the sender its progress; a kind people may mute has the mute button under it. Returns
        (id, recipients), or None if this preview was sent already."""
        chats, _ = await self.audience_for(kind, audience, target)
        mute = may_mute(kind)
        messages = []
        for chat in chats:
            notice = Announced(chat_id=chat, lang=await self.directory.language_of(chat), kind=kind, content=content,
                               mute=mute)
            messages.append(outgoing(self.views, notice, dedupe_key=""))  # the keys: the repository's
        sample = self.views.message(Announced(chat_id=0, kind=kind, content=content))  # the school's language
        announcement_id = await self.repo.queue(
            submission_key=submission_key, kind=kind.value, audience=audience.value, target=target,
            method=sample.method, body=sample.payload, sender_id=sender_id, at=self.clock.now(), messages=messages)
        if announcement_id is None:
            return None
        log.info("announcement %s (%s, %s %s) queued for %d chat(s)", announcement_id, kind.value, audience.value,
                 target or "", len(messages))
        if self.outbox is not None:
            self.outbox.wake()
        self._progress_at = 0.0
        await self.report_progress(force=True)
        return announcement_id, len(messages)

    async def tick(self) -> None:
        await self.report_progress()

    async def report_progress(self, force: bool = False) -> None:
        """One message to the sender per announcement, edited at most every few seconds with
        sent / total and refused, and at once with ✅ when the last row is done."""
        if self.messenger is None:
            return
        async with self._progress_lock:
            for a in await self.repo.unfinished():
                counts = await self.repo.counts(a.id)
                left = counts.get("pending", 0) + counts.get("sending", 0)
                if left and not force and time.monotonic() - self._progress_at < PROGRESS_EVERY:
                    continue
                await self._show(a, counts, left)
                if not left:
                    await self.repo.finish(a.id, self.clock.now())
            if force or time.monotonic() - self._progress_at >= PROGRESS_EVERY:
                self._progress_at = time.monotonic()

    async def _show(self, a: Any, counts: dict[str, int], left: int) -> None:
        assert self.messenger is not None
        text = self.views.text(AnnouncementProgress(
            chat_id=a.sender_id, lang=await self.directory.language_of(a.sender_id), sent=counts.get("sent", 0),
            total=a.queued or 0, blocked=counts.get("blocked", 0), failed=counts.get("failed", 0), done=not left))
        try:
            if a.progress_message_id is None:
                shown = await self.messenger.send_text(a.sender_id, text)
                await self.repo.progress_shown(a.id, shown, text)
            elif a.progress_text != text:
                await self.messenger.edit_text(a.sender_id, a.progress_message_id, text)
                await self.repo.progress_shown(a.id, a.progress_message_id, text)
        except DeliveryError as error:  # progress is a courtesy: the sending goes on without it
            log.warning("announcement %s: progress message: %s", a.id, error)
