"""Keyboards for onboarding. Every button text comes from locales/."""

from __future__ import annotations

from functools import lru_cache

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.domain.people import LANGUAGES, Role
from bot.i18n import Translator
from bot.views.callbacks import ConsentAction, ConsentCb, LanguageCb, RoleCb


def language_row(builder: InlineKeyboardBuilder, current: str, t: Translator) -> None:
    for language in LANGUAGES:
        if language != current:
            builder.button(text=t(f"lang-switch-to-{language}"), callback_data=LanguageCb(language=language))


@lru_cache(maxsize=8)
def consent_keyboard(t: Translator) -> InlineKeyboardMarkup:
    """Static per language: built once (aiogram's keyboard builder is not cheap)."""
    builder = InlineKeyboardBuilder()
    builder.button(text=t("consent-button-accept"), callback_data=ConsentCb(action=ConsentAction.ACCEPT))
    builder.button(text=t("consent-button-decline"), callback_data=ConsentCb(action=ConsentAction.DECLINE))
    language_row(builder, t.language, t)
    builder.adjust(1)
    return builder.as_markup()


@lru_cache(maxsize=8)
def role_keyboard(t: Translator) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for role in Role:
        builder.button(text=t(f"role-{role.value.replace('_', '-')}"), callback_data=RoleCb(role=role))
    builder.adjust(2, 1, 2)
    return builder.as_markup()


@lru_cache(maxsize=8)
def language_keyboard(t: Translator) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    language_row(builder, t.language, t)
    return builder.as_markup()
