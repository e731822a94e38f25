"""The one sending path: texts fitted to Telegram's limits, every chat paced, with a fake clock
and a fake Telegram behind the session's middleware."""

from __future__ import annotations

import pytest
from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.methods import AnswerCallbackQuery, CopyMessage, EditMessageText, SendMessage, SendPhoto
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, Message, MessageId

from bot.sending import ChatPacer, SendingMiddleware
from bot.telegram import PreparedCall, create_session, prepared_call
from tg_standin.faults import Bucket
from tg_standin.html import to_plain


class FakeTime:
    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def test_a_chat_under_its_limit_waits_for_nothing_and_chats_do_not_slow_each_other():
    fake = FakeTime()
    pacer = ChatPacer(per_second=1, burst=3, margin=0.0, clock=fake.clock, sleep=fake.sleep)
    assert [pacer.reserve(1)[0] for _ in range(3)] == [0.0, 0.0, 0.0]  # the burst
    assert pacer.reserve(1) == [1.0]
    assert pacer.reserve(1) == [2.0]
    assert [pacer.reserve(chat)[0] for chat in range(2, 50)] == [0.0] * 48  # other chats: no wait
    fake.now += 10  # a quiet chat has its burst back
    assert pacer.reserve(1, 4) == [0.0, 0.0, 0.0, 1.0]


def test_turns_are_booked_in_order_and_groups_get_twenty_a_minute():
    fake = FakeTime()
    pacer = ChatPacer(per_second=1, burst=3, margin=0.05, clock=fake.clock, sleep=fake.sleep)
    waits = pacer.reserve(7, 6)
    assert waits[:3] == [0.0, 0.0, 0.0]
    assert waits[3:] == pytest.approx([1.05, 2.10, 3.15])
    assert pacer.delay(7) == pytest.approx(4.20)
    group = pacer.reserve(-100123, 22)
    assert group[:20] == [0.0] * 20 and group[20] == pytest.approx(3.15)


async def test_a_paced_burst_is_never_refused_by_telegrams_bucket():
    """The stand-in's bucket (as Telegram: burst 3, then 1/s) accepts every call the pacer lets go."""
    fake = FakeTime()
    pacer = ChatPacer(clock=fake.clock, sleep=fake.sleep)
    telegram = Bucket(1.0, 3, clock=fake.clock)
    refused = 0
    for n in range(40):
        await pacer.wait(5)
        refused += telegram.take() > 0
        fake.now += 0.013 * (n % 3)  # the time a call takes
    assert refused == 0
    assert fake.now - 1000 < 40 * 1.05 + 1


async def test_idle_chats_are_forgotten():
    fake = FakeTime()
    pacer = ChatPacer(clock=fake.clock, sleep=fake.sleep)
    for chat in range(1, 3000):
        pacer.reserve(chat)
        fake.now += 0.01
    assert len(pacer) < 1500  # chats whose bucket is full again are dropped
    fake.now += 5
    pacer.reserve(10**6, 1)
    for chat in range(5000, 7100):
        pacer.reserve(chat)
    assert len(pacer) <= 2200


class FakeTelegram:
    """What the middleware passes on: each call, answered as Telegram would."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict]] = []
        self.next_id = 100

    async def __call__(self, bot, method):
        body = method.body if isinstance(method, PreparedCall) else method.model_dump(exclude_none=True)
        self.calls.append((method.__api_method__, body))
        self.next_id += 1
        if isinstance(method, PreparedCall):
            return {"message_id": self.next_id, "chat": {"id": body["chat_id"]}}
        if isinstance(method, CopyMessage):
            return MessageId(message_id=self.next_id)
        if isinstance(method, AnswerCallbackQuery):
            return True
        return Message.model_validate({"message_id": self.next_id, "date": 0,
                                       "chat": {"id": body.get("chat_id", 1), "type": "private"}})


@pytest.fixture
async def bot():
    session = create_session("http://127.0.0.1:9")
    client = Bot("123:abc", session=session,
                 default=DefaultBotProperties(parse_mode="HTML", link_preview_is_disabled=True))
    yield client
    await session.close()


def middleware() -> SendingMiddleware:
    fake = FakeTime()
    return SendingMiddleware(ChatPacer(clock=fake.clock, sleep=fake.sleep))


KEYBOARD = InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text="✋ Взять", callback_data="t:1")]])


def test_the_session_fits_and_paces_before_it_retries(bot):
    kinds = [type(m).__name__ for m in bot.session.middleware]
    assert kinds == ["SendingMiddleware", "RetryMiddleware"]


async def test_a_long_message_goes_in_parts_with_the_keyboard_on_the_last(bot):
    telegram = FakeTelegram()
    text = "<b>Сводка</b>\n" + "\n".join(f"<i>Предмет {n}</i> — средний балл 4,{n % 10}" for n in range(300))
    method = SendMessage(chat_id=42, text=text, reply_markup=KEYBOARD,
                         reply_parameters={"message_id": 7})
    result = await middleware()(telegram, bot, method)
    assert len(telegram.calls) == 3
    (_, first), _, (_, last) = telegram.calls
    assert "reply_markup" not in first and last["reply_markup"] == KEYBOARD.model_dump(exclude_none=True)
    assert first["reply_parameters"]["message_id"] == 7 and "reply_parameters" not in last
    assert last["disable_notification"] is True  # one ping per text
    for _, body in telegram.calls:
        assert 0 < len(to_plain(body["text"])) <= 4096
    assert isinstance(result, Message) and result.message_id == 103  # the last part's: the one with buttons


async def test_a_prepared_call_is_split_the_same_way_and_tells_every_part(bot):
    telegram = FakeTelegram()
    body = {"chat_id": 42, "text": "слово " * 1500, "reply_markup": {"inline_keyboard": [[{"text": "OK", "callback_data": "x"}]]}}
    result = await middleware()(telegram, bot, prepared_call("SendMessage", body))
    assert [name for name, _ in telegram.calls] == ["sendMessage", "sendMessage", "sendMessage"]
    assert [("reply_markup" in b) for _, b in telegram.calls] == [False, False, True]
    assert result["message_id"] == 103 and result["message_ids"] == [101, 102, 103]
    assert body["text"] == "слово " * 1500  # the stored row is not changed


async def test_a_relayed_photo_with_a_long_caption_keeps_the_photo_and_sends_the_rest(bot):
    telegram = FakeTelegram()
    caption = "💬 <b>№ 2026-0001</b> · Кузнецова Анна Сергеевна, 5А\n\n" + "Ошибка на странице " * 52
    markup = {"inline_keyboard": [[{"text": "💬 Ответить", "callback_data": "r:1"}]]}
    call = prepared_call("CopyMessage", {"chat_id": 200001, "from_chat_id": 5001, "message_id": 9,
                                         "caption": caption, "reply_markup": markup})
    result = await middleware()(telegram, bot, call)
    (copy_name, copy), (text_name, rest) = telegram.calls
    assert copy_name == "copyMessage" and copy["caption"] == "💬 <b>№ 2026-0001</b> · Кузнецова Анна Сергеевна, 5А"
    assert "reply_markup" not in copy
    assert text_name == "sendMessage" and rest["text"].startswith("Ошибка") and rest["reply_markup"] == markup
    assert result["message_id"] == 102

    telegram = FakeTelegram()
    photo = SendPhoto(chat_id=42, photo="file-id", caption="ж" * 1500)
    await middleware()(telegram, bot, photo)
    assert len(telegram.calls[0][1]["caption"]) == 1024 and telegram.calls[1][1]["text"] == "ж" * 476

    telegram = FakeTelegram()
    copied = await middleware()(telegram, bot, CopyMessage(chat_id=42, from_chat_id=1, message_id=3,
                                                           caption="слово " * 300))
    assert isinstance(copied, MessageId) and copied.message_id == 102


async def test_an_edit_too_long_edits_the_first_part_and_sends_the_rest(bot):
    telegram = FakeTelegram()
    edit = EditMessageText(chat_id=42, message_id=5, text="строка\n" * 700, reply_markup=KEYBOARD)
    await middleware()(telegram, bot, edit)
    names = [name for name, _ in telegram.calls]
    assert names == ["editMessageText", "sendMessage"]
    assert "reply_markup" not in telegram.calls[0][1] and "reply_markup" in telegram.calls[1][1]


async def test_plain_texts_and_short_texts_pass_untouched_and_other_calls_are_not_paced(bot):
    telegram = FakeTelegram()
    short = SendMessage(chat_id=42, text="Спасибо")
    sending = middleware()
    await sending(telegram, bot, short)
    assert telegram.calls == [("sendMessage", short.model_dump(exclude_none=True))]
    plain = SendMessage(chat_id=42, text="a <b> " * 1000, parse_mode=None)
    await sending(telegram, bot, plain)
    assert all(len(body["text"]) <= 4096 for _, body in telegram.calls[1:])
    for _ in range(10):
        await sending(telegram, bot, AnswerCallbackQuery(callback_query_id="q"))
    assert sending.pacer.delay(42) > 0 and len(sending.pacer) == 1  # only the chat's sends were booked


async def test_per_chat_pacing_can_be_switched_off():
    session = create_session("http://127.0.0.1:9", per_chat_rate=0)
    try:
        assert session.middleware[0].pacer is None
        telegram = FakeTelegram()
        client = Bot("123:abc", session=session, default=DefaultBotProperties(parse_mode="HTML"))
        for _ in range(10):
            await session.middleware[0](telegram, client, SendMessage(chat_id=42, text="ж" * 5000))
        assert len(telegram.calls) == 20  # still fitted
    finally:
        await session.close()


def test_a_429_holds_the_chats_next_turns():
    fake = FakeTime()
    pacer = ChatPacer(per_second=1, burst=3, margin=0.0, clock=fake.clock, sleep=fake.sleep)
    sending = SendingMiddleware(pacer)
    sending.retry_after(SendMessage(chat_id=42, text="x"), 5)
    assert pacer.reserve(42, 2) == [5.0, 6.0]  # then one a second, no burst right away
    assert pacer.reserve(43) == [0.0]  # another chat is not held
    sending.retry_after(AnswerCallbackQuery(callback_query_id="q"), 5)  # not a chat's call: nothing held
    assert len(pacer) == 2


def test_the_session_tells_the_pacer_about_429s():
    session = create_session("http://127.0.0.1:9")
    sending, retry = session.middleware
    assert retry._on_retry_after == sending.retry_after
