"""The one place where every Bot API call of ours goes through: retry_after, 5xx, network.

429 → wait exactly `retry_after` and try again; 5xx and network errors → exponential
backoff with jitter. `getUpdates` is left to aiogram's polling loop, which has its
own backoff. A call that still fails after the attempts are spent raises, and the
caller (a handler's error handler, the outbox) decides what is kept for later.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import TelegramNetworkError, TelegramRetryAfter, TelegramServerError
from aiogram.methods import GetUpdates, TelegramMethod
from aiogram.methods.base import TelegramType

if TYPE_CHECKING:
    from aiogram import Bot

log = logging.getLogger(__name__)


class RetryMiddleware(BaseRequestMiddleware):
    def __init__(
        self,
        *,
        max_attempts: int = 8,
        base_delay: float = 0.5,
        max_delay: float = 30.0,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
    ) -> None:
        self.max_attempts = max_attempts
        self.base_delay = base_delay
        self.max_delay = max_delay
        self._sleep = sleep
        self.retries = 0

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Any:
        if isinstance(method, GetUpdates):
            return await make_request(bot, method)
        attempt = 1
        while True:
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as error:
                if attempt >= self.max_attempts:
                    raise
                delay = float(error.retry_after)
                log.info("%s: 429, retry after %ss", method.__api_method__, delay)
            except (TelegramServerError, TelegramNetworkError) as error:
                if attempt >= self.max_attempts:
                    raise
                delay = min(self.max_delay, self.base_delay * 2 ** (attempt - 1))
                delay *= random.uniform(0.5, 1.0)
                log.warning("%s: %s, retry in %.2fs", method.__api_method__, error, delay)
            attempt += 1
            self.retries += 1
            await self._sleep(delay)


def create_session(api_url: str, *, timeout: float = 60.0) -> AiohttpSession:
    session = AiohttpSession(api=TelegramAPIServer.from_base(api_url.rstrip("/")), timeout=timeout)
    session.middleware(RetryMiddleware())
    return session
