"""The `Messenger` of bot/services/outgoing.py over aiogram's Bot: the services' few calls that
go to Telegram at once pass through the one sending path (bot/sending.py) like every other,
and aiogram's errors come back as the services' own."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest, TelegramForbiddenError
from aiogram.types import BufferedInputFile

from bot.services.outgoing import DeliveryError, OutgoingFile, Rejected, Unreachable


@asynccontextmanager
async def _translated() -> AsyncIterator[None]:
    try:
        yield
    except TelegramForbiddenError as error:
        raise Unreachable(str(error)) from error
    except TelegramBadRequest as error:
        raise Rejected(str(error)) from error
    except TelegramAPIError as error:
        raise DeliveryError(str(error)) from error


class TelegramMessenger:
    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def send_text(self, chat_id: int, text: str) -> int:
        async with _translated():
            message = await self.bot.send_message(chat_id, text)
        return message.message_id

    async def edit_text(self, chat_id: int, message_id: int, text: str) -> None:
        async with _translated():
            await self.bot.edit_message_text(text=text, chat_id=chat_id, message_id=message_id)

    async def send_file(self, chat_id: int, file: OutgoingFile) -> None:
        document = BufferedInputFile(file.data, filename=file.name)
        async with _translated():
            if file.as_photo:
                await self.bot.send_photo(chat_id, document, caption=file.caption)
            else:
                await self.bot.send_document(chat_id, document, caption=file.caption)
