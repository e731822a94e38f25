"""/help, /language, /privacy, /cancel: what everyone can do at any time (/mydata and /forget:
bot/handlers/mydata.py)."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import Message

from bot.domain.school import SchoolConfig
from bot.i18n import Translator
from bot.views.keyboards import language_keyboard
from bot.middlewares import Staff
from storage.users import User

router = Router(name="common")


def help_text(t: Translator, user: User | None, staff: Staff) -> str:
    parts = [t("help-everyone")]
    if user is not None and user.role is not None:
        parts.append(t("help-requester"))
    if staff.specialist is not None:
        parts.append(t("help-specialist"))
    if staff.is_class_teacher or staff.is_admin:
        parts.append(t("help-class-teacher"))
    if staff.is_admin:
        parts.append(t("help-admin"))
    if user is None:
        parts.append(t("help-no-consent"))
    return "\n\n".join(parts)


def in_person_text(t: Translator, school: SchoolConfig) -> str:
    """Where and when people can come in person (R1.5): rooms and hours from the timetable."""
    lines = [t("in-person-title")]
    for spec in school.specialists:
        for slot in spec.slots:
            room = slot.room or spec.room
            lines.append(
                t(
                    "in-person-line" if room else "in-person-line-no-room",
                    day=t(f"weekday-{slot.day.value}"),
                    start=slot.start.strftime("%H:%M"),
                    end=slot.end.strftime("%H:%M"),
                    room=room,
                    name=spec.name,
                )
            )
    if school.school.email:
        lines.append(t("in-person-email", email=school.school.email))
    return "\n".join(lines)


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
