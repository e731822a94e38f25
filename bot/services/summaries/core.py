"""The summaries' shared state: the school (as /reload leaves it), its grading rule, the
administrators' chats, a person's language, and who receives the summaries."""

from __future__ import annotations

import logging
from datetime import date, timedelta

from aiogram import Bot

from bot.clock import Clock
from bot.domain.marks import AbsenceKind, GradingRules, Mark
from bot.domain.school import SchoolConfig
from bot.i18n import I18n, Translator
from bot.outbox import OutboxWorker
from bot.services.people import ADMINS, Directory
from storage.db import Database
from storage.summaries import Recipient
from storage.uow import repositories_of

log = logging.getLogger(__name__)

WEEKLY = "weekly"
FORECAST = "forecast"
ENQUEUE_CHUNK = 1000
ABSENCE_ORDER = (AbsenceKind.ABSENT, AbsenceKind.ILL, AbsenceKind.VALID, AbsenceKind.LATE)


def week_of(day: date) -> tuple[date, date]:
    start = day - timedelta(days=day.weekday())
    return start, start + timedelta(days=6)


def number(value: float, t: Translator, signed: bool = False) -> str:
    text = f"{value:+.2f}" if signed else f"{value:.2f}"
    if signed:
        text = text.replace("-", "−")
    return text.replace(".", ",") if t.language == "ru" else text


def _mark_text(mark: Mark) -> str:
    import html

    text = html.escape(mark.written)
    if mark.kind_of_work:
        text += f" <i>({html.escape(mark.kind_of_work)})</i>"
    return text


class SummariesCore:
    def __init__(
        self,
        db: Database,
        school: SchoolConfig,
        clock: Clock,
        i18n: I18n,
        outbox: OutboxWorker | None = None,
        bot: Bot | None = None,
        directory: Directory | None = None,
    ) -> None:
        self.db = db
        self._school = school if directory is None else None
        # The running school file and the administrators' chats (with accounts joined by a
        # link) come from the Directory when there is one: it is what /reload replaces.
        self.directory = directory
        self.clock = clock
        self.i18n = i18n
        self.outbox = outbox
        self.bot = bot
        self.marks = repositories_of(db).marks
        self.repo = repositories_of(db).summaries
        self._rules = (school.grading, GradingRules.from_settings(school.grading))
        self._progress_at = 0.0

    @property
    def school(self) -> SchoolConfig:
        if self.directory is not None:
            return self.directory.school
        assert self._school is not None
        return self._school

    @property
    def rules(self) -> GradingRules:
        """The school's grading rule, worked out again when a reloaded file changes it."""
        grading = self.school.grading
        if self._rules[0] is not grading:
            self._rules = (grading, GradingRules.from_settings(grading))
        return self._rules[1]

    def _admin_chats(self) -> list[int]:
        if self.directory is not None:
            return self.directory.chats_of(ADMINS)
        return [p.telegram_id for p in self.school.school.administrators if p.telegram_id is not None]

    async def _translator(self, telegram_id: int) -> Translator:
        return self.i18n.get(await self.repo.language_of(telegram_id))

    async def recipients(self, class_name: str | None = None) -> list[Recipient]:
        """Linked parents of students whose family chose this bot instead of the web diary
        (R5.1), except those whose chat refuses the bot."""
        return await self.repo.recipients(class_name)
