"""The single retry point: 429 honours retry_after, 5xx/network back off, then give up."""

from __future__ import annotations

import pytest
from aiogram.exceptions import TelegramForbiddenError, TelegramRetryAfter, TelegramServerError
from aiogram.methods import GetUpdates, SendMessage

from bot.telegram import RetryMiddleware


class Flaky:
    def __init__(self, errors):
        self.errors = list(errors)
        self.calls = 0

    async def __call__(self, bot, method):
        self.calls += 1
        if self.errors:
            raise self.errors.pop(0)
        return "ok"


def retry_after(seconds: int) -> TelegramRetryAfter:
    method = SendMessage(chat_id=1, text="x")
    return TelegramRetryAfter(method=method, message="Too Many Requests", retry_after=seconds)


def server_error() -> TelegramServerError:
    return TelegramServerError(method=SendMessage(chat_id=1, text="x"), message="Bad Gateway")


async def test_waits_exactly_retry_after_then_succeeds():
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    middleware = RetryMiddleware(sleep=sleep)
    call = Flaky([retry_after(3), retry_after(1)])
    assert await middleware(call, None, SendMessage(chat_id=1, text="x")) == "ok"
    assert slept == [3.0, 1.0]
    assert call.calls == 3


async def test_server_errors_back_off_and_give_up():
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    middleware = RetryMiddleware(max_attempts=4, base_delay=1.0, sleep=sleep)
    call = Flaky([server_error() for _ in range(10)])
    with pytest.raises(TelegramServerError):
        await middleware(call, None, SendMessage(chat_id=1, text="x"))
    assert call.calls == 4
    assert len(slept) == 3
    assert slept[0] <= 1.0 < slept[2] <= 4.0


async def test_forbidden_is_not_retried_and_get_updates_is_left_alone():
    middleware = RetryMiddleware(sleep=None)  # type: ignore[arg-type]
    forbidden = TelegramForbiddenError(method=SendMessage(chat_id=1, text="x"), message="blocked")
    call = Flaky([forbidden])
    with pytest.raises(TelegramForbiddenError):
        await middleware(call, None, SendMessage(chat_id=1, text="x"))
    assert call.calls == 1
    updates = Flaky([server_error()])
    with pytest.raises(TelegramServerError):
        await middleware(updates, None, GetUpdates())
    assert updates.calls == 1
