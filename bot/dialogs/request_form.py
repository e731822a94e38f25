"""The request form's steps: `advance()` asks for the first answer still missing, or shows the
whole request for confirmation. The handlers (bot/handlers/request_form.py) store each answer;
onboarding starts the form with a problem written before consent."""

from __future__ import annotations

from typing import Any

from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.domain.people import Role
from bot.domain.requests import RequestKind, Topic
from bot.domain.school import SchoolConfig
from bot.i18n import Translator
from bot.services.helpdesk import Attachment
from bot.views.callbacks import FormCb, FormStep
from bot.views.render import role_title
from storage.users import User

MAX_ATTACHMENTS = 10


class RequestForm(StatesGroup):
    topic = State()
    kind = State()
    area = State()
    name = State()
    klass = State()
    login = State()
    problem = State()
    attachments = State()
    confirm = State()


def form_keyboard(t: Translator, step: FormStep, options: list[tuple[str, str]], columns: int = 1) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for value, text in options:
        builder.button(text=text, callback_data=FormCb(step=step, value=value))
    builder.button(text=t("form-button-cancel"), callback_data=FormCb(step=FormStep.CANCEL, value="-"))
    builder.adjust(*([columns] * len(options)), 1)
    return builder.as_markup()


def files_done_keyboard(t: Translator) -> InlineKeyboardMarkup:
    return form_keyboard(t, FormStep.FILES, [("done", t("form-button-files-done"))])


def cancel_only(t: Translator) -> InlineKeyboardMarkup:
    return form_keyboard(t, FormStep.CANCEL, [])


# An attachment as the dialog state keeps it (JSON, in SQLite): [content type, file id, message id,
# caption]. Forms saved before a restart are read back the same way; only these two read or write it.
def stored_file(file: Attachment) -> list[Any]:
    return [file.content_type, file.file_id, file.message_id, file.caption]


def attachments(data: dict[str, Any]) -> list[Attachment]:
    """The form's attachments so far, from the dialog state."""
    return [Attachment(content_type=f[0], file_id=f[1], message_id=f[2], caption=f[3]) for f in data.get("files", [])]


def needs_class(user: User) -> bool:
    return user.role is not None and not Role(user.role).is_staff


async def advance(message: Message, state: FSMContext, user: User, t: Translator, school: SchoolConfig) -> None:
    """Ask for the first missing answer, or show the whole request for confirmation."""
    data = await state.get_data()
    topic = Topic(data["topic"]) if data.get("topic") else None
    if topic is None:
        await state.set_state(RequestForm.topic)
        options = [(tp.value, t(f"topic-{tp.value.replace('_', '-')}")) for tp in Topic]
        await message.answer(t("form-ask-topic"), reply_markup=form_keyboard(t, FormStep.TOPIC, options))
        return
    if "kind" not in data:
        await state.set_state(RequestForm.kind)
        options = [(k.value, t(f"kind-{k.value}")) for k in RequestKind]
        await message.answer(t("form-ask-kind"), reply_markup=form_keyboard(t, FormStep.KIND, options, columns=3))
        return
    if "area" not in data:
        await state.set_state(RequestForm.area)
        options = [(a.id, a.title(t.language)) for a in school.areas]
        await message.answer(t("form-ask-area"), reply_markup=form_keyboard(t, FormStep.AREA, options))
        return
    if "name" not in data:
        await state.set_state(RequestForm.name)
        if user.full_name and not data.get("retype_name"):
            options = [("keep", t("form-button-keep")), ("change", t("form-button-change"))]
            await message.answer(t("form-confirm-name", name=user.full_name), reply_markup=form_keyboard(t, FormStep.NAME, options, 2))
        else:
            await message.answer(t("form-ask-name"), reply_markup=cancel_only(t))
        return
    if needs_class(user) and "klass" not in data:
        await state.set_state(RequestForm.klass)
        if user.class_name and not data.get("retype_class"):
            options = [("keep", t("form-button-keep")), ("change", t("form-button-change"))]
            await message.answer(t("form-confirm-class", klass=user.class_name), reply_markup=form_keyboard(t, FormStep.KLASS, options, 2))
        else:
            await message.answer(t("form-ask-class"), reply_markup=cancel_only(t))
        return
    if topic.needs_login and "login" not in data:
        await state.set_state(RequestForm.login)
        await message.answer(t("form-ask-login"), reply_markup=cancel_only(t))
        return
    if "text" not in data:
        await state.set_state(RequestForm.problem)
        await message.answer(t("form-ask-problem"), reply_markup=cancel_only(t))
        return
    if not data.get("attachments_done"):
        await state.set_state(RequestForm.attachments)
        files = data.get("files", [])
        await message.answer(
            t("form-ask-attachments", count=len(files), max=MAX_ATTACHMENTS),
            reply_markup=files_done_keyboard(t),
        )
        return
    await state.set_state(RequestForm.confirm)
    await message.answer(
        summary_text(data, user, t, school),
        reply_markup=form_keyboard(t, FormStep.CONFIRM, [("send", t("form-button-send"))]),
    )


def summary_text(data: dict[str, Any], user: User, t: Translator, school: SchoolConfig) -> str:
    area = school.area(data["area"])
    lines = [
        t("form-summary-title"),
        t("form-summary-topic", topic=t(f"topic-{data['topic'].replace('_', '-')}")),
        t("form-summary-kind", kind=t(f"kind-{data['kind']}")),
        t("form-summary-area", area=area.title(t.language)),
        t("form-summary-name", name=data["name"]),
        t("form-summary-role", role=role_title(t, user.role or "parent")),
    ]
    if data.get("klass"):
        lines.append(t("form-summary-class", klass=data["klass"]))
    if data.get("login"):
        lines.append(t("form-summary-login", login=data["login"]))
    lines.append(t("form-summary-files", count=len(data.get("files", []))))
    lines.append("")
    lines.append(t("form-summary-text", text=data["text"]))
    return "\n".join(lines)
