"""The request form (R1): topic, kind, area, name, class, login, problem, attachments, confirm.

Each step stores its answer in the FSM data (kept in SQLite) and `advance()` asks
for the first thing still missing, so a restart, a /cancel-free detour or a
changed answer never loses what was already given.
"""

from __future__ import annotations

import uuid
from typing import Any

from aiogram import F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.dialogs.request_form import (
    MAX_ATTACHMENTS,
    RequestForm,
    advance,
    attachments,
    files_done_keyboard,
    stored_file,
)
from bot.domain.people import Role
from bot.domain.requests import RequestKind, Topic
from bot.domain.school import SchoolConfig
from bot.domain.validation import Invalid, check_full_name, check_login, check_problem, normalize_class
from bot.filters import When
from bot.i18n import Translator
from bot.services.helpdesk import Attachment, HelpDesk
from bot.views.callbacks import FormCb, FormStep
from storage.requests import NewRequest
from storage.users import User

router = Router(name="request_form")
buttons = Router(name="request_form_buttons")  # its inline buttons: tried early (bot/handlers/__init__.py)

def _access_area(school: SchoolConfig) -> str:
    ids = [a.id for a in school.areas]
    if "registration" in ids:
        return "registration"
    catch_all = [a.id for a in school.areas if a.catch_all]
    return catch_all[0] if catch_all else ids[0]


@router.message(Command("new"))
async def cmd_new(message: Message, state: FSMContext, user: User | None, t: Translator, school: SchoolConfig) -> None:
    if user is None or user.role is None:
        await message.answer(t("form-need-start"))
        return
    await state.clear()
    await state.update_data(sk=uuid.uuid4().hex)
    await advance(message, state, user, t, school)


@buttons.callback_query(FormCb.filter(F.step == "cancel"))
async def form_cancel(query: CallbackQuery, state: FSMContext, t: Translator) -> None:
    await state.clear()
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)
        await query.message.answer(t("form-cancelled"))


# Which state of the form each step's buttons belong to (a button of another step is outdated).
STEP_STATE = {
    FormStep.TOPIC: RequestForm.topic, FormStep.KIND: RequestForm.kind, FormStep.AREA: RequestForm.area,
    FormStep.NAME: RequestForm.name, FormStep.KLASS: RequestForm.klass, FormStep.FILES: RequestForm.attachments,
    FormStep.CONFIRM: RequestForm.confirm,
}


@buttons.callback_query(FormCb.filter(), StateFilter(RequestForm))
async def form_choice(
    query: CallbackQuery,
    callback_data: FormCb,
    state: FSMContext,
    user: User | None,
    t: Translator,
    school: SchoolConfig,
    helpdesk: HelpDesk,
) -> None:
    if user is None or not isinstance(query.message, Message):
        await query.answer(t("button-outdated"), show_alert=True)
        return
    step, value = callback_data.step, callback_data.value
    current = await state.get_state()
    expected = STEP_STATE.get(step)
    if expected is None or current != expected.state or not _value_fits(step, value, school):
        await query.answer(t("button-outdated"), show_alert=True)
        return
    if step is FormStep.CONFIRM:
        # File first: the specialist's card should not wait for the spinner or a cosmetic edit.
        await submit(query.message, state, user, t, helpdesk)
        await query.answer()
        await query.message.edit_reply_markup(reply_markup=None)
        return
    await query.answer()
    await query.message.edit_reply_markup(reply_markup=None)
    if step is FormStep.TOPIC:
        topic = Topic(value)
        update: dict[str, Any] = {"topic": topic.value}
        if topic is not Topic.GENERAL:
            update.update(kind=RequestKind.QUESTION.value, area=_access_area(school))
        await state.update_data(**update)
    elif step is FormStep.KIND:
        await state.update_data(kind=RequestKind(value).value)
    elif step is FormStep.AREA:
        await state.update_data(area=value)
    elif step is FormStep.NAME:
        if value == "keep" and user.full_name:
            await state.update_data(name=user.full_name)
        else:
            await state.update_data(retype_name=True)
    elif step is FormStep.KLASS:
        if value == "keep" and user.class_name:
            await state.update_data(klass=user.class_name)
        else:
            await state.update_data(retype_class=True)
    elif step is FormStep.FILES:
        await state.update_data(attachments_done=True)
    await advance(query.message, state, user, t, school)


def _value_fits(step: FormStep, value: str, school: SchoolConfig) -> bool:
    """A button's value is one this step offers (callback data can be forged)."""
    if step is FormStep.TOPIC:
        return value in {tp.value for tp in Topic}
    if step is FormStep.KIND:
        return value in {k.value for k in RequestKind}
    if step is FormStep.AREA:
        return any(a.id == value for a in school.areas)
    if step in (FormStep.NAME, FormStep.KLASS):
        return value in ("keep", "change")
    if step is FormStep.FILES:
        return value == "done"
    return value == "send"


async def submit(message: Message, state: FSMContext, user: User, t: Translator, helpdesk: HelpDesk) -> None:
    data = await state.get_data()
    new = NewRequest(
        submission_key=data["sk"],
        requester_id=user.telegram_id,
        requester_name=data["name"],
        requester_role=(user.role or Role.PARENT).value,
        requester_class=data.get("klass"),
        login=data.get("login"),
        language=user.language,
        kind=RequestKind(data["kind"]),
        topic=Topic(data["topic"]),
        area=data["area"],
        text=data["text"],
    )
    filed = await helpdesk.file(new, attachments(data), chat_id=message.chat.id)
    await state.clear()
    r = filed.request
    if not filed.created:
        await message.answer(t("form-already-sent", number=r.number))
        return
    await helpdesk.send_receipt(filed)  # held since the filing: it goes out even if this process dies now


async def _store_or_reask(
    message: Message, state: FSMContext, user: User, t: Translator, school: SchoolConfig, field: str,
    result: str | Invalid,
) -> None:
    """A typed answer: kept and on to the next step, or a polite reason and the same step again."""
    if isinstance(result, Invalid):
        await message.answer(t(result.key, **result.args))
        return
    await state.update_data({field: result})
    await advance(message, state, user, t, school)


@router.message(StateFilter(RequestForm.name), When(F.text))
async def got_name(message: Message, state: FSMContext, user: User, t: Translator, school: SchoolConfig) -> None:
    await _store_or_reask(message, state, user, t, school, "name", check_full_name(message.text or ""))


@router.message(StateFilter(RequestForm.klass), When(F.text))
async def got_class(message: Message, state: FSMContext, user: User, t: Translator, school: SchoolConfig) -> None:
    klass = normalize_class(message.text or "")
    await _store_or_reask(message, state, user, t, school, "klass", klass or Invalid("form-error-class", {}))


@router.message(StateFilter(RequestForm.login), When(F.text))
async def got_login(message: Message, state: FSMContext, user: User, t: Translator, school: SchoolConfig) -> None:
    await _store_or_reask(message, state, user, t, school, "login", check_login(message.text or ""))


def _file_of(message: Message, *, caption: bool = True) -> Attachment | None:
    text = message.caption if caption else None
    if message.photo:
        return Attachment("photo", message.photo[-1].file_id, message.message_id, text)
    if message.document:
        return Attachment("document", message.document.file_id, message.message_id, text)
    return None


@router.message(StateFilter(RequestForm.problem), When(F.text | F.caption))
async def got_problem(message: Message, state: FSMContext, user: User, t: Translator, school: SchoolConfig) -> None:
    result = check_problem(message.text or message.caption or "")
    if isinstance(result, Invalid):
        await message.answer(t(result.key, **result.args))
        return
    update: dict[str, Any] = {"text": result}
    attached = _file_of(message, caption=False)  # the caption is the problem's text
    if attached is not None:
        update["files"] = [stored_file(attached)]
    await state.update_data(**update)
    await advance(message, state, user, t, school)


@router.message(StateFilter(RequestForm.attachments), When(F.photo | F.document))
async def got_attachment(message: Message, state: FSMContext, t: Translator) -> None:
    data = await state.get_data()
    files = attachments(data)
    if len(files) >= MAX_ATTACHMENTS:
        await message.answer(t("form-error-too-many-files", max=MAX_ATTACHMENTS))
        return
    attached = _file_of(message)
    if attached is not None and all(f.message_id != attached.message_id for f in files):
        files.append(attached)
    await state.update_data(files=[stored_file(f) for f in files])
    await message.answer(
        t("form-attachment-added", count=len(files), max=MAX_ATTACHMENTS),
        reply_markup=files_done_keyboard(t),
    )


@router.message(StateFilter(RequestForm.attachments), When(F.text))
async def text_instead_of_attachment(message: Message, t: Translator) -> None:
    await message.answer(t("form-attachments-hint"))


@router.message(StateFilter(RequestForm))
async def wrong_content(message: Message, state: FSMContext, t: Translator) -> None:
    """Stickers, voice, locations, or buttons expected: explain what this step takes."""
    current = await state.get_state()
    if current in (RequestForm.topic.state, RequestForm.kind.state, RequestForm.area.state, RequestForm.confirm.state):
        await message.answer(t("form-error-use-buttons"))
    else:
        await message.answer(t("form-error-content"))
