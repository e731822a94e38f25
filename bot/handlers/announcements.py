"""/announce: an administrator's announcement (kind, audience, text or file, preview, confirmation).
/announcements: anyone chooses which kinds they do not want (the obligatory ones excepted).
The sending itself: bot/services/announcements.py; how it looks: bot/views/announcements.py."""

from __future__ import annotations

import logging
import uuid

from aiogram import F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from bot.domain.announcements import Audience, Kind, grade_of, may_mute, normalise_class, normalise_grade
from bot.filters import IsAdministrator, When, guard
from bot.i18n import Translator
from bot.services.announcements import Announcements, Content
from bot.views.announcements import (
    AnnAudienceCb,
    AnnKindCb,
    AnnMuteCb,
    AnnSendCb,
    audience_rows,
    confirm_rows,
    kind_name,
    kind_rows,
    preview_summary,
    settings,
)
from bot.views.render import rows_markup

log = logging.getLogger(__name__)
router = Router(name="announcements")
# /announce and its steps: the administrators only (anyone else is refused politely, and it is logged).
admins = guard(Router(name="announcements-admins"), IsAdministrator(), log=log)
everyone = Router(name="announcements-settings")
router.include_routers(admins, everyone)


class AnnounceForm(StatesGroup):
    kind = State()
    audience = State()
    target = State()
    content = State()
    confirm = State()


# --- the administrator's side -------------------------------------------------------------------

@admins.message(Command("announce"))
async def cmd_announce(message: Message, state: FSMContext, t: Translator) -> None:
    await state.set_state(AnnounceForm.kind)
    await state.set_data({"key": uuid.uuid4().hex})
    await message.answer(t("announce-ask-kind"), reply_markup=rows_markup(kind_rows(t)))


@admins.callback_query(AnnKindCb.filter(), StateFilter(AnnounceForm.kind))
async def on_kind(query: CallbackQuery, callback_data: AnnKindCb, state: FSMContext, t: Translator) -> None:
    await query.answer()
    await state.update_data(kind=callback_data.kind.value)
    await state.set_state(AnnounceForm.audience)
    if isinstance(query.message, Message):
        await query.message.edit_text(t("announce-ask-audience", kind=kind_name(t, callback_data.kind)),
                                      reply_markup=rows_markup(audience_rows(t)))


@admins.callback_query(AnnAudienceCb.filter(), StateFilter(AnnounceForm.audience))
async def on_audience(query: CallbackQuery, callback_data: AnnAudienceCb, state: FSMContext, t: Translator) -> None:
    await query.answer()
    audience = callback_data.audience
    await state.update_data(audience=audience.value, target=None)
    if not isinstance(query.message, Message):
        return
    if audience.needs_target:
        await state.set_state(AnnounceForm.target)
        await query.message.edit_text(t("announce-ask-class" if audience is Audience.CLASS else "announce-ask-grade"))
        return
    await state.set_state(AnnounceForm.content)
    await query.message.edit_text(t("announce-ask-content"))


@admins.message(StateFilter(AnnounceForm.target), When(F.text))
async def on_target(message: Message, state: FSMContext, t: Translator, announcements: Announcements) -> None:
    data = await state.get_data()
    audience = Audience(data["audience"])
    text = message.text or ""
    known = await announcements.classes()
    if audience is Audience.CLASS:
        target = normalise_class(text)
        if target is None or target not in known:
            await message.answer(t("announce-unknown-class", classes=", ".join(sorted(known))) if known
                                 else t("announce-no-classes"))
            return
    else:
        target = normalise_grade(text)
        if target is None or not any(grade_of(c) == target for c in known):
            await message.answer(t("announce-unknown-grade"))
            return
    await state.update_data(target=target)
    await state.set_state(AnnounceForm.content)
    await message.answer(t("announce-ask-content"))


@admins.message(StateFilter(AnnounceForm.content), When(~F.text.startswith("/")))  # a command is a command
async def on_content(message: Message, state: FSMContext, t: Translator, announcements: Announcements) -> None:
    if message.photo:
        content = Content(message.html_text if message.caption else "", message.photo[-1].file_id, "photo")
    elif message.document:
        content = Content(message.html_text if message.caption else "", message.document.file_id, "document")
    elif message.text:
        content = Content(message.html_text)
    else:
        await message.answer(t("announce-content-refused"))
        return
    data = await state.get_data()
    kind, audience = Kind(data["kind"]), Audience(data["audience"])
    chats, muted = await announcements.audience_for(kind, audience, data.get("target"))
    await state.update_data(content=content.as_dict())
    await state.set_state(AnnounceForm.confirm)
    # the preview: the message exactly as its readers will see it (in the sender's language)
    preview = announcements.preview(message.chat.id, t.language, kind, content)
    body = preview.payload
    if preview.method == "SendPhoto":
        await message.answer_photo(body["photo"], caption=body["caption"])
    elif preview.method == "SendDocument":
        await message.answer_document(body["document"], caption=body["caption"])
    else:
        await message.answer(body["text"])
    summary = preview_summary(t, audience, data.get("target"), len(chats), muted)
    if not chats:
        await state.clear()
        summary.append(t("announce-nobody"))
        await message.answer("\n".join(summary))
        return
    await message.answer("\n".join(summary), reply_markup=rows_markup(confirm_rows(t)))


@admins.callback_query(AnnSendCb.filter())
async def on_send(query: CallbackQuery, callback_data: AnnSendCb, state: FSMContext, t: Translator,
                  announcements: Announcements) -> None:
    data = await state.get_data()
    if await state.get_state() != AnnounceForm.confirm.state or "content" not in data:
        await query.answer(t("announce-stale"), show_alert=True)
        return
    await query.answer()
    await state.clear()
    edit = query.message.edit_text if isinstance(query.message, Message) else None
    if not callback_data.send:
        if edit:
            await edit(t("announce-cancelled"))
        return
    sent = await announcements.send(
        submission_key=data["key"], kind=Kind(data["kind"]), audience=Audience(data["audience"]),
        target=data.get("target"), content=Content.from_dict(data["content"]), sender_id=query.from_user.id)
    if edit:
        await edit(t("announce-queued", n=sent[1]) if sent else t("announce-stale"))


# --- everyone's side: muting a kind -------------------------------------------------------------

@everyone.message(Command("announcements"))
async def cmd_settings(message: Message, t: Translator, announcements: Announcements) -> None:
    if message.from_user is None:
        return
    text, rows = settings(t, await announcements.mutes_of(message.from_user.id))
    await message.answer(text, reply_markup=rows_markup(rows))


@everyone.callback_query(AnnMuteCb.filter())
async def on_mute(query: CallbackQuery, callback_data: AnnMuteCb, t: Translator,
                  announcements: Announcements) -> None:
    kind = callback_data.kind
    name = kind_name(t, kind)
    if not may_mute(kind):
        await query.answer(t("announce-obligatory", kind=name), show_alert=True)
        return
    await announcements.set_muted(query.from_user.id, kind, callback_data.mute)
    message = query.message if isinstance(query.message, Message) else None
    if message is not None and callback_data.settings:
        text, rows = settings(t, await announcements.mutes_of(query.from_user.id))
        await query.answer()
        await message.edit_text(text, reply_markup=rows_markup(rows))
        return
    await query.answer(t("announce-muted" if callback_data.mute else "announce-unmuted", kind=name), show_alert=True)
