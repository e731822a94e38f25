"""Activity reports (R6.1) and the yearly archive of the register (R6.3).

A report is a short text in the chat, an XLSX workbook (a sheet per table, headers in the
reader's language, set up for printing) and a PNG chart of the period at a glance. Its
figures come from storage/reports.py (SQL over the register). The yearly archive is the
register of a year as a PDF for printing and signing (the school's name, the period, page
numbers, places for signatures) with the same entries as XLSX beside it.

This module computes (the figures, the entries of the period) and decides what is sent to
whom; how it looks is bot/views/reports.py's: the short text is the wording of a notice
(`ReportReady`, `ArchiveReady`), the files come from the presenter of documents the wiring
gives (`ReportDocuments`).

The monthly report goes to the administrators by itself (`tick`, a due-check against the
school's clock, bot/domain/reports.py) once per month: the run's row in report_runs and the
short texts (outbox rows) are written in one transaction, so a restart neither repeats nor
loses them. The files follow straight through the sending path (the outbox carries texts,
not uploads); a run whose files were not all handed over (the process ended) is marked
unsent and taken over again after `STALE_AFTER`, so the files arrive at least once.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from bot.domain.reports import ReportKind, ReportPeriod, due_periods, work_windows
from bot.domain.staff_refs import ADMINS
from bot.services.outgoing import Messenger, Notice, OutgoingFile, Rejected, Unreachable, post
from storage.db import from_iso
from storage.reports import ReportFigures
from storage.requests import Request
from storage.uow import UnitOfWork, repositories_of

if TYPE_CHECKING:
    from bot.domain.school import SchoolConfig
    from bot.services.helpdesk import HelpDesk

log = logging.getLogger(__name__)

STALE_AFTER = timedelta(minutes=10)  # a claimed run not marked sent by then is taken over again
TEXTS_FIRST_WAIT = 10.0  # seconds the files wait for the texts (outbox) to go first; then they go all the same


# --- what is said, and the files -------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class ReportReady(Notice):
    """An activity report of a period, in short (its files follow)."""

    period: ReportPeriod
    figures: ReportFigures


@dataclass(frozen=True, kw_only=True)
class ArchiveReady(Notice):
    """The register's archive of a period: how many entries (its files follow)."""

    period: ReportPeriod
    entries: int


class ReportDocuments(Protocol):
    """The files of a report and of an archive, in the reader's language (bot/views/reports.py)."""

    def report(self, period: ReportPeriod, figures: ReportFigures, lang: str | None) -> list[OutgoingFile]:
        """The workbook of the report's tables and the chart of the period."""
        ...

    def archive(self, period: ReportPeriod, entries: Sequence[Request], lang: str | None) -> list[OutgoingFile]:
        """The register of the period as a PDF for signing and as a workbook."""
        ...


@dataclass(frozen=True, slots=True)
class MadeReport:
    """A report (or archive) made in one language: its notice (addressed to the chat it was made
    for; `to` addresses it to another), the notice's text, and the files."""

    period: ReportPeriod
    notice: ReportReady | ArchiveReady
    text: str
    files: list[OutgoingFile]

    def to(self, chat_id: int) -> ReportReady | ArchiveReady:
        return replace(self.notice, chat_id=chat_id)


class Reports:
    def __init__(self, helpdesk: HelpDesk, documents: ReportDocuments, messenger: Messenger | None = None, *,
                 folder: Path | None = None, outbox: Any = None) -> None:
        self.helpdesk = helpdesk
        self.documents = documents
        self.messenger = messenger
        self.folder = folder
        self.outbox = outbox
        self.repo = repositories_of(helpdesk.db).reports
        self._done: set[tuple[str, str]] = set()  # runs known to be sent: no query on every tick

    @property
    def school(self) -> SchoolConfig:
        return self.helpdesk.school

    # --- the figures ---------------------------------------------------------------------------

    async def figures(self, period: ReportPeriod) -> ReportFigures:
        school = self.school
        start, end = period.bounds(school)
        earliest = from_iso(await self.repo.earliest_open_start(end))
        first = min(period.start, earliest.astimezone(school.tz).date()) if earliest else period.start
        windows = await asyncio.to_thread(work_windows, first, period.last_day, school)
        directory = self.helpdesk.directory
        staff_roles = {}
        for person in school.people:
            chat = directory.chat_of(person.id)
            if chat is not None:
                staff_roles[chat] = person.role.value
        return await self.repo.figures(
            start, end, windows=windows, staff_roles=staff_roles, first_day=period.start.isoformat(),
            end_day=period.end.isoformat(), weeks=period.days / 7)

    # --- making ----------------------------------------------------------------------------------

    async def make(self, period: ReportPeriod, lang: str | None, chat_id: int = 0) -> MadeReport:
        """The report (or archive) of the period in the reader's language; `chat_id`: the reader
        (0: none yet, `MadeReport.to` addresses it)."""
        if period.kind is ReportKind.ARCHIVE:
            return await self.make_archive(period, lang, chat_id)
        figures = await self.figures(period)
        notice = ReportReady(chat_id=chat_id, lang=lang, period=period, figures=figures)
        text = self.helpdesk.views.text(notice)
        files = await asyncio.to_thread(self.documents.report, period, figures, lang)
        return MadeReport(period, notice, text, files)

    # --- the yearly archive ----------------------------------------------------------------------

    async def make_archive(self, period: ReportPeriod, lang: str | None, chat_id: int = 0) -> MadeReport:
        start, end = period.bounds(self.school)
        entries = await self.helpdesk.requests.register(since=start, until=end)
        notice = ArchiveReady(chat_id=chat_id, lang=lang, period=period, entries=len(entries))
        text = self.helpdesk.views.text(notice)
        files = await asyncio.to_thread(self.documents.archive, period, entries, lang)
        return MadeReport(period, notice, text, files)

    # --- keeping and sending ---------------------------------------------------------------------

    async def keep(self, made: MadeReport) -> str | None:
        """Writes the files under `folder/<kind>-<period>/`; returns that folder (None: no folder set)."""
        if self.folder is None:
            return None
        target = self.folder / f"{made.period.kind.value}-{made.period.key}"

        def write() -> None:
            target.mkdir(parents=True, exist_ok=True)
            for file in made.files:
                (target / file.name).write_bytes(file.data)

        await asyncio.to_thread(write)
        return str(target)

    async def record(self, made: MadeReport) -> None:
        """A report made on demand: its files kept, and an archive recorded as made (the removal of
        old entries waits for the archive of their year)."""
        path = await self.keep(made)
        now = self.helpdesk.clock.now()
        # Only a year that is over has its archive: one made during the year is a preview, and
        # the January run still makes the whole year's.
        over = made.period.end <= now.astimezone(self.school.tz).date()
        if path is not None and made.period.kind is ReportKind.ARCHIVE and over:
            await self.repo.record(made.period.kind.value, made.period.key, now, path)

    async def send_files(self, chat_id: int, made: MadeReport) -> None:
        """The report's files, straight through the sending path (documents; the chart as a photo)."""
        if self.messenger is None:
            raise RuntimeError("reports: no messenger to send the files with")
        for file in made.files:
            await self.messenger.send_file(chat_id, file)

    async def tick(self) -> None:
        """The automatic reports, when due (bot/domain/reports.py::due_periods)."""
        now = self.helpdesk.clock.now()
        for period in due_periods(now, self.school):
            if (period.kind.value, period.key) not in self._done:
                await self.run_auto(period, now)

    async def run_auto(self, period: ReportPeriod, now: datetime) -> bool:
        """Makes and sends one automatic report, once; False: made already (or being made)."""
        kind, key = period.kind.value, period.key
        row = await self.repo.run(kind, key)
        if row is not None:
            if row["sent_at"] is not None:
                self._done.add((kind, key))
                return False
            if not await self.repo.reclaim(kind, key, now, now - STALE_AFTER):
                return False  # being made now, or taken over recently
            log.warning("report %s %s: its files were not all sent before; sending them again", kind, key)
        directory = self.helpdesk.directory
        readers = dict.fromkeys([*directory.chats_of(ADMINS), directory.head_chat()])  # the administrators and the head
        chats = [chat for chat in readers if chat and directory.is_reachable(chat)]
        made: dict[int, MadeReport] = {}
        by_language: dict[str, MadeReport] = {}
        for chat in chats:
            lang = await directory.language_of(chat)
            if lang not in by_language:
                by_language[lang] = await self.make(period, lang)
            made[chat] = by_language[lang]
        if row is None:
            async with UnitOfWork(self.helpdesk.db) as uow:
                if not await uow.reports.claim_in(uow.conn, kind, key, now):
                    return False  # another run claimed it meanwhile
                for chat, report in made.items():
                    await post(uow, self.helpdesk.views, report.to(chat), dedupe_key=f"report:{kind}:{key}:{chat}",
                               purpose="notice")
            if self.outbox is not None and made:
                self.outbox.wake()
                await self._texts_first(kind, key)
        path = None
        for chat, report in made.items():
            path = path or await self.keep(report)
            if self.messenger is None:
                continue
            try:
                await self.send_files(chat, report)
            except (Unreachable, Rejected) as error:
                log.warning("report %s %s: files refused for chat %s: %s", kind, key, chat, error)
        if not made and self.folder is not None:  # nobody to send to: kept all the same (the archive above all)
            path = await self.keep(await self.make(period, self.school.school.default_language))
        await self.repo.mark_sent(kind, key, self.helpdesk.clock.now(), path)
        self._done.add((kind, key))
        log.info("report %s %s made and sent to %d administrator(s)", kind, key, len(made))
        return True

    async def _texts_first(self, kind: str, key: str) -> None:
        """Waits (a little) for the texts to go out, so that the files come after them in the chat."""
        for _ in range(int(TEXTS_FIRST_WAIT / 0.1)):
            if not await self.repo.texts_waiting(kind, key):
                return
            await asyncio.sleep(0.1)
