"""The school's people as the administrators run them: who has joined and how to reach
them (/staff), links for those who have not, the morning list of staff who cannot be
reached, and /reload of the school file without a restart."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path

from bot.clock import Clock
from bot.domain.courtesy import CourtesyFilter
from bot.domain.school import SchoolConfig, SchoolConfigError, StaffPerson, load_school_config
from bot.domain.staff_refs import ADMINS, is_one_admin
from bot.services.helpdesk import OPEN, HelpDesk
from bot.services.outgoing import Courier, Notice, post
from bot.services.people import Directory
from storage.db import Database
from storage.links import LinkRepository
from storage.uow import UnitOfWork, repositories_of

log = logging.getLogger(__name__)


class Reachability(StrEnum):
    """How a person of the file stands with the bot; everything but OK means a message to
    them cannot arrive."""

    OK = "ok"
    NOT_JOINED = "not-joined"  # no Telegram id in the file and no link followed
    NEVER_WROTE = "never-wrote"  # a chat is known, but nothing ever came from it: Telegram refuses a bot's first word
    REFUSED = "refused"  # Telegram refused a message to them (blocked the bot, deleted the account)


@dataclass(frozen=True, slots=True)
class RosterLine:
    person: StaffPerson
    chat: int | None
    by_link: bool  # joined by a /staff link (not by the id written in the file)
    state: Reachability
    last_seen: datetime | None


@dataclass(frozen=True, kw_only=True)
class StaffUnreachable(Notice):
    """The list of staff who cannot be reached, for an administrator (or the head)."""

    missing: tuple[RosterLine, ...]


class Staffing:
    def __init__(
        self,
        db: Database,
        helpdesk: HelpDesk,
        clock: Clock,
        *,
        path: Path | str | None = None,
        links: LinkRepository | None = None,
        outbox: Courier | None = None,
    ) -> None:
        self.db = db
        self.helpdesk = helpdesk
        self.directory: Directory = helpdesk.directory
        self.clock = clock
        self.path = Path(path) if path is not None else None
        self.links = links
        self.outbox = outbox
        self._reloading = asyncio.Lock()
        self._done_day: date | None = None  # the last day whose morning list is made

    @property
    def school(self) -> SchoolConfig:
        return self.directory.school

    # --- who is there ------------------------------------------------------------------------

    async def roster(self) -> list[RosterLine]:
        """Every person of the file in its order, joined or not, with what is known of them."""
        lines = []
        for person in self.school.people:
            chat = self.directory.chat_of(person.id)
            by_link = self.directory.joined_by_link(person.id)
            state, last_seen = await self._state(chat, by_link)
            lines.append(RosterLine(person, chat, by_link, state, last_seen))
        return lines

    async def _state(self, chat: int | None, by_link: bool) -> tuple[Reachability, datetime | None]:
        if chat is None:
            return Reachability.NOT_JOINED, None
        reach = self.directory.reach(chat)
        if reach.unreachable_since is not None:
            return Reachability.REFUSED, reach.last_seen
        # Following a link is writing to the bot; so is a consent given before "last seen" was kept.
        if reach.last_seen is not None or by_link or await self.directory.users.get(chat) is not None:
            return Reachability.OK, reach.last_seen
        return Reachability.NEVER_WROTE, None

    async def invite(self, person_id: str, issued_by: int) -> str:
        days = self.school.staff.invitation_days
        code = await self.directory.accounts.issue(person_id, issued_by, self.clock.now(), days)
        log.info("staff link issued for %s by chat %s", person_id, issued_by)
        return code

    # --- the morning list --------------------------------------------------------------------

    async def report_unreachable(self, *, reason: str, day: date | None = None) -> list[RosterLine] | None:
        """The list of staff who cannot be reached, to the log (ids only) and to every
        administrator and the head who can read it (someone who never wrote to the bot
        cannot get a bot's message; they are on the list themselves). `day`: that day's
        morning list, made once: its row commits with its messages. None: made already."""
        roster = await self.roster()
        missing = [line for line in roster if line.state is not Reachability.OK]
        readers = [line.chat for line in roster
                   if line.chat is not None and line.state is Reachability.OK and self.directory.is_admin(line.chat)]
        now = self.clock.now()
        stamp = day.isoformat() if day is not None else now.isoformat()
        async with UnitOfWork(self.db) as uow:
            if day is not None and not await uow.staff.claim_report_in(uow.conn, day, now):
                return None
            for chat in readers if missing else []:
                notice = StaffUnreachable(chat_id=chat, lang=await self.directory.language_of(chat),
                                          missing=tuple(missing))
                await post(uow, self.helpdesk.views, notice, dedupe_key=f"staff-unreachable:{reason}:{stamp}:{chat}",
                           purpose="notice")
        if not missing:
            log.info("staff check (%s): everyone can be reached", reason)
            return missing
        log.warning("staff check (%s): %d cannot be reached: %s; the list went to %d chat(s)", reason, len(missing),
                    ", ".join(f"{line.person.id} ({line.state.value})" for line in missing), len(readers))
        if self.outbox is not None and readers:
            self.outbox.wake()
        return missing

    async def at_start(self) -> None:
        """At start: the list at once; a start after today's hour also stands for today's list."""
        now = self.clock.now()
        local = now.astimezone(self.school.tz)
        if local.time() >= self.school.staff.unreachable_report_time:
            await self.directory.accounts.claim_report(local.date(), now)
            self._done_day = local.date()
        await self.report_unreachable(reason="start")

    async def tick(self) -> None:
        """Every morning at the school's hour (a due-check on the tick, against the school's
        clock: a bot that was down at the hour makes it when it starts)."""
        now = self.clock.now()
        local = now.astimezone(self.school.tz)
        if local.time() < self.school.staff.unreachable_report_time or self._done_day == local.date():
            return
        await self.report_unreachable(reason="morning", day=local.date())
        self._done_day = local.date()  # made today, here or before a restart: no more writes today

    # --- /reload -----------------------------------------------------------------------------

    async def reload(self) -> SchoolConfig:
        """Reads the school file again and puts it in place everywhere at once; a file with
        mistakes raises SchoolConfigError naming them, and the running one stays."""
        if self.path is None:
            raise SchoolConfigError("the school file's path is not known")
        async with self._reloading:
            new = await asyncio.to_thread(load_school_config, self.path)
            problems = await self._still_needed(new)
            if problems:
                raise SchoolConfigError("\n".join([f"{self.path}: {len(problems)} problem(s):",
                                                   *(f"  {p}" for p in problems)]))
            self.apply(new)
            await self.helpdesk.reload_substitutions()  # the timetable, with today's substitutions
        log.info("school file reloaded from %s: %d people, %d areas", self.path, len(new.people), len(new.areas))
        return new

    def apply(self, new: SchoolConfig) -> None:
        """The Directory holds the running school: the help desk, the summaries and every
        update's `school` and `staff` (ContextMiddleware) read it from there. What is worked
        out from the file elsewhere is worked out again here."""
        self.directory.reload(new)
        self.helpdesk.courtesy = CourtesyFilter.from_config(new.courtesy)
        failures = new.parents.max_failed_link_attempts_per_hour
        self.directory.accounts.max_failures_per_hour = failures
        if self.links is not None:
            self.links.max_failures_per_hour = failures

    async def _still_needed(self, new: SchoolConfig) -> list[str]:
        """A specialist the new file leaves out must not hold anything open: their requests
        would have nobody, and a running substitution would name nobody."""
        known = {s.id for s in new.specialists}
        problems = []
        for who, count in await repositories_of(self.db).staff.open_holdings([s.value for s in OPEN]):
            if who != ADMINS and not is_one_admin(who) and who not in known:
                problems.append(f"specialists: {who!r} is left out but still holds {count} open request(s); "
                                f"hand them over first")
        today = self.clock.now().astimezone(new.tz).date()
        for _, sub in await self.helpdesk.substitutions.listed(today):
            for who in (sub.absent_id, sub.substitute_id):
                if who not in known:
                    problems.append(f"specialists: {who!r} is left out but is in a substitution "
                                    f"{sub.start:%d.%m.%Y}–{sub.end:%d.%m.%Y}; cancel it first (/substitute)")
        return problems

