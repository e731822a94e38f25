"""First contact: greeting, consent to personal-data processing, role (R6.4, R1)."""

from __future__ import annotations

import uuid

from aiogram import F, Router
from aiogram.filters import Command, CommandStart, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.dialogs.links import PENDING_CODE, redeem
from bot.dialogs.onboarding import DRAFT, Onboarding, ask_consent, ask_role, consent_text
from bot.dialogs.request_form import advance
from bot.domain.people import LANGUAGES
from bot.domain.school import SchoolConfig
from bot.domain.validation import PROBLEM_MAX, check_problem
from bot.filters import When
from bot.i18n import I18n, Translator
from bot.middlewares import Staff
from bot.services.accounts import Accounts
from bot.services.families import Families
from bot.views.callbacks import ConsentAction, ConsentCb, DraftAction, DraftCb, LanguageCb, RoleCb
from bot.views.keyboards import consent_keyboard
from bot.views.texts import help_text, in_person_text
from storage.users import User

router = Router(name="onboarding")


# --- text written before consent ---------------------------------------------------------------
# A new person often types the question first. It is kept in the dialog state only (no
# profile exists before consent, docs/decisions.md "Personal data") and offered back once
# consent and role are given; declining consent or /forget drops it.

async def without_consent(_: Message, user: User | None = None) -> bool:
    return user is None


def add_to_draft(draft: str | None, text: str) -> str:
    joined = f"{draft}\n{text}" if draft else text
    return joined[:PROBLEM_MAX]


@router.message(StateFilter(None, Onboarding.consent), without_consent, When(F.text & ~F.text.startswith("/")))
async def text_before_consent(message: Message, state: FSMContext, t: Translator, school: SchoolConfig) -> None:
    data = await state.get_data()
    draft = add_to_draft(data.get(DRAFT), message.text or "")
    if await state.get_state() is None:  # wrote without /start: greeted and asked for consent
        await state.update_data({DRAFT: draft}, lang=t.language)
        await state.set_state(Onboarding.consent)
        await message.answer(consent_text(t, school) + "\n\n" + t("draft-kept"), reply_markup=consent_keyboard(t))
        return
    await state.update_data({DRAFT: draft})
    await message.answer(t("draft-kept"), reply_markup=consent_keyboard(t))


async def offer_draft(message: Message, state: FSMContext, draft: str, t: Translator) -> None:
    await state.set_data({DRAFT: draft})
    builder = InlineKeyboardBuilder()
    builder.button(text=t("draft-button-use"), callback_data=DraftCb(action=DraftAction.USE))
    builder.button(text=t("draft-button-drop"), callback_data=DraftCb(action=DraftAction.DROP))
    builder.adjust(1)
    await message.answer(t("draft-offer", text=draft), reply_markup=builder.as_markup())


@router.callback_query(DraftCb.filter())
async def draft_chosen(
    query: CallbackQuery, callback_data: DraftCb, state: FSMContext, user: User | None, t: Translator,
    school: SchoolConfig,
) -> None:
    draft = (await state.get_data()).get(DRAFT)
    if user is None or user.role is None or not draft or not isinstance(query.message, Message):
        await query.answer(t("button-outdated"), show_alert=True)
        return
    await state.clear()
    await query.answer()
    await query.message.edit_reply_markup(reply_markup=None)
    if callback_data.action is DraftAction.DROP:
        await query.message.answer(t("draft-dropped"))
        return
    problem = check_problem(draft)
    await state.update_data({"text": problem} if isinstance(problem, str) else {}, sk=uuid.uuid4().hex)
    await advance(query.message, state, user, t, school)


@router.message(CommandStart(magic=F.args.is_(None)))  # `/start CODE` is the parents router's
async def cmd_start(
    message: Message, state: FSMContext, user: User | None, t: Translator, staff: Staff, school: SchoolConfig
) -> None:
    if user is None:
        await ask_consent(message, state, t, school)
        return
    await state.clear()
    if user.role is None:
        await ask_role(message, state, t)
    else:
        await message.answer(t("start-welcome-back") + "\n\n" + help_text(t, user, staff))


@router.callback_query(ConsentCb.filter(F.action == ConsentAction.ACCEPT))
async def consent_given(
    query: CallbackQuery, state: FSMContext, accounts: Accounts, lang: str, t: Translator
) -> None:
    user = await accounts.consent(query.from_user.id, lang)
    await query.answer(t("consent-thanks"))
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)
        if user.role is None:
            await ask_role(query.message, state, t)


@router.callback_query(ConsentCb.filter(F.action == ConsentAction.DECLINE))
async def consent_declined(
    query: CallbackQuery, state: FSMContext, t: Translator, school: SchoolConfig
) -> None:
    await state.clear()
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)
        await query.message.answer(t("consent-declined") + "\n\n" + in_person_text(t, school))


@router.callback_query(LanguageCb.filter(F.language.in_(LANGUAGES)))
async def language_chosen(
    query: CallbackQuery,
    callback_data: LanguageCb,
    state: FSMContext,
    user: User | None,
    accounts: Accounts,
    i18n: I18n,
    school: SchoolConfig,
) -> None:
    t = i18n.get(callback_data.language)
    if user is not None:
        await accounts.set_language(user.telegram_id, t.language)
    else:
        await state.update_data(lang=t.language)
    await query.answer(t("lang-changed"))
    if not isinstance(query.message, Message):
        return
    current = await state.get_state()
    if user is None and current == Onboarding.consent.state:
        await query.message.edit_text(consent_text(t, school), reply_markup=consent_keyboard(t))
    else:
        await query.message.edit_reply_markup(reply_markup=None)
        await query.message.answer(t("lang-changed"))


@router.callback_query(RoleCb.filter(), StateFilter(Onboarding.role))
async def role_chosen(
    query: CallbackQuery,
    callback_data: RoleCb,
    state: FSMContext,
    user: User | None,
    accounts: Accounts,
    t: Translator,
    staff: Staff,
    families: Families,
) -> None:
    if user is None:
        await query.answer(t("consent-required"), show_alert=True)
        return
    updated = await accounts.set_role(user.telegram_id, callback_data.role)
    data = await state.get_data()
    pending_code, draft = data.get(PENDING_CODE), data.get(DRAFT)
    await state.clear()
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_text(
            t("role-chosen", role=t(f"role-{callback_data.role.value.replace('_', '-')}"))
        )
        await query.message.answer(help_text(t, updated, staff))
        if pending_code:  # the invitation the person arrived with (/start CODE)
            await redeem(query.message, query.from_user.id, pending_code, families, t)
        if draft:  # what they wrote before consenting
            await offer_draft(query.message, state, draft, t)


@router.callback_query(RoleCb.filter())
async def role_outdated(query: CallbackQuery, t: Translator) -> None:
    await query.answer(t("button-outdated"), show_alert=True)


@router.message(Command("role"))
async def cmd_role(message: Message, state: FSMContext, user: User | None, t: Translator, school: SchoolConfig) -> None:
    if user is None:
        await ask_consent(message, state, t, school)
        return
    await ask_role(message, state, t)
