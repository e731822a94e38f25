"""The summaries' shared state: the school (as /reload leaves it), its grading rule, the
administrators' chats, the presenter that words the notices and the messenger that shows a
run's progress, and who receives the summaries."""

from __future__ import annotations

import logging
from datetime import date, timedelta

from bot.clock import Clock
from bot.domain.marks import AbsenceKind, GradingRules
from bot.domain.school import SchoolConfig
from bot.domain.staff_refs import ADMINS
from bot.services.outgoing import Courier, Messenger, Presenter
from bot.services.people import Directory
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


class SummariesCore:
    def __init__(
        self,
        db: Database,
        school: SchoolConfig,
        clock: Clock,
        *,
        views: Presenter,
        outbox: Courier | None = None,
        messenger: Messenger | None = None,
        directory: Directory | None = None,
    ) -> None:
        self.db = db
        self._school = school if directory is None else None
        # The running school file and the administrators' chats (with accounts joined by a
        # link) come from the Directory when there is one: it is what /reload replaces.
        self.directory = directory
        self.clock = clock
        self.views = views  # words the notices (bot/views/summaries.py)
        self.outbox = outbox
        self.messenger = messenger  # without one (tests, benches) the progress is not shown
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

    async def _language(self, chat: int) -> str | None:
        """The language this chat chose (None: the school's), from the users' one cache."""
        user = await repositories_of(self.db).users.get(chat)
        return user.language if user else None

    async def recipients(self, class_name: str | None = None) -> list[Recipient]:
        """Linked parents of students whose family chose this bot instead of the web diary
        (R5.1), except those whose chat refuses the bot."""
        return await self.repo.recipients(class_name)
