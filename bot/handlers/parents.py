"""Links between parents and their children (R6.5): /invite, the deep link, /link, /children."""

from __future__ import annotations

import logging

from aiogram import Bot, F, Router
from aiogram.filters import Command, CommandObject, CommandStart, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import Message

from bot.dialogs.links import PENDING_CODE, redeem
from bot.dialogs.onboarding import ask_consent, ask_role
from bot.domain.permissions import ClassScope
from bot.domain.school import SchoolConfig
from bot.domain.validation import Invalid, check_full_name
from bot.filters import ACTS_FOR_CLASSES, When, guard
from bot.i18n import Translator
from bot.middlewares import Staff
from bot.services.families import Families
from storage.users import User

log = logging.getLogger(__name__)
router = Router(name="parents")
# /invite and its steps: for those who act for a class (bot/filters.py).
teachers = guard(Router(name="parents_teachers"), ACTS_FOR_CLASSES, refusal="invite-only-teachers", log=log)

class Invite(StatesGroup):
    name = State()
    klass = State()


@router.message(CommandStart(deep_link=True))
async def start_with_code(
    message: Message, command: CommandObject, state: FSMContext, user: User | None, families: Families,
    t: Translator, school: SchoolConfig,
) -> None:
    """`/start CODE`: linked at once, or kept until the person has given consent."""
    code = (command.args or "").strip()
    if user is not None and user.role is not None:
        await redeem(message, user.telegram_id, code, families, t)
        return
    if user is None:
        await ask_consent(message, state, t, school)
    else:
        await ask_role(message, state, t)
    await state.update_data({PENDING_CODE: code})


@router.message(Command("link"))
async def cmd_link(
    message: Message, command: CommandObject, user: User | None, families: Families, t: Translator
) -> None:
    if user is None:
        await message.answer(t("form-need-start"))
        return
    if not command.args:
        await message.answer(t("link-usage"))
        return
    await redeem(message, user.telegram_id, command.args, families, t)


@router.message(Command("children"))
async def cmd_children(message: Message, user: User | None, families: Families, t: Translator) -> None:
    children = await families.children(message.chat.id) if user else []
    if not children:
        await message.answer(t("children-none"))
        return
    lines = [t("children-title")] + [t("children-line", name=c.full_name, klass=c.class_name) for c in children]
    await message.answer("\n".join(lines))


@teachers.message(Command("invite"))
async def cmd_invite(message: Message, state: FSMContext, t: Translator) -> None:
    await state.clear()
    await state.set_state(Invite.name)
    await message.answer(t("invite-ask-name"))


@teachers.message(StateFilter(Invite.name), When(F.text))
async def invite_name(message: Message, state: FSMContext, school: SchoolConfig, t: Translator, staff: Staff,
                      bot: Bot, families: Families) -> None:
    name = check_full_name(message.text or "")
    if isinstance(name, Invalid):
        await message.answer(t(name.key, **name.args))
        return
    await state.update_data(invite_name=name)
    own = ClassScope.of(school, message.chat.id, is_admin=staff.is_admin).single_own_class()
    if own:
        await issue(message, state, name, own, school, t, bot, families)
        return
    await state.set_state(Invite.klass)
    await message.answer(t("form-ask-class"))


@teachers.message(StateFilter(Invite.klass), When(F.text))
async def invite_class(message: Message, state: FSMContext, school: SchoolConfig, t: Translator, staff: Staff,
                       bot: Bot, families: Families) -> None:
    klass = ClassScope.of(school, message.chat.id, is_admin=staff.is_admin).checked_class(message.text or "")
    if isinstance(klass, Invalid):
        await message.answer(t(klass.key, **klass.args))
        return
    name = (await state.get_data())["invite_name"]
    await issue(message, state, name, klass, school, t, bot, families)


async def issue(message: Message, state: FSMContext, name: str, klass: str, school: SchoolConfig, t: Translator,
                bot: Bot, families: Families) -> None:
    days = school.parents.invitation_days
    code = await families.invite(name, klass, "parent", message.chat.id, days)
    me = await bot.me()
    await state.clear()
    await message.answer(t("invite-issued", name=name, klass=klass, code=code, days=days,
                           link=f"https://t.me/{me.username}?start={code}"))
