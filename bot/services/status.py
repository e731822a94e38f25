"""What the administrators see of the bot's own health: `/status`, and a message when
background work keeps failing (docs/operations.md).

Alerts go straight to Telegram, not through the outbox: the outbox, or the database
under it, may be the very thing that is stuck.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError

from bot.i18n import I18n, Translator
from bot.scheduler.supervisor import Health, LoopState, describe
from storage.db import Database
from storage.outbox import OutboxRepository

if TYPE_CHECKING:
    from bot.services.backup import Backups

log = logging.getLogger(__name__)

# Known loops and what they do, in the administrators' words; others are shown by name.
TITLES = {
    "outbox": "status-name-outbox",
    "helpdesk-timers": "status-name-helpdesk-timers",
    "summaries": "status-name-summaries",
    "journal-pull": "status-name-journal-pull",
    "substitutions-reload": "status-name-substitutions-reload",
    "database": "status-name-database",
    "watch": "status-name-watch",
    "morning-list-of-staff": "status-name-morning-list-of-staff",
    "backup": "records-status-name-backup",
    "retention": "records-status-name-retention",
}


def title(name: str, t: Translator) -> str:
    key = TITLES.get(name)
    return f"{t(key)} ({name})" if key else name


def age(seconds: float, t: Translator) -> str:
    seconds = max(0, int(seconds))
    if seconds < 90:
        return t("status-age-seconds", n=seconds)
    if seconds < 90 * 60:
        return t("status-age-minutes", n=round(seconds / 60))
    hours, minutes = divmod(round(seconds / 60), 60)
    return t("status-age-hours", h=hours, m=minutes)


class BotStatus:
    def __init__(self, health: Health, db: Database, tz: ZoneInfo, i18n: I18n,
                 admin_chats: Callable[[], list[int]], translator_for: Callable[[int], object] | None = None,
                 bot: Bot | None = None) -> None:
        self.health = health
        self.db = db
        self.tz = tz
        self.i18n = i18n
        self._admin_chats = admin_chats
        self._translator_for = translator_for
        self.bot = bot
        self._outbox = OutboxRepository(db)
        self.backups: Backups | None = None  # the age of the last good copy
        self.journal: Any = None  # the ЭлЖур pull (bot/services/eljur.py `EljurSync`), when it is set up

    def _at(self, moment: float) -> str:
        local = datetime.fromtimestamp(moment, self.tz)
        today = datetime.fromtimestamp(self.health.now(), self.tz).date()
        return local.strftime("%H:%M:%S") if local.date() == today else local.strftime("%d.%m %H:%M:%S")

    async def report(self, t: Translator) -> str:
        now = self.health.now()
        lines = [t("status-title", time=self._at(now)), ""]
        for state in self.health:
            if state.name != "database":  # it has a line of its own, below
                lines.append(self._loop_line(state, t, now))
        lines.append("")
        try:
            depth, oldest = await self._outbox.backlog()
        except Exception as error:  # a report about trouble must not fail on that trouble
            lines.append(t("status-queue-unknown", error=describe(error)))
        else:
            if depth == 0 or oldest is None:
                lines.append(t("status-queue-empty"))
            else:
                waited = now - datetime.fromisoformat(oldest).timestamp()
                lines.append(t("status-queue", count=depth, age=age(waited, t)))
        if self.db.trouble is None:
            lines.append(t("status-db-ok"))
        else:
            since, problem = self.db.trouble
            lines.append(t("status-db-trouble", since=self._at(since), error=problem))
        if self.backups is not None:
            try:
                lines.append(await self.backups.status_line(t))
            except Exception as error:  # noqa: BLE001 - a report about trouble must not fail on that trouble
                lines.append(t("records-status-backup-unknown", error=describe(error)))
        if self.journal is not None:
            try:
                lines.extend(await self.journal.describe(t))
            except Exception:  # a report about trouble must not fail on that trouble
                log.exception("/status: the journal's part failed")
        return "\n".join(lines)

    def _loop_line(self, state: LoopState, t: Translator, now: float) -> str:
        name = title(state.name, t)
        success = (t("status-success", at=self._at(state.last_success), ago=age(now - state.last_success, t))
                   if state.last_success is not None else t("status-never"))
        if state.failing_since is not None:
            line = t("status-loop-failing", name=name, since=self._at(state.failing_since), count=state.failures,
                     error=state.last_error or "", success=success)
        elif state.last_success is None:
            line = t("status-loop-waiting", name=name)
        else:
            line = t("status-loop-ok", name=name, success=success)
            if state.last_error_at is not None:
                line += "\n   " + t("status-loop-last-error", at=self._at(state.last_error_at),
                                      error=state.last_error or "")
        if state.restarts:
            line += "\n   " + t("status-loop-restarts", count=state.restarts)
        return line

    async def alert(self, state: LoopState, back: bool) -> bool:
        """Tells every administrator; True when at least one got it (else the watch tries again)."""
        if self.bot is None:
            return True
        told = False
        for chat in self._admin_chats():
            t = await self._translator(chat)
            name = title(state.name, t)
            if back:
                text = t("status-alert-back", name=name)
            else:
                text = t("status-alert-failing", name=name, since=self._at(state.failing_since or self.health.now()),
                         error=state.last_error or "")
            try:
                await self.bot.send_message(chat, text)
            except TelegramAPIError as error:
                log.warning("could not tell administrator %s about %s: %s", chat, state.name, type(error).__name__)
            else:
                told = True
        return told

    async def _translator(self, chat: int) -> Translator:
        if self._translator_for is not None:
            try:
                return await self._translator_for(chat)  # type: ignore[misc]
            except Exception:  # the profile could not be read: the school's language will do
                log.warning("language of administrator %s unknown; using the default", chat)
        return self.i18n.get(self.i18n.default)
