"""Backups proven to restore (docs/operations.md, "Backups and restore").

Weekly at the school's day and hour (a due-check on the tick against the runs in the
database: a bot that was down at that hour makes the copy when it starts; the UNIQUE key
of `backup_runs` makes one run per due moment, across restarts and processes), on demand
with /backup and `python -m bot backup`. Each run makes one online copy into each folder
of `[backup] folders` (meant to be on different media), checks each (PRAGMA
integrity_check; it opens and holds as many requests as the live database held at the
instant of the copy), gives it its final name only then, and keeps the last `keep` copies
of each folder. A failed copy, or no good copy for longer than a week and a day, is told
to the administrators through the outbox (`BackupFailed`, `BackupMissing`, worded in
bot/views/admin.py).
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.domain.school import SchoolConfig, Weekday
from bot.services.outgoing import Courier, Notice, Presenter, post
from bot.services.people import Directory
from storage.audit import AuditLog
from storage.backup import BackupError, LastGood, check_copy, copy_online
from storage.db import Database
from storage.uow import UnitOfWork, repositories_of

log = logging.getLogger(__name__)

WEEK = timedelta(days=7)
MISSING_AFTER = WEEK + timedelta(days=1)  # no good copy for this long: the administrators are told
STALE_PART = timedelta(hours=1)  # a half-written copy older than this was left by a crash


def latest_due(now: datetime, tz: ZoneInfo, weekday: Weekday, at: time) -> datetime:
    """The last weekly moment (`weekday` at `at`, school time) at or before `now`."""
    local = now.astimezone(tz)
    days_back = (local.weekday() - weekday.index) % 7
    due = datetime.combine(local.date() - timedelta(days=days_back), at, tz)
    if due > local:
        due -= WEEK
    return due


@dataclass(frozen=True, slots=True)
class CopyResult:
    folder: str
    path: Path | None
    requests: int | None = None
    size: int | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True, slots=True)
class BackupResult:
    run_id: int
    copies: list[CopyResult]

    @property
    def ok(self) -> bool:
        return bool(self.copies) and all(c.ok for c in self.copies)


@dataclass(frozen=True, slots=True)
class BackupStatus:
    """For /status: whether backups are set up, and the last good copy as of `now`."""

    configured: bool
    last: LastGood | None
    now: datetime
    tz: ZoneInfo

    @property
    def overdue(self) -> bool:
        """No good copy for longer than a week and a day."""
        return self.last is not None and self.now - self.last.at > MISSING_AFTER


@dataclass(frozen=True, kw_only=True)
class BackupFailed(Notice):
    """A run left a folder without a good copy (or had no folder at all)."""

    result: BackupResult


@dataclass(frozen=True, kw_only=True)
class BackupMissing(Notice):
    """No good copy for longer than a week and a day (`last`: the last one, or None: never)."""

    last: LastGood | None
    now: datetime
    tz: ZoneInfo


class Backups:
    def __init__(
        self,
        db: Database,
        database_path: Path,
        clock: Clock,
        school: Callable[[], SchoolConfig],
        *,
        directory: Directory | None = None,  # whom to tell
        outbox: Courier | None = None,  # woken after a notice
        audit: AuditLog | None = None,
        views: Presenter | None = None,  # words the notices (bot/views/present.py); needed with `directory`
    ) -> None:
        self.db = db
        self.database_path = Path(database_path)
        self.clock = clock
        self._school = school
        self.directory = directory
        self.outbox = outbox
        self.audit = audit
        self.views = views
        self.runs = repositories_of(db).backups
        self._lock = asyncio.Lock()  # one run at a time in this process
        self._done_due: datetime | None = None
        self._missing_checked: str | None = None

    @property
    def school(self) -> SchoolConfig:
        return self._school()

    def folders(self) -> list[Path]:
        """The configured folders; a relative one is taken from the database's folder."""
        base = self.database_path.parent
        return [Path(f) if Path(f).is_absolute() else base / f for f in self.school.backup.folders]

    @property
    def configured(self) -> bool:
        return bool(self.school.backup.folders)

    # --- making a copy -----------------------------------------------------------------------

    async def make(self, trigger: str, *, due: datetime | None = None, actor_id: int | None = None) -> BackupResult | None:
        """One run: a checked copy into each folder. None when the weekly run of `due` was
        made already (here or by another process)."""
        async with self._lock:
            now = self.clock.now()
            run_id = await self.runs.start_run(trigger, due, now, actor_id)
            if run_id is None:
                return None
            stamp = now.astimezone(self.school.tz).strftime("%Y%m%d-%H%M%S")
            keep = self.school.backup.keep
            folders = self.folders()
            copies = [await asyncio.to_thread(self._copy_into, folder, stamp, keep) for folder in folders]
            await self.runs.finish_run(run_id, self.clock.now(), [
                (str(c.folder), str(c.path) if c.path else None, c.ok, c.requests, c.size, c.error) for c in copies
            ])
        result = BackupResult(run_id, copies)
        for copy in copies:
            if copy.ok:
                log.info("backup %s (%s): %s, %d requests, %d bytes", run_id, trigger, copy.path, copy.requests or 0,
                         copy.size or 0)
            else:
                log.error("backup %s (%s) into %s failed: %s", run_id, trigger, copy.folder, copy.error)
        if not copies:
            log.error("backup %s (%s): no folders are set in the school file ([backup] folders)", run_id, trigger)
        if self.audit is not None and actor_id is not None:
            await self.audit.record(actor_id, "backup", f"{sum(c.ok for c in copies)}/{len(copies)}")
        if not result.ok:
            await self._tell_admins(result, skip=actor_id)
        return result

    def _copy_into(self, folder: Path, stamp: str, keep: int) -> CopyResult:
        """Blocking: the copy, its check, its final name, the pruning of older copies."""
        stem = self.database_path.stem
        part: Path | None = None
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            self._remove_stale_parts(folder, stem)
            final = self._free_name(folder, stem, stamp)
            part = final.with_name(final.name + ".part")
            requests = copy_online(self.database_path, part)
            check_copy(part, requests)
            os.replace(part, final)
            part = None
            _sync_folder(folder)
            self._prune(folder, stem, keep)
            return CopyResult(str(folder), final, requests, final.stat().st_size)
        except (BackupError, OSError, Exception) as error:  # noqa: BLE001 - every failure is reported, none stops the rest
            if part is not None:
                try:
                    part.unlink(missing_ok=True)
                except OSError:
                    pass
            reason = str(error) if isinstance(error, BackupError) else f"{type(error).__name__}: {error}"
            return CopyResult(str(folder), None, error=reason[:300])

    @staticmethod
    def _free_name(folder: Path, stem: str, stamp: str) -> Path:
        candidate = folder / f"{stem}-{stamp}.sqlite3"
        n = 1
        while candidate.exists() or candidate.with_name(candidate.name + ".part").exists():
            n += 1
            candidate = folder / f"{stem}-{stamp}-{n}.sqlite3"
        return candidate

    @staticmethod
    def copies_in(folder: Path, stem: str) -> list[Path]:
        """The finished copies in `folder`, oldest first."""
        pattern = re.compile(rf"^{re.escape(stem)}-(\d{{8}}-\d{{6}})(?:-(\d+))?\.sqlite3$")
        found = []
        for entry in folder.iterdir() if folder.is_dir() else []:
            match = pattern.match(entry.name)
            if match and entry.is_file():
                found.append(((match[1], int(match[2] or 1)), entry))
        return [path for _, path in sorted(found)]

    def _prune(self, folder: Path, stem: str, keep: int) -> None:
        for old in self.copies_in(folder, stem)[:-keep]:
            old.unlink(missing_ok=True)
            log.info("backup: removed the old copy %s (keeping %d)", old, keep)

    def _remove_stale_parts(self, folder: Path, stem: str) -> None:
        limit = self.clock.now().timestamp() - STALE_PART.total_seconds()
        for entry in folder.glob(f"{stem}-*.sqlite3.part"):
            try:
                if entry.stat().st_mtime < limit:
                    entry.unlink()
            except OSError:
                pass

    # --- the weekly run ----------------------------------------------------------------------

    async def tick(self) -> None:
        if not self.configured:
            return
        school = self.school
        now = self.clock.now()
        due = latest_due(now, school.tz, school.backup.weekday, school.backup.at)
        if due != self._done_due:
            await self.make("weekly", due=due)
            self._done_due = due
        await self._check_missing(now)

    async def _check_missing(self, now: datetime) -> None:
        """Once a school day: no good copy for over a week and a day is told to the administrators."""
        today = now.astimezone(self.school.tz).date().isoformat()
        if self._missing_checked == today:
            return
        self._missing_checked = today
        last = await self.runs.last_good()
        if last is not None and now - last.at <= MISSING_AFTER:
            return
        log.error("backup: no good copy since %s", last.at.isoformat() if last else "ever")
        tz = self.school.tz
        await self._notify(f"backup-missing:{today}",
                           lambda chat, lang: BackupMissing(chat_id=chat, lang=lang, last=last, now=now, tz=tz))

    async def _tell_admins(self, result: BackupResult, skip: int | None) -> None:
        await self._notify(f"backup-failed:{result.run_id}",
                           lambda chat, lang: BackupFailed(chat_id=chat, lang=lang, result=result), skip=skip)

    async def _notify(self, key: str, notice: Callable[[int, str], Notice], skip: int | None = None) -> None:
        if self.directory is None or self.views is None:
            return
        chats = [c for c in self.directory.chats_of("admins") if c and c != skip]
        if not chats:
            return
        async with UnitOfWork(self.db) as uow:
            for chat in chats:
                await post(uow, self.views, notice(chat, await self.directory.language_of(chat)),
                           dedupe_key=f"{key}:{chat}", purpose="notice")
        if self.outbox is not None:
            self.outbox.wake()

    # --- for /status -------------------------------------------------------------------------

    async def status(self) -> BackupStatus:
        """Whether backups are set up and the last good copy (worded in bot/views/admin.py)."""
        if not self.configured:
            return BackupStatus(False, None, self.clock.now(), self.school.tz)
        last = await self.runs.last_good()
        return BackupStatus(True, last, self.clock.now(), self.school.tz)


def _sync_folder(folder: Path) -> None:
    """The new name on disk, not only in the page cache (a copy must survive a power cut)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
