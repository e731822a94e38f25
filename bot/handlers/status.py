"""`/status` for the administrators: each background loop's last success and last error, the
outbox's queue and its oldest message, the database's writes (docs/operations.md)."""

from __future__ import annotations

import logging

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import Message

from bot.filters import IsAdministrator, guard
from bot.i18n import Translator
from bot.services.status import BotStatus
from bot.views.admin import status_text

log = logging.getLogger(__name__)
router = guard(Router(name="status"), IsAdministrator(), log=log)


@router.message(Command("status"))
async def cmd_status(message: Message, t: Translator, bot_status: BotStatus | None = None) -> None:
    if bot_status is None:
        await message.answer(t("status-unavailable"))
        return
    await message.answer(status_text(await bot_status.report(), t))
