"""Texts and keyboards about a request, for the requester and for staff, in their language."""

from __future__ import annotations

import html
from datetime import datetime
from zoneinfo import ZoneInfo

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.domain.requests import Actor, Move, Status, allows, card_moves
from bot.domain.staff_refs import ADMINS
from bot.i18n import Markup, Translator
from bot.services.people import Directory
from bot.views.callbacks import CardAction, CardCb, CourtesyAction, CourtesyCb, MineAction, MineCb, QueueTakeCb
from bot.views.present import Rows as Rows
from bot.views.present import rows_dict as rows_dict
from storage.requests import Request


def local(moment: datetime | None, tz: ZoneInfo, with_seconds: bool = False) -> str:
    if moment is None:
        return "—"
    return moment.astimezone(tz).strftime("%d.%m.%Y %H:%M:%S" if with_seconds else "%d.%m.%Y %H:%M")


def role_title(t: Translator, role: str) -> str:
    return t(f"role-{role.replace('_', '-')}")


def position_part(position: str | None) -> Markup:
    """A position as the texts append it to a name («, учитель информатики»), or nothing: a
    missing position leaves no empty brackets or stray commas behind."""
    return Markup(", " + html.escape(position, quote=False)) if position else Markup("")


def status_title(t: Translator, status: Status, *, for_staff: bool = False) -> str:
    """A request's status in words. Staff (their queue, the register, its export) read a request
    waiting for the requester's answer differently from the requester, whose answer it awaits."""
    value = status.value.replace("_", "-")
    return t(f"status-for-staff-{value}" if for_staff else f"status-{value}")


def assignee_name(directory: Directory, t: Translator, assignee_id: str | None) -> str:
    if assignee_id is None:
        return "—"
    if assignee_id == ADMINS:
        return t("staff-admins")
    return directory.member(assignee_id).name


def card_text(r: Request, t: Translator, directory: Directory) -> str:
    tz = directory.school.tz
    lines = [
        t("card-title", number=r.number, kind=t(f"kind-{r.kind.value}")),
        t("card-area", area=directory.area_title(r.area, t.language)),
    ]
    if r.topic.value != "general":
        lines.append(t("card-topic", topic=t(f"topic-{r.topic.value.replace('_', '-')}")))
    lines.append(t("card-requester", name=r.requester_name))
    role = role_title(t, r.requester_role)
    lines.append(t("card-requester-role-class", role=role, klass=r.requester_class) if r.requester_class
                 else t("card-requester-role", role=role))
    if r.login:
        lines.append(t("card-login", login=r.login))
    lines.append(t("card-received", at=local(r.created_at, tz)))
    if r.notice_at:
        lines.append(t("card-notice-at", at=local(r.notice_at, tz, with_seconds=True)))
    if r.deadline_at:
        lines.append(t("card-deadline", at=local(r.deadline_at, tz)))
    if r.scheduled_id and r.assignee_id and r.assignee_id != r.scheduled_id and r.assignee_id != ADMINS:
        lines.append(t("card-substitute-for", name=directory.member(r.scheduled_id).name))
    if r.escalations:
        lines.append(t("card-escalated", count=r.escalations))
    if r.attachments:
        lines.append(t("card-attachments", count=r.attachments))
    if r.courtesy_marks:
        lines.append(t("card-courtesy", count=r.courtesy_marks))
    if r.courtesy_flag:  # a possible insult in the text: marked only if a specialist confirms it
        lines.append(t("card-courtesy-flag", words=html.escape(r.courtesy_flag, quote=False)))
    lines.append("")
    lines.append(html.escape(r.text, quote=False))  # the requester's own words
    return "\n".join(lines)



# The card's button for each move the life cycle offers its holder (bot/domain/requests.py).
CARD_BUTTONS = {
    Move.TAKE: ("card-button-take", CardAction.TAKE),
    Move.REPLY: ("card-button-reply", CardAction.REPLY),
    Move.RESOLVE: ("card-button-resolve", CardAction.RESOLVE),
    Move.HAND_OVER: ("card-button-handover", CardAction.HANDOVER),
    Move.END_FOR_COURTESY: ("card-button-courtesy-end", CardAction.COURTESY_END),
}


def card_rows(r: Request, t: Translator) -> Rows:
    """The holder's buttons: the moves the request's state offers them (`card_moves`). Take
    and Hand over share a row; once taken, Hand over has one of its own and the end for a
    conduct violation comes last, under the courtesy buttons."""
    moves = card_moves(r.status)
    if not moves:
        return []

    def button(move: Move) -> tuple[str, str]:
        key, action = CARD_BUTTONS[move]
        return t(key), CardCb(action=action, rid=r.id).pack()

    first = [button(m) for m in (Move.TAKE, Move.REPLY, Move.RESOLVE) if m in moves]
    rows: Rows = [first]
    if Move.HAND_OVER in moves:
        if Move.TAKE in moves:
            first.append(button(Move.HAND_OVER))
        else:
            rows.append([button(Move.HAND_OVER)])
    rows.extend(courtesy_rows(r, t))
    if Move.END_FOR_COURTESY in moves:
        rows.append([button(Move.END_FOR_COURTESY)])
    return rows


def courtesy_rows(r: Request, t: Translator) -> Rows:
    """The card's buttons of the courtesy rule: confirm the flagged text, remove a mark."""
    row = []
    if r.courtesy_flag:
        row.append((t("courtesy-button-mark"), CourtesyCb(action=CourtesyAction.MARK, rid=r.id, row=0).pack()))
    if r.courtesy_marks:
        row.append((t("courtesy-button-unmark"), CourtesyCb(action=CourtesyAction.LIST, rid=r.id).pack()))
    return [row] if row else []


def requester_rows(r: Request, t: Translator) -> Rows | None:
    if allows(Move.REOPEN, r.status, Actor.REQUESTER):  # resolved: rate it, reopen it or close it
        return [
            [("⭐" * stars, MineCb(action=MineAction.RATE, rid=r.id, value=stars).pack()) for stars in range(1, 6)],
            [(t("mine-button-reopen"), MineCb(action=MineAction.REOPEN, rid=r.id).pack()),
             (t("mine-button-close"), MineCb(action=MineAction.CLOSE, rid=r.id).pack())],
        ]
    if allows(Move.CLOSE_BY_REQUESTER, r.status, Actor.REQUESTER):
        row = [(t("mine-button-close"), MineCb(action=MineAction.CLOSE, rid=r.id).pack())]
        if r.taken_by or r.assignee_id:
            row.append((t("mine-button-complain"), MineCb(action=MineAction.COMPLAIN, rid=r.id).pack()))
        return [row]
    return None


def rows_markup(rows: Rows | None) -> InlineKeyboardMarkup | None:
    if rows is None:
        return None
    return InlineKeyboardMarkup(inline_keyboard=[
        [InlineKeyboardButton(text=text, callback_data=data) for text, data in row] for row in rows
    ])


def card_keyboard(r: Request, t: Translator) -> InlineKeyboardMarkup:
    return rows_markup(card_rows(r, t)) or InlineKeyboardMarkup(inline_keyboard=[])


def requester_keyboard(r: Request, t: Translator) -> InlineKeyboardMarkup | None:
    return rows_markup(requester_rows(r, t))


EXCERPT = 60


def excerpt(text: str, limit: int = EXCERPT) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def state_line(r: Request, t: Translator, directory: Directory, theirs: bool) -> str:
    """Where a request stands now, as a card or queue line shows it in a chat: still waiting
    (`theirs`: for the person whose chat it is), or taken, passed on, resolved, closed."""
    who = assignee_name(directory, t, r.taken_by or r.assignee_id)
    if r.status in (Status.NEW, Status.ASSIGNED) and not theirs:
        return t("card-state-moved", who=who)
    return t(f"card-state-{r.status.value.replace('_', '-')}", who=who)


def queue_list(items: list[Request], holder: str, t: Translator, directory: Directory) -> tuple[str, Rows]:
    """The queue message: requests that reached `holder` at once, one line each, with a Take
    button for each still waiting for them; the others show where they stand now."""
    waiting = [r for r in items if r.status in (Status.NEW, Status.ASSIGNED) and r.assignee_id == holder]
    lines = [t("queue-list-title", count=len(waiting)) if waiting else t("queue-list-done")]
    for n, r in enumerate(items, 1):
        if r in waiting:
            if r.requester_class:
                lines.append(t("queue-list-line", n=n, number=r.number, name=r.requester_name,
                               klass=r.requester_class, text=excerpt(r.text)))
            else:
                lines.append(t("queue-list-line-no-class", n=n, number=r.number, name=r.requester_name,
                               text=excerpt(r.text)))
        else:
            lines.append(t("queue-list-line-done", n=n, number=r.number, state=state_line(r, t, directory, False)))
    buttons = [(t("queue-list-take", number=r.number), QueueTakeCb(rid=r.id).pack()) for r in waiting]
    rows = [buttons[i:i + 3] for i in range(0, len(buttons), 3)]
    return "\n".join(lines), rows
