"""The courtesy rule's two levels, on top of the check in bot/domain/courtesy.py.

- An obscenity is marked by the check at once and the requester is warned at once.
- A possible insult is only flagged: the message reaches the specialist with the flag and a
  button «Записать нарушение»; the mark is recorded, and the requester warned, only when a
  specialist who may act on the request (its holder, or an administrator) confirms it.
  Two presses, or two chats pressing at once, make one mark (storage/courtesy.py).
- A wrong mark is removed by such a specialist with a reason, which is kept with who and
  when; the card, the register and the export count only the marks in force.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.domain.courtesy import Level, Verdict
from bot.events import event
from storage.courtesy import REQUEST_TEXT, CourtesyMarks
from storage.requests import Request, RequestRepository
from storage.uow import UnitOfWork, repositories_of

if TYPE_CHECKING:
    from bot.services.helpdesk import ActionResult, HelpDesk

REASON_LIMIT = 500  # characters of a removal's reason kept


def flagged_words(verdict: Verdict) -> str:
    """The words the check flagged, each once, as a request keeps them (`courtesy_flag`)."""
    return ", ".join(dict.fromkeys(verdict.words))


class CourtesyDesk:
    """Confirming and removing marks. Every change, the refreshed cards and the requester's
    notice commit in one transaction (the outbox)."""

    def __init__(self, helpdesk: HelpDesk) -> None:
        self.helpdesk = helpdesk
        self.marks = repositories_of(helpdesk.db).courtesy

    async def _held(self, conn: Any, rid: int, staff_id: str) -> Request | ActionResult:
        """The request, or the refusal: it is gone, or this person may not mark or unmark it."""
        return self._may_mark(await RequestRepository.get_in(conn, rid), staff_id)

    def _may_mark(self, r: Request | None, staff_id: str) -> Request | ActionResult:
        from bot.services.helpdesk import ActionResult

        if r is None:
            return ActionResult(False, None, "card-not-found")
        if not self.helpdesk.may_act(r, staff_id):
            return ActionResult(False, r, "courtesy-not-yours")
        return r

    async def confirm(self, rid: int, row: int, staff_id: str) -> ActionResult:
        """«Записать нарушение»: the flagged message becomes a mark and the requester is warned."""
        from bot.services.helpdesk import ActionResult
        from bot.services.helpdesk.card_notices import CourtesyMarkConfirmed

        desk = self.helpdesk
        now = desk.clock.now()
        member = desk.directory.member(staff_id)
        async with UnitOfWork(desk.db) as uow:
            conn = uow.conn  # the help desk's helpers below write in this same transaction
            r = await self._held(conn, rid, staff_id)
            if isinstance(r, ActionResult):
                return r  # gone, or not theirs to mark
            if row == REQUEST_TEXT:
                verdict = desk.courtesy.judge(r.text) if r.courtesy_flag is not None else Verdict(Level.NONE)
            else:
                text = await CourtesyMarks.inbound_text_in(conn, rid, row)
                verdict = desk.courtesy.judge(text) if text else Verdict(Level.NONE)
            existing = next((m for m in await CourtesyMarks.of_request_in(conn, rid) if m.message_row == row), None)
            if existing is not None:
                return ActionResult(False, r, "courtesy-already-marked" if existing.in_force else "courtesy-was-removed")
            if verdict.level is Level.NONE:  # nothing the check flagged: a forged or outdated button
                return ActionResult(False, r, "button-outdated")
            level = "obscene" if verdict.level is Level.OBSCENE else "insult"
            mark_id = await CourtesyMarks.add_in(conn, rid, row, level, now, by=member.telegram_id)
            if mark_id is None:  # pressed at the same moment elsewhere: that press made the mark
                return ActionResult(False, r, "courtesy-already-marked")
            await RequestRepository.event(conn, rid, now, "courtesy_mark", member.telegram_id, level=level,
                                          row=row, by=staff_id, confirmed=True)
            fresh = await RequestRepository.get_in(conn, rid)
            assert fresh is not None
            await desk._refresh_views(uow, fresh)
            confirmed = CourtesyMarkConfirmed(chat_id=r.requester_id, lang=r.language, request=fresh)
            await desk._notify_requester(uow, fresh, confirmed, key=f"courtesy-confirmed:{mark_id}")
        event("courtesy_mark", id=rid, number=r.number, level=level, message=row, by=staff_id)
        desk._wake()
        return ActionResult(True, fresh, None, {"row": row})

    async def in_force(self, rid: int, staff_id: str) -> ActionResult:
        """The marks in force of a request, for the one who may remove them (args["marks"])."""
        from bot.services.helpdesk import ActionResult

        r = self._may_mark(await self.helpdesk.requests.get(rid), staff_id)
        if isinstance(r, ActionResult):
            return r  # gone, or not theirs
        marks = [m for m in await self.marks.of_request(rid) if m.in_force]
        if not marks:
            return ActionResult(False, r, "courtesy-none-in-force")
        return ActionResult(True, r, None, {"marks": marks})

    async def remove(self, rid: int, row: int, staff_id: str, reason: str) -> ActionResult:
        """The mark is removed with its reason (kept with who and when); the requester is told."""
        from bot.services.helpdesk import ActionResult
        from bot.services.helpdesk.card_notices import CourtesyMarkRemoved

        desk = self.helpdesk
        reason = " ".join(reason.split())[:REASON_LIMIT]
        if not reason:
            return ActionResult(False, None, "courtesy-reason-empty")
        now = desk.clock.now()
        member = desk.directory.member(staff_id)
        async with UnitOfWork(desk.db) as uow:
            conn = uow.conn  # the help desk's helpers below write in this same transaction
            r = await self._held(conn, rid, staff_id)
            if isinstance(r, ActionResult):
                return r  # gone, or not theirs to mark
            mark = await CourtesyMarks.remove_in(conn, rid, row, member.telegram_id or 0, reason, now)
            if mark is None:
                return ActionResult(False, r, "courtesy-none-in-force")
            await RequestRepository.event(conn, rid, now, "courtesy_mark_removed", member.telegram_id,
                                          level=mark.level, row=row, by=staff_id)
            fresh = await RequestRepository.get_in(conn, rid)
            assert fresh is not None
            await desk._refresh_views(uow, fresh)
            removed = CourtesyMarkRemoved(chat_id=r.requester_id, lang=r.language, request=fresh)
            await desk._notify_requester(uow, fresh, removed, key=f"courtesy-removed:{mark.id}")
        event("courtesy_mark_removed", id=rid, number=r.number, level=mark.level, message=row, by=staff_id)
        desk._wake()
        return ActionResult(True, fresh, None, {"number": r.number})
