"""The stand-in answers as Telegram does, checked through a real aiogram Bot and Dispatcher."""

from __future__ import annotations

import asyncio

import pytest
from aiogram import Bot, Dispatcher, F
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNotFound,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.methods import TelegramMethod
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from tg_standin import StandIn

TOKEN = "42:stand-in-test"


@pytest.fixture
async def server():
    standin = StandIn(token=TOKEN, bot_username="t_bot")
    await standin.start()
    yield standin
    await standin.stop()


@pytest.fixture
async def bot(server):
    client = Bot(TOKEN, session=AiohttpSession(api=TelegramAPIServer.from_base(server.url)))
    yield client
    await client.session.close()


async def test_get_me_and_echo_round_trip_through_polling(server, bot):
    me = await bot.get_me()
    assert me.id == 42 and me.username == "t_bot"
    dp = Dispatcher()

    @dp.message(F.text)
    async def echo(message: Message) -> None:
        await message.answer(f"echo: {message.text}")

    polling = asyncio.create_task(dp.start_polling(bot, handle_signals=False, polling_timeout=1))
    anna = server.user(7, first_name="Анна")
    await anna.send("привет")
    reply = await anna.next_message()
    assert reply.text == "echo: привет"
    await dp.stop_polling()
    await polling


async def test_inline_button_press_reaches_the_bot_and_is_answered(server, bot):
    dp = Dispatcher()

    @dp.message(F.text == "/menu")
    async def menu(message: Message) -> None:
        keyboard = InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text="Да", callback_data="yes")]])
        await message.answer("Выбор?", reply_markup=keyboard)

    @dp.callback_query(F.data == "yes")
    async def yes(query: CallbackQuery) -> None:
        await query.answer("Принято", show_alert=True)
        assert isinstance(query.message, Message)
        await query.message.edit_text("Выбрано: да")

    polling = asyncio.create_task(dp.start_polling(bot, handle_signals=False, polling_timeout=1))
    user = server.user(8)
    await user.send("/menu")
    await user.wait_for("Выбор?")
    await user.press("Да")
    assert user.last_callback_answer == "Принято" and user.last_callback_alert
    edited = await user.wait_for("Выбрано")
    assert edited.edited and edited.buttons == []
    await dp.stop_polling()
    await polling


async def test_uploads_are_multipart_and_files_can_be_downloaded(server, bot):
    server.user(9)
    sent = await bot.send_document(9, BufferedInputFile(b"a;b\n1;2\n", filename="marks.csv"), caption="файл")
    assert sent.document.file_name == "marks.csv" and sent.caption == "файл"
    photo = await bot.send_photo(9, BufferedInputFile(b"\x89PNG fake", filename="p.png"))
    assert photo.photo[-1].file_size == 9
    file = await bot.get_file(sent.document.file_id)
    downloaded = await bot.download_file(file.file_path)
    assert downloaded.read() == b"a;b\n1;2\n"


async def test_telegram_checks(server, bot):
    server.user(10)
    with pytest.raises(TelegramBadRequest, match="message text is empty"):
        await bot.send_message(10, "")
    with pytest.raises(TelegramBadRequest, match="message is too long"):
        await bot.send_message(10, "я" * 4097)
    assert (await bot.send_message(10, "я" * 4096)).text
    with pytest.raises(TelegramBadRequest, match="can't parse entities"):
        await bot.send_message(10, "a < b", parse_mode="HTML")
    assert (await bot.send_message(10, "a &lt; <b>b</b>", parse_mode="HTML")).text == "a < b"
    with pytest.raises(TelegramBadRequest, match="chat not found"):
        await bot.send_message(999, "hi")
    with pytest.raises(TelegramBadRequest, match="BUTTON_DATA_INVALID"):
        keyboard = InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text="x", callback_data="y" * 65)]])
        await bot.send_message(10, "hi", reply_markup=keyboard)
    message = await bot.send_message(10, "same")
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_text("same", chat_id=10, message_id=message.message_id)


async def test_faults_429_403_5xx(server, bot):
    server.user(11)
    server.faults.fail_next("sendMessage", status=429, retry_after=3)
    with pytest.raises(TelegramRetryAfter) as caught:
        await bot.send_message(11, "x")
    assert caught.value.retry_after == 3
    server.faults.fail_next("sendMessage", status=502)
    with pytest.raises(TelegramServerError):
        await bot.send_message(11, "x")
    server.block(11)
    with pytest.raises(TelegramForbiddenError, match="blocked"):
        await bot.send_message(11, "x")
    server.unblock(11)
    assert (await bot.send_message(11, "x")).text == "x"


async def test_rate_limit_model_answers_429_with_a_computed_retry_after(server, bot):
    server.user(12)
    server.rate_limits.enable(global_per_second=30, per_chat_per_second=1, per_chat_burst=3)
    for _ in range(3):
        await bot.send_message(12, "burst")
    with pytest.raises(TelegramRetryAfter) as caught:
        await bot.send_message(12, "one too many")
    assert caught.value.retry_after >= 1


async def test_unknown_method_is_404_and_wrong_token_401(server, bot):
    class Nonsense(TelegramMethod[bool]):
        __returning__ = bool
        __api_method__ = "doesNotExist"

    with pytest.raises(TelegramNotFound):
        await bot(Nonsense())
    assert server.unknown_methods == ["doesNotExist"]
    stranger = Bot("43:wrong", session=AiohttpSession(api=TelegramAPIServer.from_base(server.url)))
    with pytest.raises(Exception, match="Unauthorized"):
        await stranger.get_me()
    await stranger.session.close()


async def test_long_polling_returns_empty_after_its_timeout(server, bot):
    started = asyncio.get_running_loop().time()
    assert await bot.get_updates(timeout=1) == []
    assert asyncio.get_running_loop().time() - started >= 0.9
