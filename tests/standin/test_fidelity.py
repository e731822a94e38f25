"""The stand-in refuses what Telegram refuses, with Telegram's words, and counts what tests count."""

from __future__ import annotations

import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import TelegramBadRequest, TelegramRetryAfter
from aiogram.types import ReactionTypeEmoji

from tg_standin import StandIn
from tg_standin.html import ParseError, to_plain

TOKEN = "42:stand-in-fidelity"


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


@pytest.mark.parametrize(("text", "error"), [
    ("a <foo>b</foo>", 'Unsupported start tag "foo" at byte offset 2'),
    ("если 2 < 3", 'Unsupported start tag "" at byte offset 11'),  # Cyrillic: byte offsets, not characters
    ("<b>жирный", 'Can\'t find end tag corresponding to start tag "b"'),
    ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
    ("x</b>", "Unexpected end tag at byte offset 1"),
    ("<b", "Unclosed start tag at byte offset 0"),
    ('<a href="x"', "Unclosed start tag at byte offset 0"),
    ("<span>x</span>", 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
    ("<b>сводка</b" + "ы" * 10, "Unclosed end tag at byte offset 15"),
])
def test_html_errors_are_telegrams(text, error):
    with pytest.raises(ParseError) as raised:
        to_plain(text)
    assert str(raised.value) == error


def test_html_is_read_as_telegram_reads_it():
    assert to_plain("&lt;b&gt; &amp; &quot; &#1046; &#x416; &nbsp; AT&T &amp") == '<b> & " Ж Ж &nbsp; AT&T &amp'
    assert to_plain('<a href="https://e.example/?a=1&b=2>3">ссылка</a>') == "ссылка"
    assert to_plain("<blockquote expandable>цитата</blockquote><span class=\"tg-spoiler\">с</span>") == "цитатас"
    assert to_plain("<B>x</>") == "x"


async def test_length_is_counted_after_parsing_and_trimming_in_characters(server, bot):
    server.user(7)
    assert (await bot.send_message(7, "<b>" + "&amp;" * 4096 + "</b>", parse_mode="HTML")).text == "&" * 4096
    await bot.send_message(7, "я" * 4096 + "\n\n  ")  # Telegram trims first
    await bot.send_message(7, "😀" * 4096)  # characters, not UTF-16 units (measured on Telegram)
    with pytest.raises(TelegramBadRequest, match="Bad Request: message is too long"):
        await bot.send_message(7, "я" * 4097)
    with pytest.raises(TelegramBadRequest, match="can't parse entities: Unsupported start tag"):
        await bot.send_message(7, "Не видно оценок <за четверть>", parse_mode="HTML")
    sent = await bot.send_message(7, "коротко")
    with pytest.raises(TelegramBadRequest, match="MESSAGE_TOO_LONG"):
        await bot.edit_message_text("я" * 4097, chat_id=7, message_id=sent.message_id)


async def test_captions_over_1024_are_refused_and_can_be_edited(server, bot):
    person = server.user(8)
    stored = server.store_file(b"\x89PNG....", "p.png", "image/png")
    with pytest.raises(TelegramBadRequest, match="Bad Request: message caption is too long"):
        await bot.send_photo(8, stored.file_id, caption="с" * 1025)
    photo = await bot.send_photo(8, stored.file_id, caption="с" * 1024)
    await bot.edit_message_caption(chat_id=8, message_id=photo.message_id, caption="новая подпись")
    assert person.messages[-1].text == "новая подпись" and person.messages[-1].edited
    with pytest.raises(TelegramBadRequest, match="message caption is too long"):
        await bot.edit_message_caption(chat_id=8, message_id=photo.message_id, caption="с" * 1025)


async def test_a_person_who_never_opened_the_bot_is_chat_not_found_until_they_write(server, bot):
    staff = server.user(9, opened=False)
    with pytest.raises(TelegramBadRequest, match="Bad Request: chat not found"):
        await bot.send_message(9, "Новое обращение")
    await staff.send("/start")
    await bot.send_message(9, "Новое обращение")
    assert staff.messages[-1].text == "Новое обращение"
    server.require_start = True
    quiet = server.user(10)
    with pytest.raises(TelegramBadRequest, match="chat not found"):
        await bot.send_message(quiet.id, "x")


async def test_edits_count_against_the_chats_limit_and_every_429_is_counted(server, bot):
    server.user(11)
    server.rate_limits.enable(per_chat_per_second=1, per_chat_burst=3)
    sent = await bot.send_message(11, "1")
    await bot.edit_message_text("2", chat_id=11, message_id=sent.message_id)
    await bot.edit_message_text("3", chat_id=11, message_id=sent.message_id)
    with pytest.raises(TelegramRetryAfter):
        await bot.edit_message_text("4", chat_id=11, message_id=sent.message_id)
    with pytest.raises(TelegramRetryAfter):
        await bot.send_message(11, "5")
    assert server.stats["429"] == 2 == server.too_many_requests
    assert server.stats["429:editMessageText"] == 1 and server.stats["429:sendMessage"] == 1
    server.faults.fail_next("sendMessage", status=429)
    server.rate_limits.disable()
    with pytest.raises(TelegramRetryAfter):
        await bot.send_message(11, "6")
    assert server.too_many_requests == 3


async def test_a_reaction_on_a_persons_message_is_recorded(server, bot):
    person = server.user(12)
    message_id = await person.send("Ещё скриншот")
    await bot.set_message_reaction(12, message_id, [ReactionTypeEmoji(emoji="👌")])
    assert await person.wait_for_reaction(message_id) == ["👌"]
    with pytest.raises(TelegramBadRequest, match="REACTION_INVALID"):
        await bot.set_message_reaction(12, message_id, [ReactionTypeEmoji(emoji="✅")])
