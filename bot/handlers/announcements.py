"""/announce: an administrator's announcement (kind, audience, text or file, preview, confirmation).
/announcements: anyone chooses which kinds they do not want (the obligatory ones excepted).
The sending itself: bot/services/announcements.py."""

from __future__ import annotations

import logging
import uuid

from aiogram import F, Router
from aiogram.filters import Command, StateFilter
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot.domain.announcements import Audience, Kind, grade_of, may_mute, normalise_class, normalise_grade
from bot.filters import When
from bot.i18n import Translator
from bot.middlewares import Staff
from bot.services.announcements import Announcements, Content

log = logging.getLogger(__name__)
router = Router(name="announcements")


class AnnounceForm(StatesGroup):
    kind = State()
    audience = State()
    target = State()
    content = State()
    confirm = State()


class AnnKindCb(CallbackData, prefix="an1"):
    kind: Kind


class AnnAudienceCb(CallbackData, prefix="aa1"):
    audience: Audience


class AnnSendCb(CallbackData, prefix="as1"):
    send: bool


class AnnMuteCb(CallbackData, prefix="am1"):
    kind: Kind
    mute: bool
    settings: bool = False  # pressed in /announcements (its list is shown again), not under an announcement


def _key(kind: Kind) -> str:
    return kind.value.replace("_", "-")


def _rows(buttons: list[tuple[str, str]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text=text, callback_data=data)]
                                                 for text, data in buttons])


def mute_markup(t: Translator, kind: Kind) -> dict[str, object]:
    """The button under an announcement of a kind people may mute (as the outbox stores it)."""
    return {"inline_keyboard": [[{"text": t("announce-mute-button"),
                                  "callback_data": AnnMuteCb(kind=kind, mute=True).pack()}]]}


def _refuse(user_id: int | None, what: str) -> None:
    log.warning("announcement refused: %s by %s, who is not an administrator", what, user_id)


# --- the administrator's side -------------------------------------------------------------------

@router.message(Command("announce"))
async def cmd_announce(message: Message, state: FSMContext, staff: Staff, t: Translator) -> None:
    if not staff.is_admin:
        _refuse(message.from_user.id if message.from_user else None, "/announce")
        await message.answer(t("admin-only"))
        return
    await state.set_state(AnnounceForm.kind)
    await state.set_data({"key": uuid.uuid4().hex})
    await message.answer(t("announce-ask-kind"), reply_markup=_rows(
        [(t(f"announce-kind-{_key(k)}"), AnnKindCb(kind=k).pack()) for k in Kind]))


@router.callback_query(AnnKindCb.filter(), StateFilter(AnnounceForm.kind))
async def on_kind(query: CallbackQuery, callback_data: AnnKindCb, state: FSMContext, staff: Staff,
                  t: Translator) -> None:
    await query.answer()
    if not staff.is_admin:
        _refuse(query.from_user.id, "a kind")
        return
    await state.update_data(kind=callback_data.kind.value)
    await state.set_state(AnnounceForm.audience)
    if isinstance(query.message, Message):
        await query.message.edit_text(t("announce-ask-audience", kind=t(f"announce-kind-{_key(callback_data.kind)}")),
                                      reply_markup=_rows([(t(f"announce-audience-{a.value.replace('_', '-')}"),
                                                           AnnAudienceCb(audience=a).pack()) for a in Audience]))


@router.callback_query(AnnAudienceCb.filter(), StateFilter(AnnounceForm.audience))
async def on_audience(query: CallbackQuery, callback_data: AnnAudienceCb, state: FSMContext, staff: Staff,
                      t: Translator) -> None:
    await query.answer()
    if not staff.is_admin:
        _refuse(query.from_user.id, "an audience")
        return
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


@router.message(StateFilter(AnnounceForm.target), When(F.text))
async def on_target(message: Message, state: FSMContext, staff: Staff, t: Translator,
                    announcements: Announcements) -> None:
    if not staff.is_admin:
        await state.clear()
        return
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


@router.message(StateFilter(AnnounceForm.content), When(~F.text.startswith("/")))  # a command is a command
async def on_content(message: Message, state: FSMContext, staff: Staff, t: Translator,
                     announcements: Announcements) -> None:
    if not staff.is_admin:
        await state.clear()
        return
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
    method, body = announcements.message(message.chat.id, kind, content, t, None)
    if method == "SendPhoto":
        await message.answer_photo(body["photo"], caption=body["caption"])
    elif method == "SendDocument":
        await message.answer_document(body["document"], caption=body["caption"])
    else:
        await message.answer(body["text"])
    if audience.needs_target:
        audience_text = t(f"announce-audience-{audience.value}-of", klass=data["target"])
    else:
        audience_text = t(f"announce-audience-{audience.value.replace('_', '-')}")
    summary = [t("announce-preview-title"), t("announce-preview-audience", text=audience_text),
               t("announce-preview-count", n=len(chats))]
    if muted:
        summary.append(t("announce-preview-muted", n=muted))
    if not chats:
        await state.clear()
        summary.append(t("announce-nobody"))
        await message.answer("\n".join(summary))
        return
    await message.answer("\n".join(summary), reply_markup=InlineKeyboardMarkup(inline_keyboard=[[
        InlineKeyboardButton(text=t("announce-send"), callback_data=AnnSendCb(send=True).pack()),
        InlineKeyboardButton(text=t("announce-cancel"), callback_data=AnnSendCb(send=False).pack()),
    ]]))


@router.callback_query(AnnSendCb.filter())
async def on_send(query: CallbackQuery, callback_data: AnnSendCb, state: FSMContext, staff: Staff,
                  t: Translator, announcements: Announcements) -> None:
    if not staff.is_admin:
        _refuse(query.from_user.id, "sending")
        await query.answer(t("admin-only"), show_alert=True)
        return
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
        target=data.get("target"), content=Content.from_dict(data["content"]), sender_id=query.from_user.id,
        mute_markup=mute_markup)
    if edit:
        await edit(t("announce-queued", n=sent[1]) if sent else t("announce-stale"))


# --- everyone's side: muting a kind -------------------------------------------------------------

def _settings(t: Translator, muted: set[str]) -> tuple[str, InlineKeyboardMarkup]:
    lines = [t("announce-settings-title")]
    buttons = []
    for kind in Kind:
        name = t(f"announce-kind-{_key(kind)}")
        if not may_mute(kind):
            lines.append(t("announce-settings-obligatory", kind=name))
        elif kind.value in muted:
            lines.append(t("announce-settings-muted", kind=name))
            buttons.append((t("announce-settings-unmute", kind=name),
                            AnnMuteCb(kind=kind, mute=False, settings=True).pack()))
        else:
            lines.append(t("announce-settings-on", kind=name))
            buttons.append((t("announce-settings-mute", kind=name),
                            AnnMuteCb(kind=kind, mute=True, settings=True).pack()))
    return "\n".join(lines), _rows(buttons)


@router.message(Command("announcements"))
async def cmd_settings(message: Message, t: Translator, announcements: Announcements) -> None:
    if message.from_user is None:
        return
    text, markup = _settings(t, await announcements.mutes_of(message.from_user.id))
    await message.answer(text, reply_markup=markup)


@router.callback_query(AnnMuteCb.filter())
async def on_mute(query: CallbackQuery, callback_data: AnnMuteCb, t: Translator,
                  announcements: Announcements) -> None:
    kind = callback_data.kind
    name = t(f"announce-kind-{_key(kind)}")
    if not may_mute(kind):
        await query.answer(t("announce-obligatory", kind=name), show_alert=True)
        return
    await announcements.set_muted(query.from_user.id, kind, callback_data.mute)
    message = query.message if isinstance(query.message, Message) else None
    if message is not None and callback_data.settings:
        text, markup = _settings(t, await announcements.mutes_of(query.from_user.id))
        await query.answer()
        await message.edit_text(text, reply_markup=markup)
        return
    await query.answer(t("announce-muted" if callback_data.mute else "announce-unmuted", kind=name), show_alert=True)
