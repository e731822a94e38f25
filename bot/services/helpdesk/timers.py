"""What happens because time passed: escalation, deadline reminders, closing what waited too long."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from bot.domain.requests import (
    Move,
    Outcome,
    destination,
    sources,
)
from bot.domain.routing import escalation_targets
from bot.domain.staff_refs import ADMINS
from bot.events import event
from bot.services.helpdesk.core import (
    OPEN,
    QUEUE_LIST_FROM,
)
from bot.services.helpdesk.filing import Filings
from bot.services.helpdesk.notices import AutoClosed, DeadlineNear
from bot.services.outgoing import post
from storage.requests import Request, RequestRepository
from storage.uow import UnitOfWork


class Timers(Filings):
    async def run_timers(self) -> None:
        """Everything that happens because time passed; called by the scheduler's tick."""
        await self.deliver_due()
        await self.escalate_due()
        await self._remind_deadlines()
        await self._autoclose_waiting()
        await self._close_resolved()

    async def escalate_due(self) -> int:
        """Not taken within N minutes: the next fitting specialist on duty, then the administrators
        (then the head, when no administrator can be reached). The requester is told. Several
        requests escalating to one person at once come as one queue message."""
        now = self.clock.now()
        limit = timedelta(minutes=self.school.helpdesk.escalation_minutes)
        due = await self.requests.not_taken_since(now - limit)
        if not due:
            return 0
        unreachable = self.unreachable_specialists()
        tried_of: dict[int, set[str]] = {}
        for r in due:
            tried = {e[2]["assignee"] for e in await self.requests.events(r.id)
                     if e[1] in ("delivered", "escalated") and e[2].get("assignee") is not None}
            tried_of[r.id] = tried | unreachable
        escalated: list[Request] = []
        async with UnitOfWork(self.db) as uow:
            counts = await RequestRepository.open_counts_in(uow.conn)
            for r in due:
                decision = escalation_targets(
                    r.area, now, self._timetable, counts, tried_of[r.id]
                ) if self.area_known(r.area) else None
                to = decision.specialist_id if decision else self._last_resort()
                moved = await RequestRepository.move(
                    uow.conn, r.id, sources(Move.ESCALATE), now, status=destination(Move.ESCALATE),
                    assignee_id=to, delivered_at=now, escalations=r.escalations + 1, scheduled_id=None,
                )
                if not moved:
                    continue
                counts[to] = counts.get(to, 0) + 1
                await RequestRepository.event(uow.conn, r.id, now, "escalated", None, **{"from": r.assignee_id, "assignee": to})
                fresh = await RequestRepository.get_in(uow.conn, r.id)
                assert fresh is not None
                escalated.append(fresh)
            by_holder: defaultdict[str, list[Request]] = defaultdict(list)
            for fresh in escalated:
                by_holder[fresh.assignee_id or ADMINS].append(fresh)
            for holder, requests in by_holder.items():
                if len(requests) >= QUEUE_LIST_FROM:
                    await self._enqueue_queue_lists(uow, holder, requests, now)
                else:
                    for fresh in requests:
                        await self._enqueue_card(uow, fresh, tag=f"e{fresh.escalations}")
            lists_done: set[int] = set()  # a queue message is edited once for the whole pass
            for fresh in escalated:
                await self._refresh_views(uow, fresh, lists_done=lists_done)
                await self._tell_requester_moved(uow, fresh)
        for fresh in escalated:
            event("request_escalated", id=fresh.id, number=fresh.number, to=fresh.assignee_id,
                  escalations=fresh.escalations)
        if escalated:
            self._wake()
        return len(escalated)

    async def _remind_deadlines(self) -> None:
        now = self.clock.now()
        ahead = timedelta(hours=self.school.helpdesk.access_reminder_hours)
        for r in await self.requests.deadlines_before(now + ahead):
            async with UnitOfWork(self.db) as uow:
                if not await RequestRepository.move(uow.conn, r.id, OPEN, now, reminded_at=now):
                    continue
                await RequestRepository.event(uow.conn, r.id, now, "deadline_reminder")
                await self._remind_holder(uow, r)
        self._wake()

    async def _remind_holder(self, uow: UnitOfWork, r: Request) -> None:
        await self._tell_staff(uow, self.directory.chats_of(r.taken_by or r.assignee_id or ADMINS),
                               lambda chat, lang: DeadlineNear(chat_id=chat, lang=lang, number=r.number,
                                                               deadline=r.deadline_at),
                               dedupe=f"deadline:{r.id}")

    async def _autoclose_waiting(self) -> None:
        now = self.clock.now()
        limit = timedelta(hours=self.school.helpdesk.waiting_autoclose_hours)
        for r in await self.requests.waiting_since_before(now - limit):
            async with UnitOfWork(self.db) as uow:
                if not await RequestRepository.move(uow.conn, r.id, sources(Move.AUTO_CLOSE), now,
                                                    status=destination(Move.AUTO_CLOSE), closed_at=now,
                                                    outcome=Outcome.AUTO_CLOSED):
                    continue
                await RequestRepository.event(uow.conn, r.id, now, "auto_closed")
                await post(uow, self.views, AutoClosed(chat_id=r.requester_id, lang=r.language, request=r,
                                                       hours=self.school.helpdesk.waiting_autoclose_hours),
                           dedupe_key=f"autoclose:{r.id}")
            event("request_closed", id=r.id, number=r.number, outcome="auto_closed")
        self._wake()

    async def _close_resolved(self) -> None:
        now = self.clock.now()
        for r in await self.requests.resolved_before(now - timedelta(days=self.school.helpdesk.reopen_days)):
            async with UnitOfWork(self.db) as uow:
                closed = await RequestRepository.move(uow.conn, r.id, sources(Move.CLOSE_AFTER_RESOLUTION), now,
                                                      status=destination(Move.CLOSE_AFTER_RESOLUTION), closed_at=now)
                if closed:
                    await RequestRepository.event(uow.conn, r.id, now, "closed_after_resolution")
            if closed:
                event("request_closed", id=r.id, number=r.number, outcome="resolved")
