"""The last router: anything nobody else understood gets a polite, useful answer."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery, Message

from bot.filters import When
from bot.i18n import Translator

router = Router(name="fallback")


@router.message(When(F.text))
async def unknown_text(message: Message, t: Translator) -> None:
    await message.answer(t("fallback-text"))


@router.message()
async def unsupported_content(message: Message, t: Translator) -> None:
    await message.answer(t("fallback-unsupported"))


@router.callback_query()
async def unknown_button(query: CallbackQuery, t: Translator) -> None:
    await query.answer(t("button-outdated"), show_alert=True)
