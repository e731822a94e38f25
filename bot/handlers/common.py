"""/help, /language, /privacy, /cancel: what everyone can do at any time (/mydata and /forget:
bot/handlers/mydata.py)."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import Message

from bot.domain.school import SchoolConfig
from bot.i18n import Translator
from bot.middlewares import Staff
from bot.views.keyboards import language_keyboard
from bot.views.texts import help_text
from storage.users import User

router = Router(name="common")


@router.message(Command("help"))
async def cmd_help(message: Message, user: User | None, t: Translator, staff: Staff) -> None:
    await message.answer(help_text(t, user, staff))


@router.message(Command("language"))
async def cmd_language(message: Message, t: Translator) -> None:
    await message.answer(t("lang-question"), reply_markup=language_keyboard(t))


def privacy_text(t: Translator, user: User | None, school: SchoolConfig) -> str:
    """What is kept and why, and when consent was given, in the school's time (not UTC)."""
    consent = t("privacy-consent-none") if user is None else t(
        "privacy-consent-at", at=user.consent_at.astimezone(school.tz).strftime("%d.%m.%Y %H:%M"))
    info = school.school
    return t("privacy-text", operator=info.operator_name, years=info.retention_years) + "\n\n" + consent


@router.message(Command("privacy"))
async def cmd_privacy(message: Message, user: User | None, t: Translator, school: SchoolConfig) -> None:
    await message.answer(privacy_text(t, user, school))


@router.message(Command("cancel"))
async def cmd_cancel(message: Message, state: FSMContext, t: Translator) -> None:
    had_state = await state.get_state() is not None
    await state.clear()
    await message.answer(t("cancel-done") if had_state else t("cancel-nothing"))
