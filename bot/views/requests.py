"""The help desk's words to requesters and staff about a request: the receipt, where a
request is placed and who holds it, what became of it, the alerts about compromised access,
substitutions and deadlines (the notices of bot/services/helpdesk/notices.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.domain.requests import Status
from bot.domain.staff_refs import ADMINS, is_one_admin
from bot.domain.timetable import Substitution
from bot.i18n import Translator
from bot.services.helpdesk.core import RELAYED_REACTION
from bot.services.helpdesk.notices import (
    AutoClosed,
    ClosedByRequester,
    ComplaintFiled,
    CompromiseAlert,
    DeadlineNear,
    FollowUpRelay,
    FollowUpUndelivered,
    HeadUnreachable,
    Moved,
    Placed,
    Receipt,
    RelayArrived,
    Reopened,
    RequesterNotice,
    RequestUpdate,
    SubstitutionNews,
    Update,
)
from bot.services.outgoing import Message
from bot.views.courtesy import relay_note, rule_text
from bot.views.payloads import send_text
from bot.views.present import Rows, Views, Worded, rows_dict, sends, words
from bot.views.relay import relay_body
from bot.views.render import assignee_name, card_rows, card_text, local, position_part, requester_rows

if TYPE_CHECKING:
    from bot.domain.courtesy import Verdict
    from bot.services.people import Directory
    from storage.courtesy import CourtesyMark
    from storage.requests import Request


def requester_buttons(n: RequesterNotice, v: Views) -> Rows | None:
    """The requester's buttons under a notice that asks for them (`n.buttons`)."""
    return requester_rows(n.request, v.t(n.lang)) if n.buttons else None


# --- who has a request, where, when ---------------------------------------------------------


def holder(directory: Directory, assignee: str | None, t: Translator) -> tuple[str, dict[str, Any]]:
    """How a text names whoever holds a request: the administrators, a person (the head, an
    administrator) or a specialist with their room (`mine-moved-<kind>`)."""
    if assignee is None or assignee == ADMINS:
        return "admins", {}
    member = directory.member(assignee)
    if is_one_admin(assignee):
        return "person", {"name": member.name, "position": position_part(member.position)}
    return "specialist", {"name": member.name, "position": position_part(member.position),
                          "room": member.room or "—"}


def holder_plain(v: Views, assignee: str | None) -> str:
    """Whoever holds a request, by name, in the school's language (the administrators' alerts)."""
    if assignee is None or assignee == ADMINS:
        return v.t(v.school.school.default_language)("staff-admins")
    return v.directory.member(assignee).name


def moved_text(directory: Directory, r: Request, t: Translator) -> str:
    kind, args = holder(directory, r.assignee_id, t)
    return t(f"mine-moved-{kind}", number=r.number, **args)


def placement_text(r: Request, t: Translator, directory: Directory, *, handed_over: bool = False) -> str:
    """Who will take the request, when and where (R2.3)."""
    name = assignee_name(directory, t, r.assignee_id)
    prefix = t("mine-handed-over", number=r.number) + "\n" if handed_over else ""
    if r.status == Status.NEW and r.slot_start:
        tz = directory.school.tz
        member = directory.member(r.assignee_id) if r.assignee_id and r.assignee_id != ADMINS else None
        return prefix + t(
            "mine-queued", name=name, position=position_part(member.position if member else None),
            day=t(f"weekday-{r.slot_start.astimezone(tz).strftime('%a').lower()}"),
            date=r.slot_start.astimezone(tz).strftime("%d.%m.%Y"),
            start=r.slot_start.astimezone(tz).strftime("%H:%M"),
            end=r.slot_end.astimezone(tz).strftime("%H:%M") if r.slot_end else "",
            room=r.slot_room or (member.room if member else None) or "—",
        )
    if handed_over or is_one_admin(r.assignee_id):
        # Handed over: who has it now, not that they "already have it" (the card may yet be
        # refused; then the requester hears where it went instead).
        kind, args = holder(directory, r.assignee_id, t)
        if kind == "specialist" and r.slot_room:
            args["room"] = r.slot_room
        return t(f"mine-moved-{kind}", number=r.number, **args)
    if r.assignee_id == ADMINS:
        return prefix + t("mine-to-admins")
    member = directory.member(r.assignee_id) if r.assignee_id else None
    return prefix + t("mine-on-duty", name=name, position=position_part(member.position if member else None),
                      room=(r.slot_room or (member.room if member else None)) or "—")


def receipt_text(r: Request, t: Translator, directory: Directory, head: str | None = None) -> str:
    """What the requester is told once the request is filed: its number, who takes it, when
    and where; for compromised access the moment of the notice and (`head`, see
    `Filings.head_alert`) whether the head has been told."""
    school = directory.school
    lines = [t("form-filed", number=r.number), placement_text(r, t, directory)]
    tz = school.tz
    if r.notice_at:
        lines.append(t("access-compromised-receipt", at=local(r.notice_at, tz, with_seconds=True)))
        if head == "sent":
            lines.append(t("access-compromised-head-told", number=r.number))
        elif head is not None:
            lines.append(t("access-compromised-head-unreachable", number=r.number))
    if r.deadline_at:
        lines.append(t("access-deadline-receipt", at=r.deadline_at.astimezone(tz).strftime("%d.%m.%Y"),
                       days=school.helpdesk.access_deadline_working_days))
    if r.courtesy_marks:
        lines.append(t("courtesy-warning", rule=rule_text(t, school.school.conduct_document)))
    return "\n\n".join(lines)


def courtesy_warning(t: Translator, r: Request, directory: Directory) -> str:
    """The answer to a follow-up that broke the courtesy rule (the rule in the request's language)."""
    rule = rule_text(directory.i18n.get(r.language), directory.school.school.conduct_document)
    return t("courtesy-warning", rule=rule)


def substitution_args(sub: Substitution, directory: Directory) -> dict[str, Any]:
    """Who stands in for whom and when, as the texts about a substitution show it."""
    return {"absent": directory.member(sub.absent_id).name,
            "substitute": directory.member(sub.substitute_id).name,
            "start": sub.start.strftime("%d.%m.%Y"), "end": sub.end.strftime("%d.%m.%Y")}


def courtesy_note(t: Translator, rid: int, row_id: int | None, text: str | None, verdict: Verdict,
                  mark: CourtesyMark | None) -> tuple[str, Rows | None]:
    """The flag or the mark a relayed message of the requester carries (bot/views/courtesy.py)."""
    if row_id is None or not text:
        return "", None
    return relay_note(t, rid, row_id, verdict, mark)


# --- to the requester -------------------------------------------------------------------------


@words(Receipt)
def _receipt(n: Receipt, v: Views) -> Worded:
    return receipt_text(n.request, v.t(n.lang), v.directory, n.head), requester_buttons(n, v)


@words(Placed)
def _placed(n: Placed, v: Views) -> Worded:
    return placement_text(n.request, v.t(n.lang), v.directory, handed_over=n.handed_over), requester_buttons(n, v)


@words(Moved)
def _moved(n: Moved, v: Views) -> Worded:
    return moved_text(v.directory, n.request, v.t(n.lang)), requester_buttons(n, v)


_UPDATES = {
    Update.HEAD_TOLD: "access-compromised-head-told",
    Update.HEAD_UNREACHABLE: "access-compromised-head-unreachable",
    Update.FOLLOW_UP_RELAYED: "mine-follow-up-relayed",
}


@words(RequestUpdate)
def _update(n: RequestUpdate, v: Views) -> Worded:
    return v.t(n.lang)(_UPDATES[n.update], number=n.request.number), requester_buttons(n, v)


@words(AutoClosed)
def _auto_closed(n: AutoClosed, v: Views) -> Worded:
    return v.t(n.lang)("mine-auto-closed", number=n.request.number, hours=n.hours), requester_buttons(n, v)


@sends(FollowUpUndelivered)
def _undelivered(n: FollowUpUndelivered, v: Views) -> Message:
    text = v.t(n.lang)("mine-follow-up-undelivered", number=n.request.number)
    return Message("SendMessage", send_text(n.chat_id, text, rows_dict(requester_buttons(n, v)),
                                            reply_parameters={"message_id": n.message_id,
                                                              "allow_sending_without_reply": True}))


@sends(RelayArrived)
def _arrived(n: RelayArrived, v: Views) -> Message:
    return Message("SetMessageReaction", {"chat_id": n.chat_id, "message_id": n.message_id,
                                          "reaction": [{"type": "emoji", "emoji": RELAYED_REACTION}]})


# --- to staff ---------------------------------------------------------------------------------


@words(CompromiseAlert)
def _compromised(n: CompromiseAlert, v: Views) -> Worded:
    r = n.request
    return v.t(n.lang)("access-compromised-alert", number=r.number, name=r.requester_name, login=r.login or "—",
                       at=local(r.notice_at, v.school.tz, with_seconds=True)), None


@words(HeadUnreachable)
def _head_unreachable(n: HeadUnreachable, v: Views) -> Worded:
    return v.t(n.lang)("alert-head-unreachable", number=n.number, name=v.school.school.head.name), None


@words(ClosedByRequester)
def _closed(n: ClosedByRequester, v: Views) -> Worded:
    return v.t(n.lang)("card-closed-by-requester", number=n.number), None


@words(DeadlineNear)
def _deadline(n: DeadlineNear, v: Views) -> Worded:
    return v.t(n.lang)("access-deadline-reminder", number=n.number, at=local(n.deadline, v.school.tz)), None


@words(ComplaintFiled)
def _complaint(n: ComplaintFiled, v: Views) -> Worded:
    return v.t(n.lang)("complaint-to-supervisor", number=n.number, specialist=v.directory.member(n.specialist_id).name,
                       requester=n.requester_name, text=n.text), None


@words(SubstitutionNews)
def _substitution(n: SubstitutionNews, v: Views) -> Worded:
    key = "sub-notice-cancelled" if n.cancelled else "sub-notice-substitute"
    return v.t(n.lang)(key, **substitution_args(n.sub, v.directory)), None


@sends(FollowUpRelay)
def _relay(n: FollowUpRelay, v: Views) -> Message:
    t = v.t(n.lang)
    r = n.request
    header = t("relay-from-requester", number=r.number, name=r.requester_name)
    note, note_rows = courtesy_note(t, r.id, n.row_id, n.text, n.verdict, n.mark)
    return relay_body(n.chat_id, f"{header}\n{note}" if note else header, n.from_chat, n.message_id,
                      n.content_type, n.text, rows_dict(note_rows))


@words(Reopened)
def _reopened(n: Reopened, v: Views) -> Worded:
    t = v.t(n.lang)
    return (t("card-reopened", number=n.request.number) + "\n\n" + card_text(n.request, t, v.directory),
            card_rows(n.request, t))
