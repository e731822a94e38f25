"""The session's fast paths send and read exactly what aiogram's own path would."""

from __future__ import annotations

import json
from typing import Any

import aiogram.methods
import pytest
from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.exceptions import TelegramForbiddenError, TelegramRetryAfter

from bot.telegram import ApiSession, create_session, prepared_call

CARD = {
    "chat_id": 200001,
    "text": "📩 <b>№ 2026-0001</b> · Вопрос\nОт: Иванова Анна (Родитель), класс: 5А",
    "reply_markup": {"inline_keyboard": [[{"text": "✋ Взять", "callback_data": "cd1:t:1"},
                                          {"text": "↪️ Передать", "callback_data": "cd1:h:1"}]]},
}
COPY = {"chat_id": 200001, "from_chat_id": 4000, "message_id": 17, "caption": "№ 2026-0001 · Иванова Анна"}


@pytest.fixture
async def bot():
    session = create_session("http://127.0.0.1:9")
    bot = Bot("123:abc", session=session,
              default=DefaultBotProperties(parse_mode="HTML", link_preview_is_disabled=True))
    yield bot
    await session.close()


def body(bot: Bot, method) -> dict:
    session = bot.session
    assert isinstance(session, ApiSession)
    payload: Any = session.build_form_data(bot, method)  # a JSON body (BytesPayload), not a form
    return json.loads(payload.decode())


@pytest.mark.parametrize(("method", "payload"), [
    ("SendMessage", CARD), ("CopyMessage", COPY), ("SendMessage", {**CARD, "message_thread_id": None}),
])
async def test_a_prepared_call_sends_what_aiogram_would(bot, method, payload):
    expected = body(bot, getattr(aiogram.methods, method)(**payload))
    assert expected["parse_mode"] == "HTML"  # the bot's defaults are part of what goes out
    assert body(bot, prepared_call(method, payload)) == expected
    assert type(prepared_call(method, payload)).__api_method__ == getattr(aiogram.methods, method).__api_method__


async def test_a_prepared_call_reads_the_answer_as_plain_json(bot):
    call = prepared_call("SendMessage", CARD)
    body(bot, call)  # as when it is sent
    answer = {"ok": True, "result": {"message_id": 42, "date": 0, "chat": {"id": 200001, "type": "private"},
                                     "text": "📩 № 2026-0001"}}
    response = bot.session.check_response(bot, call, 200, json.dumps(answer))
    assert response.result == answer["result"]


async def test_a_prepared_call_fails_as_aiogram_calls_do(bot):
    call = prepared_call("SendMessage", CARD)
    too_many = {"ok": False, "error_code": 429, "description": "Too Many Requests: retry after 7",
                "parameters": {"retry_after": 7}}
    with pytest.raises(TelegramRetryAfter) as error:
        bot.session.check_response(bot, call, 429, json.dumps(too_many))
    assert error.value.retry_after == 7
    blocked = {"ok": False, "error_code": 403, "description": "Forbidden: bot was blocked by the user"}
    with pytest.raises(TelegramForbiddenError):
        bot.session.check_response(bot, call, 403, json.dumps(blocked))
