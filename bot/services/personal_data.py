"""A person's rights over their data (152-ФЗ): see everything the bot keeps about them
(/mydata, in the chat and as a file) and have it deleted (/forget, after a confirmation).
How the chat shows it: bot/views/mydata.py.

What /forget removes and what the register keeps instead: storage/personal_data.py.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from storage.db import Database
from storage.uow import repositories_of
from storage.users import Forgotten, UserRepository


class PersonalDataService:
    def __init__(self, db: Database, users: UserRepository, helpdesk: Any = None, summaries: Any = None) -> None:
        self.data = repositories_of(db).personal_data
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

    async def forget(self, telegram_id: int, at: datetime, *, staff: bool) -> Forgotten:
        forgotten = await self.users.forget(telegram_id, at, staff=staff)
        await self.data.fold_log()
        if self.helpdesk is not None:
            for request_id in forgotten.closed:  # their cards in staff chats: closed, without the name
                await self.helpdesk.refresh_views(request_id)
        if self.summaries is not None:
            await self.summaries.orphaned(forgotten.orphans)
        return forgotten

