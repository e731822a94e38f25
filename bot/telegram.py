"""The one place where every Bot API call of ours goes through: retry_after, 5xx, network.
(Before the retries, `bot/sending.py` fits each text to Telegram's limits and paces it.)

429 → wait exactly `retry_after` and try again; 5xx and network errors → exponential
backoff with jitter. `getUpdates` is left to aiogram's polling loop, which has its
own backoff. A call that still fails after the attempts are spent raises, and the
caller (a handler's error handler, the outbox) decides what is kept for later.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import random
from collections.abc import Awaitable, Callable
from http import HTTPStatus
from typing import TYPE_CHECKING, Any, cast

import aiogram.methods
from aiogram.client.default import Default
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import TelegramNetworkError, TelegramRetryAfter, TelegramServerError
from aiogram.methods import GetUpdates, TelegramMethod
from aiogram.methods.base import Response, TelegramType
from aiohttp import BytesPayload, FormData

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
        on_retry_after: Callable[[TelegramMethod[Any], float], None] | None = None,
    ) -> None:
        self.max_attempts = max_attempts
        self.base_delay = base_delay
        self.max_delay = max_delay
        self._sleep = sleep
        self._on_retry_after = on_retry_after  # e.g. the chat's pacer holds its other messages too
        self.retries = 0

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Any:
        polling = isinstance(method, GetUpdates)  # (a flag: narrowing `method` would lose its type variable)
        if polling:
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
                if self._on_retry_after is not None:
                    self._on_retry_after(method, delay)
            except (TelegramServerError, TelegramNetworkError) as error:
                if attempt >= self.max_attempts:
                    raise
                delay = min(self.max_delay, self.base_delay * 2 ** (attempt - 1))
                delay *= random.uniform(0.5, 1.0)
                log.warning("%s: %s, retry in %.2fs", method.__api_method__, error, delay)
            attempt += 1
            self.retries += 1
            await self._sleep(delay)


class PreparedCall(TelegramMethod[dict[str, Any]]):
    """A call whose parameters are already the Bot API's JSON: an outbox row, sent as it was
    stored. No aiogram model is built on the way out, nor on the way back: the answer is
    the plain `result` object. (Building and walking `SendMessage` and parsing the answer
    into a `Message` cost about 0.4 ms a message; a queued message needs only its id back.)
    The bot's defaults (parse_mode, link previews) are filled in as aiogram would."""

    __returning__ = dict[str, Any]
    __api_method__ = ""
    method: str  # aiogram's class name, e.g. "SendMessage"
    body: dict[str, Any]


@functools.cache
def _prepared_class(method: str) -> type[PreparedCall]:
    aiogram_method = getattr(aiogram.methods, method)
    attributes: dict[str, Any] = {"__api_method__": aiogram_method.__api_method__, "__module__": __name__}
    if aiogram_method.__returning__ is bool:  # e.g. setMessageReaction answers `true`, not a message
        attributes["__returning__"] = bool
    return type(f"Prepared{method}", (PreparedCall,), attributes)


def prepared_call(method: str, body: dict[str, Any]) -> PreparedCall:
    """`method` is aiogram's class name (as stored in the outbox), `body` its JSON parameters."""
    return _prepared_class(method).model_construct(method=method, body=body)


class ApiSession(AiohttpSession):
    """aiogram's aiohttp session with two measured fixes (bench/, docs/decisions.md).

    1. A call without files goes as one JSON body, which the Bot API accepts like a form.
       aiogram's default is a url-encoded form; percent-encoding a Russian message in pure
       Python costs about a millisecond a call. Calls with files stay multipart.
    2. aiogram parses each answer as `Response[<result type>]`, a pydantic generic that
       pydantic caches only weakly: once the garbage collector has run, the class is built
       again, about 50 ms each, in the middle of someone's request. We hold them strongly.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._response_types: dict[Any, Any] = {}
        self._defaults: dict[tuple[int, str], dict[str, Any]] = {}

    def check_response(
        self, bot: Bot, method: TelegramMethod[TelegramType], status_code: int, content: str
    ) -> Response[TelegramType]:
        """A successful answer is parsed straight from its JSON text by pydantic (one pass in
        Rust); anything else goes through aiogram's own checks and errors."""
        if status_code == HTTPStatus.OK:
            response_type = self._response_types.get(method.__returning__)
            if response_type is not None:
                try:
                    response = response_type.model_validate_json(content, context={"bot": bot})
                except ValueError:
                    pass
                else:
                    if response.ok:
                        return cast("Response[TelegramType]", response)
        return super().check_response(bot, method, status_code, content)

    def build_form_data(self, bot: Bot, method: TelegramMethod[TelegramType]) -> FormData:
        returning = method.__returning__
        if returning not in self._response_types:
            self._response_types[returning] = Response[returning]  # type: ignore[valid-type]
        if isinstance(method, PreparedCall):
            # As aiogram leaves out unset fields: a null in a stored row means "not given".
            body = {**self._defaults_for(bot, method.method), **{k: v for k, v in method.body.items() if v is not None}}
            return BytesPayload(self.json_dumps(body).encode(), content_type="application/json")  # type: ignore[return-value]
        fields: dict[str, Any] = {}
        files: dict[str, Any] = {}
        # Unset fields (a keyboard button has a dozen) are left out before the walk, not after.
        for key, value in method.model_dump(warnings=False, exclude_none=True).items():
            prepared = self.prepare_value(value, bot=bot, files=files, _dumps_json=False)
            if prepared is not None and prepared != "":
                fields[key] = prepared
        if files:
            return super().build_form_data(bot, method)
        return BytesPayload(self.json_dumps(fields).encode(), content_type="application/json")  # type: ignore[return-value]

    def _defaults_for(self, bot: Bot, method: str) -> dict[str, Any]:
        """What aiogram would send for the bot's defaults of this method's fields."""
        key = (id(bot), method)
        if key not in self._defaults:
            fields = getattr(aiogram.methods, method).model_fields
            prepared = {
                name: self.prepare_value(field.default, bot=bot, files={}, _dumps_json=False)
                for name, field in fields.items() if isinstance(field.default, Default)
            }
            self._defaults[key] = {name: value for name, value in prepared.items() if value is not None and value != ""}
        return self._defaults[key]


def create_session(
    api_url: str, *, timeout: float = 60.0, per_chat_rate: float = 1.0, per_chat_burst: int = 3
) -> AiohttpSession:
    """The session every call goes through: first fitted to Telegram's limits and paced per
    chat (`bot/sending.py`; `per_chat_rate` 0: not paced), then sent with retries
    (outermost middleware first)."""
    from bot.sending import ChatPacer, SendingMiddleware

    session = ApiSession(api=TelegramAPIServer.from_base(api_url.rstrip("/")), timeout=timeout)
    pacer = ChatPacer(per_chat_rate, per_chat_burst) if per_chat_rate > 0 else None
    sending = SendingMiddleware(pacer)
    session.middleware(sending)
    session.middleware(RetryMiddleware(on_retry_after=sending.retry_after if pacer is not None else None))
    return session
