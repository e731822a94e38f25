"""Announcements as people see them: the readers' message (a text, a photo or a document with
its caption, and the mute button under a kind people may mute), the sender's progress, and the
buttons of /announce and /announcements (bot/services/announcements.py, bot/handlers/announcements.py)."""

from __future__ import annotations

from typing import Any

from aiogram.filters.callback_data import CallbackData

from bot.domain.announcements import Audience, Kind, may_mute
from bot.i18n import Translator
from bot.services.announcements import Announced, AnnouncementProgress
from bot.services.outgoing import Message
from bot.views.present import Rows, Views, Worded, rows_dict, sends, words


class AnnKindCb(CallbackData, prefix="an1"):
    kind: Kind


class AnnAudienceCb(CallbackData, prefix="aa1"):
    audience: Audience


class AnnSendCb(CallbackData, prefix="as1"):
    send: bool


class AnnMuteCb(CallbackData, prefix="am1"):
    kind: Kind
    mute: bool
    settings: bool = False  # pressed in /announcements (its list is shown again), not under an announcement


def _key(kind: Kind) -> str:
    return kind.value.replace("_", "-")


def kind_name(t: Translator, kind: Kind) -> str:
    return t(f"announce-kind-{_key(kind)}")


# --- what the readers get ----------------------------------------------------------------------


@sends(Announced)
def _announced(n: Announced, v: Views) -> Message:
    """The method and body of one reader's message (the preview is the same message)."""
    t = v.t(n.lang)
    text = t(f"announce-header-{_key(n.kind)}") + "\n\n" + n.content.html
    body: dict[str, Any] = {"chat_id": n.chat_id}
    if n.mute:  # as the outbox stores it
        body["reply_markup"] = rows_dict([[(t("announce-mute-button"), AnnMuteCb(kind=n.kind, mute=True).pack())]])
    content = n.content
    if content.file_id and content.file_type == "photo":
        return Message("SendPhoto", {**body, "photo": content.file_id, "caption": text})
    if content.file_id:
        return Message("SendDocument", {**body, "document": content.file_id, "caption": text})
    return Message("SendMessage", {**body, "text": text})


@words(AnnouncementProgress)
def _progress(n: AnnouncementProgress, v: Views) -> Worded:
    return v.t(n.lang)("announce-progress", sent=n.sent, total=n.total, blocked=n.blocked, failed=n.failed,
                       done="yes" if n.done else "no"), None


# --- the administrator's steps -----------------------------------------------------------------


def kind_rows(t: Translator) -> Rows:
    return [[(kind_name(t, k), AnnKindCb(kind=k).pack())] for k in Kind]


def audience_name(t: Translator, audience: Audience) -> str:
    return t(f"announce-audience-{audience.value.replace('_', '-')}")


def audience_rows(t: Translator) -> Rows:
    return [[(audience_name(t, a), AnnAudienceCb(audience=a).pack())] for a in Audience]


def preview_summary(t: Translator, audience: Audience, target: str | None, count: int, muted: int) -> list[str]:
    """The lines under the preview: who will receive it, how many, how many muted the kind."""
    if audience.needs_target:
        audience_text = t(f"announce-audience-{audience.value}-of", klass=target)
    else:
        audience_text = audience_name(t, audience)
    summary = [t("announce-preview-title"), t("announce-preview-audience", text=audience_text),
               t("announce-preview-count", n=count)]
    if muted:
        summary.append(t("announce-preview-muted", n=muted))
    return summary


def confirm_rows(t: Translator) -> Rows:
    return [[(t("announce-send"), AnnSendCb(send=True).pack()), (t("announce-cancel"), AnnSendCb(send=False).pack())]]


# --- everyone's settings -----------------------------------------------------------------------


def settings(t: Translator, muted: set[str]) -> tuple[str, Rows]:
    """/announcements: each kind, whether it is muted, and a button to change it."""
    lines = [t("announce-settings-title")]
    buttons: Rows = []
    for kind in Kind:
        name = kind_name(t, kind)
        if not may_mute(kind):
            lines.append(t("announce-settings-obligatory", kind=name))
        elif kind.value in muted:
            lines.append(t("announce-settings-muted", kind=name))
            buttons.append([(t("announce-settings-unmute", kind=name),
                             AnnMuteCb(kind=kind, mute=False, settings=True).pack())])
        else:
            lines.append(t("announce-settings-on", kind=name))
            buttons.append([(t("announce-settings-mute", kind=name),
                             AnnMuteCb(kind=kind, mute=True, settings=True).pack())])
    return "\n".join(lines), buttons
