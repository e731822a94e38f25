"""The staff's moves on a request: take, reply, hand over, resolve, end for a conduct violation."""

from __future__ import annotations

from typing import Any

from bot.domain.requests import (
    Move,
    Outcome,
    Refusal,
    Status,
    destination,
    refusal,
    sources,
    step,
)
from bot.domain.routing import route_request
from bot.domain.staff_refs import ADMINS, HandoverTarget, TargetKind
from bot.events import event
from bot.services.helpdesk.card_notices import (
    AnswerRelayed,
    CourtesyBreachReported,
    EndedForCourtesy,
    RequestResolved,
    RequestTaken,
)
from bot.services.helpdesk.core import ActionResult, Inbound
from bot.services.helpdesk.notices import Placed
from bot.services.helpdesk.timers import Timers
from storage.requests import RequestRepository
from storage.uow import UnitOfWork


class StaffActions(Timers):
    async def take(self, request_id: int, staff_id: str) -> ActionResult:
        now = self.clock.now()
        async with UnitOfWork(self.db) as uow:
            r = await RequestRepository.get_in(uow.conn, request_id)
            if r is None:
                return ActionResult(False, None, "card-not-found")
            why = refusal(Move.TAKE, r.status, self.actor(r, staff_id))
            if why is Refusal.STATE:
                holder = r.taken_by or r.assignee_id
                return ActionResult(False, r, "card-already-taken", {"holder": holder or ""})
            if why is Refusal.ACTOR:
                return ActionResult(False, r, "card-assigned-to-other", {"holder": r.assignee_id or ""})
            early = r.delivered_at is None  # taken from /queue before its card went out
            if not await RequestRepository.move(uow.conn, r.id, sources(Move.TAKE), now,
                                                status=destination(Move.TAKE), taken_at=now, taken_by=staff_id,
                                                assignee_id=staff_id, **({"delivered_at": now} if early else {})):
                return ActionResult(False, r, "card-already-taken", {"holder": ""})
            await RequestRepository.event(uow.conn, r.id, now, "taken", self.directory.member(staff_id).telegram_id,
                                          by=staff_id)
            fresh = await RequestRepository.get_in(uow.conn, r.id)
            assert fresh is not None
            if early:
                # The card and whatever the requester wrote while it waited: from now on the
                # follow-ups are relayed to the taker at once.
                await self._enqueue_card(uow, fresh, tag="t")
            else:
                # Taken from a queue message: the full card (and what was attached) follows.
                for chat in self.directory.chats_of(staff_id):
                    if chat is not None and not await RequestRepository.card_sent_or_queued(uow.conn, r.id, chat):
                        await self._enqueue_card(uow, fresh, tag="t", only_chat=chat)
            await self._refresh_views(uow, fresh, actor_chat=self.directory.member(staff_id).telegram_id)
            member = self.directory.member(staff_id)
            taken = RequestTaken(chat_id=r.requester_id, lang=r.language, request=fresh, name=member.name,
                                 position=member.position, room=member.room)
            await self._notify_requester(uow, fresh, taken, key=f"taken:{r.id}:{staff_id}")
        event("request_taken", id=r.id, number=r.number, by=staff_id, early=early or None)
        self._wake()
        return ActionResult(True, fresh)

    async def reply(self, request_id: int, staff_id: str, *, chat_id: int, message_id: int,
                    content_type: str, text: str | None, file_id: str | None) -> ActionResult:
        """The specialist's answer goes to the requester; the request now waits for them."""
        now = self.clock.now()
        async with UnitOfWork(self.db) as uow:
            r = await self._for_staff(uow, request_id, staff_id, Move.REPLY)
            if isinstance(r, ActionResult):
                return r
            new = await RequestRepository.add_message(
                uow.conn, r.id, direction="out", author_id=self.directory.member(staff_id).telegram_id or chat_id, chat_id=chat_id,
                message_id=message_id, content_type=content_type, text=text, file_id=file_id, now=now, relayed=True,
            )
            if not new:
                return ActionResult(True, r)
            changes: dict[str, Any] = {"status": step(Move.REPLY, r.status, self.actor(r, staff_id)),
                                       "waiting_since": now}
            if r.first_answer_at is None:
                changes["first_answer_at"] = now
            if r.taken_by is None:
                changes.update(taken_by=staff_id, taken_at=now, assignee_id=staff_id)
            await RequestRepository.move(uow.conn, r.id, sources(Move.REPLY), now, **changes)
            await RequestRepository.event(uow.conn, r.id, now, "answered", self.directory.member(staff_id).telegram_id)
            fresh = await RequestRepository.get_in(uow.conn, r.id)
            assert fresh is not None
            answer = AnswerRelayed(chat_id=r.requester_id, lang=r.language, request=fresh, buttons=True,
                                   specialist=self.directory.member(staff_id).name,
                                   message=Inbound(chat_id, message_id, content_type, text))
            await self._notify_requester(uow, fresh, answer, key=f"out:{chat_id}:{message_id}")
        event("request_answered", id=r.id, number=r.number, by=staff_id, content=content_type)
        self._wake()
        return ActionResult(True, fresh)

    async def hand_over(self, request_id: int, staff_id: str, target: str) -> ActionResult:
        """To a named specialist (now), to an area (routed by the timetable), or to the administrators."""
        if not self.handover_target_known(target):
            return ActionResult(False, None, "button-outdated")
        to = HandoverTarget.parse(target)
        now = self.clock.now()
        async with UnitOfWork(self.db) as uow:
            r = await self._for_staff(uow, request_id, staff_id, Move.HAND_OVER)
            if isinstance(r, ActionResult):
                return r
            changes: dict[str, Any] = {"taken_by": None, "taken_at": None}
            if to.kind is TargetKind.ADMINS:
                changes.update(status=Status.ASSIGNED, assignee_id=ADMINS, card_due_at=now, delivered_at=None,
                               scheduled_id=None, slot_start=None, slot_end=None, slot_room=None)
            elif to.kind is TargetKind.AREA and to.value is not None:
                area = to.value
                decision = route_request(area, now, self._timetable, await RequestRepository.open_counts_in(uow.conn),
                                         exclude={staff_id, *self.unreachable_specialists()})
                changes.update(self._placement(decision, now), area=area)
            else:
                self.directory.member(target)  # a specialist of the school file
                changes.update(status=Status.ASSIGNED, assignee_id=target, card_due_at=now, delivered_at=None,
                               scheduled_id=None, slot_start=None, slot_end=None, slot_room=None)
            if changes["status"] == Status.ASSIGNED and not self.can_see(changes["assignee_id"]):
                # Known not to see it (never opened the bot, blocked it): the next person who can act.
                changes["assignee_id"] = self._reachable_or_next(
                    changes["assignee_id"], changes.get("area", r.area), now,
                    await RequestRepository.open_counts_in(uow.conn), {staff_id})
                changes.update(scheduled_id=None, slot_start=None, slot_end=None, slot_room=None)
            step(Move.HAND_OVER, r.status, self.actor(r, staff_id), to=changes["status"])
            if not await RequestRepository.move(uow.conn, r.id, sources(Move.HAND_OVER), now, **changes):
                return ActionResult(False, r, "card-closed")
            await RequestRepository.event(uow.conn, r.id, now, "handed_over", self.directory.member(staff_id).telegram_id,
                                          by=staff_id, to=target, assignee=changes["assignee_id"])
            fresh = await RequestRepository.get_in(uow.conn, r.id)
            assert fresh is not None
            placed = Placed(chat_id=fresh.requester_id, lang=fresh.language, request=fresh, handed_over=True)
            await self._notify_requester(uow, fresh, placed, key=f"handover:{r.id}:{fresh.updated_at.isoformat()}")
            await self._refresh_views(uow, fresh)
        event("request_handed_over", id=r.id, number=r.number, by=staff_id, to=target, assignee=fresh.assignee_id)
        await self.deliver_due(only=r.id)
        return ActionResult(True, fresh)

    async def resolve(self, request_id: int, staff_id: str) -> ActionResult:
        now = self.clock.now()
        async with UnitOfWork(self.db) as uow:
            r = await self._for_staff(uow, request_id, staff_id, Move.RESOLVE)
            if isinstance(r, ActionResult):
                return r
            await RequestRepository.move(uow.conn, r.id, sources(Move.RESOLVE), now, status=destination(Move.RESOLVE),
                                         resolved_at=now,
                                         outcome=Outcome.RESOLVED, taken_by=r.taken_by or staff_id)
            await RequestRepository.event(uow.conn, r.id, now, "resolved", self.directory.member(staff_id).telegram_id)
            fresh = await RequestRepository.get_in(uow.conn, r.id)
            assert fresh is not None
            await self._refresh_views(uow, fresh, actor_chat=self.directory.member(staff_id).telegram_id)
            resolved = RequestResolved(chat_id=r.requester_id, lang=r.language, request=fresh, buttons=True,
                                       reopen_days=self.school.helpdesk.reopen_days)
            await self._notify_requester(uow, fresh, resolved, key=f"resolved:{r.id}:{now.isoformat()}")
        event("request_resolved", id=r.id, number=r.number, by=staff_id)
        self._wake()
        return ActionResult(True, fresh)

    async def end_for_courtesy(self, request_id: int, staff_id: str) -> ActionResult:
        """R3.2: the specialist stops helping at once and their supervisor is told."""
        now = self.clock.now()
        async with UnitOfWork(self.db) as uow:
            r = await self._for_staff(uow, request_id, staff_id, Move.END_FOR_COURTESY)
            if isinstance(r, ActionResult):
                return r
            await RequestRepository.move(uow.conn, r.id, sources(Move.END_FOR_COURTESY), now,
                                         status=destination(Move.END_FOR_COURTESY), closed_at=now,
                                         outcome=Outcome.COURTESY_BREACH)
            await RequestRepository.event(uow.conn, r.id, now, "courtesy_breach", self.directory.member(staff_id).telegram_id)
            fresh = await RequestRepository.get_in(uow.conn, r.id)
            assert fresh is not None
            await self._refresh_views(uow, fresh, actor_chat=self.directory.member(staff_id).telegram_id)
            await self._notify_requester(uow, fresh, EndedForCourtesy(chat_id=r.requester_id, lang=r.language,
                                                                      request=fresh), key=f"courtesy:{r.id}")
            specialist = self.directory.member(staff_id).name
            await self._tell_staff(
                uow, [self.directory.supervisor_chat(staff_id)],
                lambda chat, lang: CourtesyBreachReported(chat_id=chat, lang=lang, number=r.number,
                                                          specialist=specialist, requester=r.requester_name,
                                                          marks=r.courtesy_marks),
                dedupe=f"courtesy-report:{r.id}")
        event("request_closed", id=r.id, number=r.number, outcome="courtesy_breach", by=staff_id)
        self._wake()
        return ActionResult(True, fresh)
