"""`/status` for the administrators: each background loop's last success and last error, the
outbox's queue and its oldest message, the database's writes (docs/operations.md)."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import Message

from bot.i18n import Translator
from bot.middlewares import Staff
from bot.services.status import BotStatus

router = Router(name="status")


@router.message(Command("status"))
async def cmd_status(message: Message, staff: Staff, t: Translator, bot_status: BotStatus | None = None) -> None:
    if not staff.is_admin:
        await message.answer(t("admin-only"))
        return
    if bot_status is None:
        await message.answer(t("status-unavailable"))
        return
    await message.answer(await bot_status.report(t))
