"""/mydata in the chat: everything the bot keeps about a person (bot/services/personal_data.py
gathers it; the file has it whole, the chat shows long messages shortened), and the buttons of
/mydata and /forget."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import Translator
from storage.db import from_iso

MESSAGE_PREVIEW = 300  # characters of a message shown in the chat (the file has it whole)


class MyDataAction(StrEnum):
    FILE = "f"
    FORGET = "y"
    KEEP = "n"


class MyDataCb(CallbackData, prefix="md1"):
    action: MyDataAction


def file_keyboard(t: Translator) -> InlineKeyboardMarkup:
    """Under /mydata: the same as a file."""
    button = InlineKeyboardButton(text=t("mydata-file-button"), callback_data=MyDataCb(action=MyDataAction.FILE).pack())
    return InlineKeyboardMarkup(inline_keyboard=[[button]])


def forget_keyboard(t: Translator) -> InlineKeyboardMarkup:
    """/forget's confirmation: delete, or keep."""
    return InlineKeyboardMarkup(inline_keyboard=[[
        InlineKeyboardButton(text=t("forget-yes"), callback_data=MyDataCb(action=MyDataAction.FORGET).pack()),
        InlineKeyboardButton(text=t("forget-no"), callback_data=MyDataCb(action=MyDataAction.KEEP).pack()),
    ]])


def mydata_text(data: dict[str, Any], t: Translator, tz: Any) -> str:
    """What the person sees in the chat: the profile, the consent, the links, each request
    with its messages (long messages shortened; the file has them whole)."""
    def moment(text: str | None) -> str:
        at = from_iso(text)
        return at.astimezone(tz).strftime("%d.%m.%Y %H:%M") if isinstance(at, datetime) else ""

    lines = [t("mydata-title"), t("mydata-id", id=str(data["telegram_id"]))]
    profile = data["profile"]
    if profile:
        lines.append(t("mydata-language-en" if profile["language"] == "en" else "mydata-language-ru"))
        if profile["role"]:
            lines.append(t("mydata-role", role=profile["role"]))
        if profile["full_name"]:
            lines.append(t("mydata-name", name=profile["full_name"]))
        if profile["class_name"]:
            lines.append(t("mydata-class", klass=profile["class_name"]))
        lines.append(t("mydata-consent", at=moment(profile["consent_at"])))
    else:
        lines.append(t("mydata-no-profile"))
    if data["links"]:
        lines += ["", t("mydata-links-title")]
        lines += [t("mydata-link-" + ("student" if link["relation"] == "student" else "parent"),
                    name=link["full_name"], klass=link["class_name"])
                  for link in data["links"]]
    if data["requests"]:
        lines += ["", t("mydata-requests-title", n=len(data["requests"]))]
        for r in data["requests"]:
            lines.append(t("mydata-request", number=r["number"], date=moment(r["created_at"]), status=r["status"]))
            lines.append(t("mydata-request-text", text=_short(r["text"])))
            for m in r["messages"]:
                key = "mydata-message-" + m["direction"] + ("" if m["text"] else "-file")
                lines.append(t(key, at=moment(m["at"]), text=_short(m["text"] or "")))
    if data["complaints"]:
        lines += ["", t("mydata-complaints", n=len(data["complaints"]))]
    if data["marks_views"]:
        lines.append(t("mydata-marks-views", n=data["marks_views"]))
    if data["announcement_mutes"]:
        lines.append(t("mydata-mutes", n=len(data["announcement_mutes"])))
    lines += ["", t("mydata-file-hint")]
    return "\n".join(lines)


def _short(text: str) -> str:
    return text if len(text) <= MESSAGE_PREVIEW else text[:MESSAGE_PREVIEW - 1] + "…"
