"""A person's rights over their data (152-ФЗ): see everything the bot keeps about them
(/mydata, in the chat and as a file) and have it deleted (/forget, after a confirmation).

What /forget removes and what the register keeps instead: storage/personal_data.py.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from bot.i18n import Translator
from storage.db import Database, from_iso
from storage.personal_data import PersonalData
from storage.users import Forgotten, UserRepository

MESSAGE_PREVIEW = 300  # characters of a message shown in the chat (the file has it whole)


class PersonalDataService:
    def __init__(self, db: Database, users: UserRepository, helpdesk: Any = None, summaries: Any = None) -> None:
        self.data = PersonalData(db)
        self.users = users
        self.helpdesk = helpdesk  # bot.services.helpdesk.HelpDesk: cards of the requests /forget closes
        self.summaries = summaries  # bot.services.summaries.Summaries: children left without a parent

    async def export(self, telegram_id: int) -> dict[str, Any]:
        return await self.data.export(telegram_id)

    @staticmethod
    def as_file(data: dict[str, Any]) -> bytes:
        return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")

    @staticmethod
    def is_empty(data: dict[str, Any]) -> bool:
        return not any(data[k] for k in ("profile", "links", "requests", "complaints", "announcement_mutes")) \
            and not data["marks_views"]

    def render(self, data: dict[str, Any], t: Translator, tz: Any) -> str:
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

    async def forget(self, telegram_id: int, at: datetime, *, staff: bool) -> Forgotten:
        forgotten = await self.users.forget(telegram_id, at, staff=staff)
        await self.data.fold_log()
        if self.helpdesk is not None:
            for request_id in forgotten.closed:  # their cards in staff chats: closed, without the name
                await self.helpdesk.refresh_views(request_id)
        if self.summaries is not None:
            await self.summaries.orphaned(forgotten.orphans)
        return forgotten


def _short(text: str) -> str:
    return text if len(text) <= MESSAGE_PREVIEW else text[:MESSAGE_PREVIEW - 1] + "…"
