"""The requester's side: follow-ups (and messages waiting for their request to be chosen),
closing, reopening, rating, complaining."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from bot.domain.courtesy import Level, Verdict
from bot.domain.requests import (
    Actor,
    Move,
    Outcome,
    destination,
    refusal,
    sources,
    step,
)
from bot.domain.staff_refs import ADMINS
from bot.events import event
from bot.services.helpdesk.core import (
    BURST,
    RELAY_IN,
    ActionResult,
)
from bot.services.helpdesk.notices import ClosedByRequester, ComplaintFiled, FollowUpRelay, Reopened
from bot.services.helpdesk.staff import StaffActions
from bot.services.outgoing import post
from storage.courtesy import CourtesyMarks
from storage.requests import Request, RequestRepository
from storage.uow import UnitOfWork


class RequesterActions(StaffActions):
    async def follow_up(self, r: Request, *, chat_id: int, message_id: int, content_type: str,
                        text: str | None, file_id: str | None) -> ActionResult:
        """The requester writes again: kept, and relayed to whoever has the request once they
        have it (the card went out to them, or they took it, from /queue too); before that it
        goes with the card. args: `relayed` (queued for the holder now; the reaction on the
        message confirms it when it went out), `burst_start` (the first of a burst) and, when it
        broke the courtesy rule (reason `courtesy-warning`), `rule`: the level of the breach (the
        handler words the warning, bot/views/requests.py::courtesy_warning)."""
        now = self.clock.now()
        verdict = self.courtesy.judge(text) if text else Verdict(Level.NONE)
        obscene = verdict.level is Level.OBSCENE  # marked now; an insult waits for the specialist
        async with UnitOfWork(self.db) as uow:
            fresh = await RequestRepository.get_in(uow.conn, r.id)
            if fresh is None or not fresh.status.is_open:
                return ActionResult(False, fresh, "mine-closed")
            delivered = fresh.delivered_at is not None or fresh.taken_by is not None
            previous = await RequestRepository.last_inbound_at(uow.conn, r.id)
            row_id = await RequestRepository.add_message(
                uow.conn, r.id, direction="in", author_id=r.requester_id, chat_id=chat_id, message_id=message_id,
                content_type=content_type, text=text, file_id=file_id, now=now, relayed=delivered,
            )
            if row_id is None:  # the same message again (Telegram re-sent the update)
                return ActionResult(True, fresh, None, {"relayed": delivered, "burst_start": False})
            changes: dict[str, Any] = {}
            if content_type != "text":
                changes["attachments"] = fresh.attachments + 1
            marks: dict[int, Any] = {}
            if obscene and await CourtesyMarks.add_in(uow.conn, r.id, row_id, "obscene", now) is not None:
                await RequestRepository.event(uow.conn, r.id, now, "courtesy_mark", None, level="obscene", row=row_id)
                marks = {m.message_row: m for m in await CourtesyMarks.of_request_in(uow.conn, r.id)}
            after = step(Move.FOLLOW_UP, fresh.status, Actor.REQUESTER)
            if after != fresh.status:
                changes["status"] = after
            await RequestRepository.update(uow.conn, r.id, now, **changes)
            await RequestRepository.event(uow.conn, r.id, now, "follow_up", r.requester_id)
            if delivered:
                for chat in self.directory.chats_of(fresh.taken_by or fresh.assignee_id or ADMINS):
                    relay = FollowUpRelay(chat_id=chat, lang=await self.directory.language_of(chat), request=r,
                                          from_chat=chat_id, message_id=message_id, content_type=content_type,
                                          text=text, row_id=row_id, verdict=verdict, mark=marks.get(row_id))
                    await post(uow, self.views, relay, dedupe_key=f"in:{chat_id}:{message_id}:{chat}",
                               purpose=RELAY_IN, ref_id=row_id)
        self._wake()
        args: dict[str, Any] = {"relayed": delivered, "burst_start": previous is None or now - previous >= BURST}
        if obscene:
            args["rule"] = verdict.level
        if obscene and marks:
            event("courtesy_mark", id=r.id, number=r.number, level="obscene", message=row_id, by="check")
        return ActionResult(True, fresh, "courtesy-warning" if obscene else None, args)

    async def keep_unplaced(self, chat_id: int, message_id: int, content_type: str, text: str | None,
                            file_id: str | None) -> bool:
        """A message that came with no reply-to while several requests are open: kept until the
        person says which request it is for. True: the first of a burst (ask which)."""
        now = self.clock.now()
        async with UnitOfWork(self.db) as uow:
            previous = await RequestRepository.keep_unplaced(uow.conn, chat_id, message_id, content_type, text,
                                                             file_id, now)
        return previous is None or now - previous >= BURST

    async def place_unplaced(self, request_id: int, requester_id: int) -> ActionResult:
        """The person chose the request: every message kept for the choice goes to it, in order.
        args["count"]: how many (0: already placed, e.g. a second press)."""
        async with UnitOfWork(self.db) as uow:
            r = await self._for_requester(uow, request_id, requester_id)
            if r is None:
                return ActionResult(False, None, "card-not-found")
            if not r.status.is_open:
                return ActionResult(False, r, "mine-reply-closed", {"number": r.number})
            kept = await RequestRepository.take_unplaced(uow.conn, requester_id)
            result = ActionResult(True, r, None, {"count": 0})
            for message_id, content_type, text, file_id in kept:
                result = await self.follow_up(r, chat_id=requester_id, message_id=message_id,
                                              content_type=content_type, text=text, file_id=file_id)
                if not result.ok:
                    return result
            return ActionResult(True, r, result.reason, {**result.args, "count": len(kept)})

    async def close_by_requester(self, request_id: int, requester_id: int) -> ActionResult:
        now = self.clock.now()
        async with UnitOfWork(self.db) as uow:
            r = await self._for_requester(uow, request_id, requester_id)
            if r is None:
                return ActionResult(False, None, "card-not-found")
            if not await RequestRepository.move(uow.conn, r.id, sources(Move.CLOSE_BY_REQUESTER), now,
                                                status=destination(Move.CLOSE_BY_REQUESTER),
                                                closed_at=now, outcome=r.outcome or Outcome.CLOSED_BY_REQUESTER):
                return ActionResult(False, r, "mine-closed")
            await RequestRepository.event(uow.conn, r.id, now, "closed_by_requester", requester_id)
            fresh = await RequestRepository.get_in(uow.conn, r.id)
            if fresh is not None:
                await self._refresh_views(uow, fresh)
            holder = r.taken_by or r.assignee_id
            if holder and r.delivered_at:
                await self._tell_staff(uow, self.directory.chats_of(holder),
                                       lambda chat, lang: ClosedByRequester(chat_id=chat, lang=lang, number=r.number),
                                       dedupe=f"closed:{r.id}")
        event("request_closed", id=r.id, number=r.number, outcome="by_requester")
        self._wake()
        return ActionResult(True, fresh)

    async def reopen(self, request_id: int, requester_id: int) -> ActionResult:
        now = self.clock.now()
        async with UnitOfWork(self.db) as uow:
            r = await self._for_requester(uow, request_id, requester_id)
            if r is None:
                return ActionResult(False, None, "card-not-found")
            window = timedelta(days=self.school.helpdesk.reopen_days)
            if (refusal(Move.REOPEN, r.status, Actor.REQUESTER) is not None
                    or (r.resolved_at and now - r.resolved_at > window)):
                return ActionResult(False, r, "mine-cannot-reopen", {"days": self.school.helpdesk.reopen_days})
            await RequestRepository.move(uow.conn, r.id, sources(Move.REOPEN), now, status=destination(Move.REOPEN),
                                         resolved_at=None, outcome=None)
            await RequestRepository.event(uow.conn, r.id, now, "reopened", requester_id)
            fresh = await RequestRepository.get_in(uow.conn, r.id)
            assert fresh is not None
            for chat in self.directory.chats_of(r.taken_by or r.assignee_id or ADMINS):
                reopened = Reopened(chat_id=chat, lang=await self.directory.language_of(chat), request=fresh)
                await post(uow, self.views, reopened, dedupe_key=f"reopen:{r.id}:{chat}:{now.isoformat()}",
                           purpose="card", ref_id=r.id)
        event("request_reopened", id=r.id, number=r.number)
        self._wake()
        return ActionResult(True, fresh)

    async def rate(self, request_id: int, requester_id: int, stars: int, comment: str | None = None) -> ActionResult:
        now = self.clock.now()
        async with UnitOfWork(self.db) as uow:
            r = await self._for_requester(uow, request_id, requester_id)
            if r is None:
                return ActionResult(False, None, "card-not-found")
            if refusal(Move.RATE, r.status, Actor.REQUESTER) is not None or not 1 <= stars <= 5:
                return ActionResult(False, r, "mine-cannot-rate")
            changes: dict[str, Any] = {"rating": stars}
            if comment is not None:
                changes["rating_comment"] = comment
            await RequestRepository.update(uow.conn, r.id, now, **changes)
            await RequestRepository.event(uow.conn, r.id, now, "rated", requester_id, stars=stars)
            fresh = await RequestRepository.get_in(uow.conn, r.id)
        return ActionResult(True, fresh)

    async def complain(self, request_id: int, requester_id: int, text: str) -> ActionResult:
        """R3.3: to the specialist's supervisor, never to the specialist."""
        now = self.clock.now()
        async with UnitOfWork(self.db) as uow:
            r = await self._for_requester(uow, request_id, requester_id)
            if r is None:
                return ActionResult(False, None, "card-not-found")
            specialist = r.taken_by or r.assignee_id
            if specialist is None or specialist == ADMINS:
                return ActionResult(False, r, "complaint-nobody")
            await RequestRepository.add_complaint_in(uow.conn, r.id, requester_id, specialist, text, now)
            await RequestRepository.event(uow.conn, r.id, now, "complaint", requester_id, specialist=specialist)
            await self._tell_staff(uow, [self.directory.supervisor_chat(specialist)],
                                   lambda chat, lang: ComplaintFiled(chat_id=chat, lang=lang, number=r.number,
                                                                     specialist_id=specialist,
                                                                     requester_name=r.requester_name, text=text),
                                   dedupe=f"complaint:{r.id}:{now.isoformat()}")
        self._wake()
        return ActionResult(True, r)
