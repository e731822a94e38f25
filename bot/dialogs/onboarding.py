"""First contact's steps: the greeting with the consent, and the question of the role."""

from __future__ import annotations

from functools import lru_cache

from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import Message

from bot.domain.school import SchoolConfig
from bot.fsm import SQLiteStorage
from bot.i18n import Translator
from bot.telegram import prepared_call
from bot.views.keyboards import consent_keyboard, role_keyboard

# Text a person wrote before consenting, kept in the dialog state under this key.
DRAFT = "draft"


class Onboarding(StatesGroup):
    consent = State()
    role = State()


def consent_text(t: Translator, school: SchoolConfig) -> str:
    """The greeting and the consent (152-ФЗ): the operator and its address from the school
    file, what is processed and why, where, how long, how to withdraw (docs/legal.md)."""
    info = school.school
    operator = (t("consent-operator-address", operator=info.operator_name, address=info.address) if info.address
                else t("consent-operator", operator=info.operator_name))
    parts = [t("consent-title"), operator, t("consent-text", years=info.retention_years)]
    if info.privacy_document:
        parts.append(t("consent-document", document=info.privacy_document))
    return t("start-greeting", school=info.name) + "\n\n" + "\n".join(parts)


async def ask_consent(message: Message, state: FSMContext, t: Translator, school: SchoolConfig) -> None:
    """Anything half-done is dropped; only the language and a text written before consent
    are kept (no writes if nothing changed)."""
    draft = (await state.get_data()).get(DRAFT)
    data = {"lang": t.language, DRAFT: draft} if draft else {"lang": t.language}
    if isinstance(state.storage, SQLiteStorage):  # one write instead of two, for a first contact
        await state.storage.set_state_and_data(state.key, Onboarding.consent, data)
    else:
        await state.set_data(data)
        await state.set_state(Onboarding.consent)
    # Sent as ready JSON, the answer read as plain JSON: nothing here needs it as a Message, and
    # building and parsing the models was most of what a first contact cost beyond the
    # minimal echo bot (bench/first_contact.py).
    assert message.bot is not None
    await message.bot(prepared_call("SendMessage", {
        "chat_id": message.chat.id, "text": consent_text(t, school), "reply_markup": consent_markup_json(t),
    }))


@lru_cache(maxsize=8)
def consent_markup_json(t: Translator) -> dict:
    return consent_keyboard(t).model_dump(mode="json", exclude_none=True)


async def ask_role(message: Message, state: FSMContext, t: Translator) -> None:
    await state.set_state(Onboarding.role)
    await message.answer(t("role-question"), reply_markup=role_keyboard(t))
