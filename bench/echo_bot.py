"""The baseline: the smallest aiogram 3 bot that answers every message. Same session and polling as ours.

With ECHO_SAME_REPLY=1 it answers with exactly what our bot answers to /start (the
greeting with the consent text and its keyboard), so the benchmark can also tell the
cost of the bot's machinery apart from the cost of what it says. With ECHO_PACED=1 it sends
through our session (bot/telegram.py: every chat paced at Telegram's per-chat limit, as ours
is), so a benchmark can compare with a bot held to the same rule.
"""

from __future__ import annotations

import asyncio
import os

from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import InlineKeyboardMarkup, Message


def same_reply_as_our_start() -> tuple[str, InlineKeyboardMarkup]:
    from bot.dialogs.onboarding import consent_text
    from bot.domain.school import load_school_config
    from bot.i18n import I18n
    from bot.settings import DEFAULT_SCHOOL
    from bot.views.keyboards import consent_keyboard

    t = I18n().get("ru")
    return consent_text(t, load_school_config(DEFAULT_SCHOOL)), consent_keyboard(t)


async def main() -> None:
    if os.environ.get("ECHO_PACED"):
        from bot.telegram import create_session

        session = create_session(os.environ["TELEGRAM_API_URL"])
    else:
        session = AiohttpSession(api=TelegramAPIServer.from_base(os.environ["TELEGRAM_API_URL"]))
    bot = Bot(os.environ["BOT_TOKEN"], session=session)
    dp = Dispatcher()
    if os.environ.get("ECHO_SAME_REPLY"):
        text, keyboard = same_reply_as_our_start()

        @dp.message()
        async def same(message: Message) -> None:
            await message.answer(text, reply_markup=keyboard, parse_mode="HTML")
    else:

        @dp.message()
        async def echo(message: Message) -> None:
            await message.answer(message.text or "?")

    await dp.start_polling(bot, polling_timeout=1)


if __name__ == "__main__":
    asyncio.run(main())
