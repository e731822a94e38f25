"""What the administrators see of the bot's own health: `/status`, and a message when
background work keeps failing (docs/operations.md).

`report()` gathers the figures (`StatusReport`); bot/views/admin.py words them. Alerts go
straight to Telegram through the `Messenger`, not through the outbox: the outbox, or the
database under it, may be the very thing that is stuck.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from bot.scheduler.supervisor import Health, LoopState, describe
from bot.services.outgoing import DeliveryError, Messenger, Notice, Presenter
from storage.db import Database
from storage.uow import repositories_of

if TYPE_CHECKING:
    from bot.services.backup import Backups, BackupStatus
    from bot.services.eljur import JournalStatus

log = logging.getLogger(__name__)


# --- what /status shows ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Backlog:
    """The outbox's queue: how many messages wait, and for how long the oldest has (seconds;
    None when nothing waits)."""

    depth: int
    waited: float | None


@dataclass(frozen=True, slots=True)
class StatusReport:
    """Everything /status tells, as of `now` (a timestamp), shown in the school's `tz`."""

    now: float
    tz: ZoneInfo
    loops: tuple[LoopState, ...]  # the database's state is `db_trouble`, not a loop line
    backlog: Backlog | None  # None: the queue could not be read (`backlog_error`)
    backlog_error: str | None
    db_trouble: tuple[float, str] | None  # (since, the problem), or None: writes go through
    backup: BackupStatus | None  # backups wired in: their state, or why it could not be read
    backup_error: str | None
    journal: JournalStatus | None  # what the ЭлЖур pull says of itself, when it is set up


# --- alerts ------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class LoopFailing(Notice):
    """A background loop keeps failing."""

    loop: str
    since: float
    error: str
    now: float
    tz: ZoneInfo


@dataclass(frozen=True, kw_only=True)
class LoopBack(Notice):
    """A loop that was failing works again."""

    loop: str


class BotStatus:
    def __init__(self, health: Health, db: Database, tz: ZoneInfo, views: Presenter,
                 admin_chats: Callable[[], list[int]], language_of: Callable[[int], Awaitable[str]] | None = None,
                 messenger: Messenger | None = None) -> None:
        self.health = health
        self.db = db
        self.tz = tz
        self.views = views
        self._admin_chats = admin_chats
        self._language_of = language_of
        self.messenger = messenger
        self._outbox = repositories_of(db).outbox
        self.backups: Backups | None = None  # the age of the last good copy
        self.journal: Any = None  # the ЭлЖур pull (bot/services/eljur.py `EljurSync`), when it is set up

    async def report(self) -> StatusReport:
        now = self.health.now()
        loops = tuple(replace(state) for state in self.health if state.name != "database")
        backlog: Backlog | None = None
        backlog_error: str | None = None
        try:
            depth, oldest = await self._outbox.backlog()
        except Exception as error:  # a report about trouble must not fail on that trouble
            backlog_error = describe(error)
        else:
            if depth == 0 or oldest is None:
                backlog = Backlog(depth, None)
            else:
                backlog = Backlog(depth, now - datetime.fromisoformat(oldest).timestamp())
        backup: BackupStatus | None = None
        backup_error: str | None = None
        if self.backups is not None:
            try:
                backup = await self.backups.status()
            except Exception as error:  # noqa: BLE001 - a report about trouble must not fail on that trouble
                backup_error = describe(error)
        journal: JournalStatus | None = None
        if self.journal is not None:
            try:
                journal = await self.journal.describe()
            except Exception:  # a report about trouble must not fail on that trouble
                log.exception("/status: the journal's part failed")
        return StatusReport(now, self.tz, loops, backlog, backlog_error, self.db.trouble, backup, backup_error,
                            journal)

    async def alert(self, state: LoopState, back: bool) -> bool:
        """Tells every administrator; True when at least one got it (else the watch tries again)."""
        if self.messenger is None:
            return True
        told = False
        for chat in self._admin_chats():
            lang = await self._language(chat)
            notice: Notice
            if back:
                notice = LoopBack(chat_id=chat, lang=lang, loop=state.name)
            else:
                now = self.health.now()
                notice = LoopFailing(chat_id=chat, lang=lang, loop=state.name, since=state.failing_since or now,
                                     error=state.last_error or "", now=now, tz=self.tz)
            try:
                await self.messenger.send_text(chat, self.views.text(notice))
            except DeliveryError as error:
                log.warning("could not tell administrator %s about %s: %s", chat, state.name, type(error).__name__)
            else:
                told = True
        return told

    async def _language(self, chat: int) -> str | None:
        if self._language_of is not None:
            try:
                return await self._language_of(chat)
            except Exception:  # the profile could not be read: the school's language will do
                log.warning("language of administrator %s unknown; using the default", chat)
        return None
