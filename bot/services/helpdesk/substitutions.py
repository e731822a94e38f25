"""Substitutions: the timetable with today's stand-ins, and the queued requests they move."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.domain.requests import Move, sources
from bot.domain.timetable import Substitution, Timetable, substitution_problem
from bot.services.helpdesk.notices import Notices, SubstitutionNews
from storage.requests import RequestRepository, SubstitutionRepository
from storage.uow import UnitOfWork


class Substitutions(Notices):
    async def reload_substitutions(self) -> None:
        today = self.clock.now().astimezone(self.school.tz).date()
        self._timetable = Timetable(self.school, await self.substitutions.active(today - timedelta(days=1)))
        self._timetable.is_school_day(today)  # loads this year's public holidays now, not on a first request

    async def add_substitution(self, sub: Substitution, created_by: int) -> None:
        """Raises ValueError (its message a text key) for days that cannot be substituted."""
        now = self.clock.now()
        problem = substitution_problem(sub.start, sub.end, now.astimezone(self.school.tz).date())
        if problem is not None:
            raise ValueError(problem)
        await self.substitutions.add(sub, created_by, now)
        await self.reload_substitutions()
        # Requests queued for the absent specialist within the range now wait for the substitute.
        async with UnitOfWork(self.db) as uow:
            await self._move_waiting(uow, sub, to=sub.substitute_id, event="substituted", actor=created_by, now=now)
            await self._tell_staff(uow, self.directory.chats_of(sub.substitute_id),
                                   lambda chat, lang: SubstitutionNews(chat_id=chat, lang=lang, sub=sub),
                                   dedupe=f"substitution:{sub.absent_id}:{sub.start}:{sub.end}:{now.isoformat()}")
        self._wake()

    async def cancel_substitution(self, sub_id: int, cancelled_by: int) -> Substitution | None:
        """Ends a substitution (the specialist is back, or it was a mistake). Requests still
        queued for the substitute under it go back to the specialist whose slot it is;
        whatever the substitute already has (a card delivered, a request taken) stays with
        them. The substitute is told. None: it was cancelled already (a second press)."""
        now = self.clock.now()
        async with UnitOfWork(self.db) as uow:
            sub = await SubstitutionRepository.cancel_in(uow.conn, sub_id, now)
            if sub is None:
                return None
            await self._move_waiting(uow, sub, to=sub.absent_id, event="substitution_cancelled", actor=cancelled_by,
                                     now=now, held_by=sub.substitute_id)
            await self._tell_staff(uow, self.directory.chats_of(sub.substitute_id),
                                   lambda chat, lang: SubstitutionNews(chat_id=chat, lang=lang, sub=sub, cancelled=True),
                                   dedupe=f"substitution-cancelled:{sub_id}")
        await self.reload_substitutions()
        self._wake()
        return sub

    async def _move_waiting(self, uow: UnitOfWork, sub: Substitution, *, to: str, event: str, actor: int,
                            now: datetime, held_by: str | None = None) -> None:
        """Requests queued (not yet delivered) for the absent specialist's slots on the days the
        substitution covers, and held by `held_by` when given, go to `to`."""
        queued = sources(Move.SUBSTITUTE)
        for request_id, slot_start in await RequestRepository.queued_for_in(uow.conn, queued, sub.absent_id, held_by):
            if slot_start is None or not sub.covers(slot_start.astimezone(self.school.tz).date()):
                continue
            if not await RequestRepository.move(uow.conn, request_id, queued, now, assignee_id=to):
                continue
            await RequestRepository.event(uow.conn, request_id, now, event, actor,
                                          absent=sub.absent_id, substitute=sub.substitute_id)

    async def substitutions_ahead(self) -> list[tuple[int, Substitution]]:
        """Substitutions running today or later, for the administrators to see and cancel."""
        return await self.substitutions.listed(self.clock.now().astimezone(self.school.tz).date())
