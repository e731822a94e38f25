"""The register of parents who declined the web diary (R5.1): /optout records, /optouts lists."""

from __future__ import annotations

import logging
from datetime import date

from aiogram import F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.clock import Clock
from bot.domain.permissions import ClassScope
from bot.domain.school import SchoolConfig
from bot.domain.validation import Invalid, check_full_name
from bot.filters import ACTS_FOR_CLASSES, When, guard
from bot.i18n import Translator
from bot.middlewares import Staff
from bot.services.families import Families
from bot.views.callbacks import OptOutCb

log = logging.getLogger(__name__)
# Every command, step and button here: for those who act for a class (bot/filters.py).
router = guard(Router(name="diary_optouts"), ACTS_FOR_CLASSES, refusal="invite-only-teachers", log=log)


class OptOutForm(StatesGroup):
    student = State()
    klass = State()
    parent = State()
    applied = State()
    channel = State()


def parse_day(text: str) -> date | None:
    parts = text.strip().replace("/", ".").split(".")
    try:
        day, month, year = (int(p) for p in parts)
        return date(year, month, day)
    except (TypeError, ValueError):
        return None


@router.message(Command("optout"))
async def cmd_optout(message: Message, state: FSMContext, t: Translator) -> None:
    await state.clear()
    await state.set_state(OptOutForm.student)
    await message.answer(t("optout-ask-student"))


@router.message(StateFilter(OptOutForm.student), When(F.text))
async def optout_student(message: Message, state: FSMContext, staff: Staff, school: SchoolConfig, t: Translator) -> None:
    name = check_full_name(message.text or "")
    if isinstance(name, Invalid):
        await message.answer(t(name.key, **name.args))
        return
    await state.update_data(optout_student=name)
    own = ClassScope.of(school, message.chat.id, is_admin=staff.is_admin).single_own_class()
    if own:
        await state.update_data(optout_class=own)
        await state.set_state(OptOutForm.parent)
        await message.answer(t("optout-ask-parent"))
        return
    await state.set_state(OptOutForm.klass)
    await message.answer(t("form-ask-class"))


@router.message(StateFilter(OptOutForm.klass), When(F.text))
async def optout_class(message: Message, state: FSMContext, staff: Staff, school: SchoolConfig, t: Translator) -> None:
    klass = ClassScope.of(school, message.chat.id, is_admin=staff.is_admin).checked_class(message.text or "")
    if isinstance(klass, Invalid):
        await message.answer(t(klass.key, **klass.args))
        return
    await state.update_data(optout_class=klass)
    await state.set_state(OptOutForm.parent)
    await message.answer(t("optout-ask-parent"))


@router.message(StateFilter(OptOutForm.parent), When(F.text))
async def optout_parent(message: Message, state: FSMContext, t: Translator) -> None:
    name = check_full_name(message.text or "")
    if isinstance(name, Invalid):
        await message.answer(t(name.key, **name.args))
        return
    await state.update_data(optout_parent=name)
    await state.set_state(OptOutForm.applied)
    await message.answer(t("optout-ask-date"))


@router.message(StateFilter(OptOutForm.applied), When(F.text))
async def optout_date(message: Message, state: FSMContext, t: Translator, clock: Clock, school: SchoolConfig) -> None:
    day = parse_day(message.text or "")
    if day is None or day > clock.now().astimezone(school.tz).date():
        await message.answer(t("optout-error-date"))
        return
    await state.update_data(optout_date=day.isoformat())
    await state.set_state(OptOutForm.channel)
    builder = InlineKeyboardBuilder()
    builder.button(text=t("optout-channel-telegram"), callback_data=OptOutCb(channel="telegram"))
    builder.button(text=t("optout-channel-paper"), callback_data=OptOutCb(channel="paper"))
    await message.answer(t("optout-ask-channel"), reply_markup=builder.as_markup())


@router.callback_query(OptOutCb.filter(F.channel.in_({"telegram", "paper"})), StateFilter(OptOutForm.channel))
async def optout_channel(query: CallbackQuery, callback_data: OptOutCb, state: FSMContext, t: Translator,
                         families: Families) -> None:
    data = await state.get_data()
    await state.clear()
    day = date.fromisoformat(data["optout_date"])
    student, created = await families.record_optout(data["optout_student"], data["optout_class"],
                                                    data["optout_parent"], day, callback_data.channel.value,
                                                    query.from_user.id)
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)
        key = "optout-saved" if created else "optout-duplicate"
        await query.message.answer(t(key, student=student.full_name, klass=student.class_name,
                                     parent=data["optout_parent"], date=day.strftime("%d.%m.%Y"),
                                     channel=t(f"optout-form-{callback_data.channel.value}")))


@router.message(Command("optouts"))
async def cmd_optouts(message: Message, staff: Staff, school: SchoolConfig, t: Translator,
                      families: Families) -> None:
    classes = ClassScope.of(school, message.chat.id, is_admin=staff.is_admin).allowed_classes()
    entries = await families.optouts_of(classes)
    if not entries:
        await message.answer(t("optouts-none"))
        return
    lines = [t("optouts-title", count=len(entries))]
    for e in entries:
        lines.append(t("optouts-line", student=e.student.full_name, klass=e.student.class_name, parent=e.parent_name,
                       date=e.application_date.strftime("%d.%m.%Y"), channel=t(f"optout-form-{e.channel}")))
    await message.answer("\n".join(lines))
