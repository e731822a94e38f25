"""Typed errors and the error handler of last resort."""

from __future__ import annotations

import logging
from typing import Any

from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest
from aiogram.filters.callback_data import CallbackDataException
from aiogram.methods import EditMessageCaption, EditMessageReplyMarkup, EditMessageText, TelegramMethod
from aiogram.types import ErrorEvent
from pydantic import ValidationError

from bot.domain.people import language_for
from bot.i18n import I18n, Translator
from bot.views.callbacks import StaleButton
from storage.db import StorageError

log = logging.getLogger(__name__)

# A button that means nothing (any more): answered «Эта кнопка устарела», logged in one line.
STALE = (StaleButton, CallbackDataException, ValidationError)
EDITS = (EditMessageText, EditMessageReplyMarkup, EditMessageCaption)


def not_modified(error: BaseException) -> bool:
    """Telegram's answer to an edit that changes nothing (a second tap on the same button)."""
    return isinstance(error, TelegramBadRequest) and "message is not modified" in str(error)


class IdempotentEdits(BaseRequestMiddleware):
    """An edit that leaves the message as it is has done what it was for. A quick double tap
    (on «✖️ Отменить», on the consent button) makes the second edit identical to the first;
    Telegram refuses it with "message is not modified", and the handler would stop halfway
    without answering the button. Here that answer counts as success (True, as Telegram
    answers edits of inline messages), so the handler goes on."""

    async def __call__(
        self, make_request: NextRequestMiddlewareType[Any], bot: Any, method: TelegramMethod[Any]
    ) -> Any:
        if not isinstance(method, EDITS):
            return await make_request(bot, method)
        try:
            return await make_request(bot, method)
        except TelegramBadRequest as error:
            if not_modified(error):
                return True
            raise


async def on_error(event: ErrorEvent, i18n: I18n, t: Translator | None = None) -> bool:
    """Log it, and tell the person politely that what they entered is kept. A stale or
    forged button gets «Эта кнопка устарела» and a log line without a traceback."""
    update = event.update
    query = update.callback_query
    stale = query is not None and isinstance(event.exception, STALE)
    quiet = stale or not_modified(event.exception)
    if quiet:
        log.info("update %s: %s: %s", update.update_id, type(event.exception).__name__,
                 "stale button" if stale else "message is not modified")
    else:
        log.exception("update %s failed", update.update_id, exc_info=event.exception)
    message = update.message or (query.message if query else None)
    who = update.message.from_user if update.message else (query.from_user if query else None)
    if who is None or (message is None and query is None):
        return True
    t = t or i18n.get(language_for(who.language_code, i18n.default))  # the person's own language when known
    # The database refused (full disk, read-only, locked too long): nothing of this was saved, and they are told so.
    failed = "error-storage" if isinstance(event.exception, StorageError) else "error-generic"
    try:
        if query is not None:
            if stale:
                await query.answer(t("button-outdated"), show_alert=True)
            elif quiet:
                await query.answer()
            else:
                await query.answer(t(failed), show_alert=True)
        elif message is not None and not quiet:
            await message.answer(t(failed))
    except TelegramAPIError:
        log.info("could not tell the user about the error (the button was answered already)")
    return True
