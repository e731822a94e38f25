"""What the help desk tells people about a request: the receipt, where it is placed, who
holds it, the courtesy rule, and the plumbing of one text to staff chats or to the requester."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from bot.domain.courtesy import Verdict
from bot.domain.requests import (
    Status,
)
from bot.domain.timetable import Substitution
from bot.i18n import Translator
from bot.services.courtesy import relay_note, rule_text
from bot.services.helpdesk.core import (
    ABOUT_REQUEST,
    DeskCore,
)
from bot.services.outgoing import Notice, post
from bot.services.people import ADMIN_PREFIX, ADMINS
from bot.views.payloads import send_text
from bot.views.render import (
    assignee_name,
    position_part,
    requester_rows,
    rows_dict,
)
from storage.outbox import (
    enqueue,
)
from storage.requests import Request
from storage.uow import UnitOfWork


@dataclass(frozen=True, kw_only=True)
class StaffNotice(Notice):
    """A message to a staff chat about a request or a substitution (no buttons); `chat_id` and
    `lang` are the reader's (`_tell_staff` fills them)."""


@dataclass(frozen=True, kw_only=True)
class RequesterNotice(Notice):
    """A message to the person who filed `request` (`chat_id` is `request.requester_id`, `lang`
    `request.language`). `buttons`: the requester's buttons under it, worded by the views from
    the request (bot/views/requests.py::requester_buttons)."""

    request: Request
    buttons: bool = False


class Notices(DeskCore):
    def receipt_text(self, r: Request, t: Translator, head: str | None = None) -> str:
        """What the requester is told once the request is filed: its number, who takes it, when
        and where; for compromised access the moment of the notice and (`head`, see
        `head_alert`) whether the head has been told."""
        lines = [t("form-filed", number=r.number), self.placement_text(r, t)]
        tz = self.school.tz
        if r.notice_at:
            lines.append(t("access-compromised-receipt", at=r.notice_at.astimezone(tz).strftime("%d.%m.%Y %H:%M:%S")))
            if head == "sent":
                lines.append(t("access-compromised-head-told", number=r.number))
            elif head is not None:
                lines.append(t("access-compromised-head-unreachable", number=r.number))
        if r.deadline_at:
            lines.append(t("access-deadline-receipt", at=r.deadline_at.astimezone(tz).strftime("%d.%m.%Y"),
                           days=self.school.helpdesk.access_deadline_working_days))
        if r.courtesy_marks:
            lines.append(t("courtesy-warning", rule=self.courtesy_rule(t)))
        return "\n\n".join(lines)

    def placement_text(self, r: Request, t: Translator, *, handed_over: bool = False) -> str:
        """Who will take the request, when and where (R2.3)."""
        name = assignee_name(self.directory, t, r.assignee_id)
        prefix = t("mine-handed-over", number=r.number) + "\n" if handed_over else ""
        if r.status == Status.NEW and r.slot_start:
            tz = self.school.tz
            member = self.directory.member(r.assignee_id) if r.assignee_id and r.assignee_id != ADMINS else None
            return prefix + t(
                "mine-queued", name=name, position=position_part(member.position if member else None),
                day=t(f"weekday-{r.slot_start.astimezone(tz).strftime('%a').lower()}"),
                date=r.slot_start.astimezone(tz).strftime("%d.%m.%Y"),
                start=r.slot_start.astimezone(tz).strftime("%H:%M"),
                end=r.slot_end.astimezone(tz).strftime("%H:%M") if r.slot_end else "",
                room=r.slot_room or (member.room if member else None) or "—",
            )
        if handed_over or (r.assignee_id or "").startswith(ADMIN_PREFIX):
            # Handed over: who has it now, not that they "already have it" (the card may yet be
            # refused; then the requester hears where it went instead).
            kind, args = self._holder(r.assignee_id, t)
            if kind == "specialist" and r.slot_room:
                args["room"] = r.slot_room
            return t(f"mine-moved-{kind}", number=r.number, **args)
        if r.assignee_id == ADMINS:
            return prefix + t("mine-to-admins")
        member = self.directory.member(r.assignee_id) if r.assignee_id else None
        return prefix + t("mine-on-duty", name=name, position=position_part(member.position if member else None),
                          room=(r.slot_room or (member.room if member else None)) or "—")

    def _holder(self, assignee: str | None, t: Translator) -> tuple[str, dict[str, Any]]:
        """How a text names whoever holds a request: the administrators, a person (the head, an
        administrator) or a specialist with their room."""
        if assignee is None or assignee == ADMINS:
            return "admins", {}
        member = self.directory.member(assignee)
        if assignee.startswith(ADMIN_PREFIX):
            return "person", {"name": member.name, "position": position_part(member.position)}
        return "specialist", {"name": member.name, "position": position_part(member.position),
                              "room": member.room or "—"}

    def _holder_plain(self, assignee: str | None) -> str:
        if assignee is None or assignee == ADMINS:
            return self.directory.i18n.get(self.school.school.default_language)("staff-admins")
        return self.directory.member(assignee).name

    async def _tell_requester_moved(self, uow: UnitOfWork, r: Request) -> None:
        """The request went to someone else (escalated, or its holder could not be reached)."""
        t = self.directory.i18n.get(r.language)
        kind, args = self._holder(r.assignee_id, t)
        await self._to_requester(uow, r, t(f"mine-moved-{kind}", number=r.number, **args),
                                 key=f"moved:{r.id}:{r.assignee_id}:{r.updated_at.isoformat()}")

    def courtesy_rule(self, t: Translator) -> str:
        """The sentence stating the courtesy rule, naming the school's document if the file does."""
        return rule_text(t, self.school.school.conduct_document)

    def _courtesy_note(self, t: Translator, rid: int, row_id: int | None, text: str | None,
                       marks: dict[int, Any], verdict: Verdict | None = None) -> tuple[str, Any]:
        """The flag or the mark a relayed message of the requester carries (bot/services/courtesy.py)."""
        if row_id is None or not text:
            return "", None
        return relay_note(t, rid, row_id, verdict or self.courtesy.judge(text), marks.get(row_id))

    def substitution_args(self, sub: Substitution) -> dict[str, Any]:
        """Who stands in for whom and when, as the texts about a substitution show it."""
        return {"absent": self.directory.member(sub.absent_id).name,
                "substitute": self.directory.member(sub.substitute_id).name,
                "start": sub.start.strftime("%d.%m.%Y"), "end": sub.end.strftime("%d.%m.%Y")}

    async def _tell(self, uow: UnitOfWork, chats: Sequence[int | None], key: str, *, dedupe: str,
                    purpose: str | None = None, ref_id: int | None = None, **args: Any) -> None:
        """One text to each of these staff chats, each in its reader's language."""
        for chat in dict.fromkeys(c for c in chats if c is not None):  # None: not joined yet
            t = await self.directory.translator_for(chat)
            await enqueue(uow.conn, chat_id=chat, method="SendMessage", payload=send_text(chat, t(key, **args)),
                          dedupe_key=f"{dedupe}:{chat}", purpose=purpose, ref_id=ref_id)

    async def _to_requester(self, uow: UnitOfWork, r: Request, text: str, *, key: str,
                            keyboard: bool = False) -> None:
        t = self.directory.i18n.get(r.language)
        markup = rows_dict(requester_rows(r, t)) if keyboard else None
        await enqueue(uow.conn, chat_id=r.requester_id, method="SendMessage",
                      payload=send_text(r.requester_id, text, markup), dedupe_key=key,
                      purpose=ABOUT_REQUEST, ref_id=r.id)

    async def _tell_staff(self, uow: UnitOfWork, chats: Sequence[int | None],
                          notice_for: Callable[[int, str], Notice], *, dedupe: str,
                          purpose: str | None = None, ref_id: int | None = None) -> None:
        """One notice to each of these staff chats (each once; None: not joined yet), each in its
        reader's language: `notice_for(chat, lang)` builds it."""
        for chat in dict.fromkeys(c for c in chats if c is not None):
            lang = await self.directory.language_of(chat)
            await post(uow, self.views, notice_for(chat, lang), dedupe_key=f"{dedupe}:{chat}",
                       purpose=purpose, ref_id=ref_id)

    async def _notify_requester(self, uow: UnitOfWork, r: Request, notice: RequesterNotice, *, key: str) -> None:
        """A notice to the requester about `r`, linked to it (replies to it find the request)."""
        await post(uow, self.views, notice, dedupe_key=key, purpose=ABOUT_REQUEST, ref_id=r.id)
