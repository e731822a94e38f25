"""Typed errors and the error handler of last resort."""

from __future__ import annotations

import logging
import sqlite3

from aiogram.exceptions import TelegramAPIError
from aiogram.types import ErrorEvent

from bot.domain.people import language_for
from bot.i18n import I18n

log = logging.getLogger(__name__)

async def on_error(event: ErrorEvent, i18n: I18n) -> bool:
    """Log it, and tell the person politely that what they entered is kept."""
    log.exception("update %s failed", event.update.update_id, exc_info=event.exception)
    update = event.update
    message = update.message or (update.callback_query.message if update.callback_query else None)
    who = update.message.from_user if update.message else (update.callback_query.from_user if update.callback_query else None)
    if message is None or who is None:
        return True
    t = i18n.get(language_for(who.language_code, i18n.default))
    # The database refused (full disk, read-only, locked too long): nothing of this was saved, and they are told so.
    failed = "error-storage" if isinstance(event.exception, sqlite3.Error) else "error-generic"
    try:
        if update.callback_query:
            await update.callback_query.answer(t(failed), show_alert=True)
        else:
            await message.answer(t(failed))
    except TelegramAPIError:
        log.warning("could not tell the user about the error")
    return True
