"""The one sending path: every Bot API call of the bot passes here (a session middleware).

1. **Fit.** A text over Telegram's 4,096 characters (a caption over 1,024) is sent as
   several messages, cut by `bot/textfit.py` at line breaks and never inside an HTML tag.
   The keyboard goes on the last part and the last part's answer is returned, so what a
   caller remembers (a card's message id) is the message with the buttons. A caption too
   long: the media goes with what fits, the rest follows as messages of its own.
2. **Pace.** Every call addressed to one chat (sends, copies, edits, deletions,
   reactions) takes a turn from that chat's token bucket: Telegram's ~1 message a second
   per private chat with a burst of 3 (20 a minute in a group). A chat under its limit
   waits for nothing; one busy chat never slows another. There is no global limit here:
   bulk traffic has its own global spacing in the outbox (`bot/outbox.py::Pacer`).

Both work for aiogram's method objects and for the outbox's `PreparedCall` (a JSON body).
See docs/delivery.md.
"""

from __future__ import annotations

import asyncio
import html
import logging
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from aiogram.client.default import Default
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.methods import SendMessage, TelegramMethod
from aiogram.methods.base import TelegramType
from aiogram.types import MessageId

from bot.telegram import PreparedCall, prepared_call
from bot.textfit import CAPTION_LIMIT, TEXT_LIMIT, fit_caption, may_exceed, split_text

if TYPE_CHECKING:
    from aiogram import Bot

log = logging.getLogger(__name__)

# Calls that put something into one chat, or change what is there.
PACED = frozenset({
    "sendMessage", "sendPhoto", "sendDocument", "sendVideo", "sendAudio", "sendVoice", "sendAnimation",
    "sendVideoNote", "sendSticker", "sendLocation", "sendVenue", "sendContact", "sendPoll", "sendDice",
    "sendMediaGroup", "sendPaidMedia", "sendInvoice", "copyMessage", "copyMessages", "forwardMessage",
    "forwardMessages", "editMessageText", "editMessageCaption", "editMessageReplyMarkup", "editMessageMedia",
    "editMessageLiveLocation", "stopMessageLiveLocation", "deleteMessage", "deleteMessages", "setMessageReaction",
})
_TEXT = {"sendMessage", "editMessageText"}
_CAPTION = {"sendPhoto", "sendDocument", "sendVideo", "sendAudio", "sendVoice", "sendAnimation", "copyMessage",
            "editMessageCaption"}
_EDITS = {"editMessageText", "editMessageCaption"}
_REPLY = ("reply_parameters", "reply_to_message_id", "allow_sending_without_reply")
_CARRIED = ("message_thread_id", "business_connection_id", "protect_content", "disable_notification")


class ChatPacer:
    """Per-chat token buckets, kept as one "theoretical arrival time" per chat (GCRA): a call
    may go `burst` at once, then one every `interval`. `reserve` books the next turn and says
    how long to wait for it; turns are booked in call order, so waiters keep their order.

    The bucket matches the stand-in's (`rate_limits.enable(per_chat_per_second=1,
    per_chat_burst=3)`, groups 20 a minute), with `margin` added to each interval for the
    jitter of the network between our clock and Telegram's. A chat whose bucket is full
    again is forgotten, so memory stays bounded by the chats active in the last seconds."""

    def __init__(
        self,
        per_second: float = 1.0,
        burst: int = 3,
        *,
        group_per_minute: float = 20.0,
        margin: float = 0.05,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
    ) -> None:
        self._private = ((1.0 + margin) / per_second, burst)
        self._group = ((1.0 + margin) * 60.0 / group_per_minute, int(group_per_minute))
        self.clock = clock
        self.sleep = sleep
        self._tat: dict[int | str, float] = {}
        self._sweep_at = 1024
        self.waited = 0.0  # seconds spent waiting for turns, for benchmarks

    def _rule(self, chat: int | str) -> tuple[float, int]:
        return self._private if isinstance(chat, int) and chat > 0 else self._group

    def delay(self, chat: int | str) -> float:
        """Seconds until this chat's next turn, without booking it."""
        now = self.clock()
        interval, burst = self._rule(chat)
        tat = self._tat.get(chat, now)
        return max(0.0, tat - (burst - 1) * interval - now)

    def reserve(self, chat: int | str, count: int = 1) -> list[float]:
        """Book `count` turns in a row; the wait (seconds from now) before each."""
        now = self.clock()
        interval, burst = self._rule(chat)
        tat = max(self._tat.get(chat, now), now)
        waits = []
        for _ in range(count):
            at = max(now, tat - (burst - 1) * interval)
            waits.append(at - now if at - now > 1e-6 else 0.0)
            tat = max(tat, at) + interval
        self._tat[chat] = tat
        if len(self._tat) > self._sweep_at:
            self._forget_idle(now)
        return waits

    def hold(self, chat: int | str, seconds: float) -> None:
        """Telegram said "retry after `seconds`" for this chat: no turn before then, and the
        burst starts again only after a quiet spell."""
        now = self.clock()
        interval, burst = self._rule(chat)
        self._tat[chat] = max(self._tat.get(chat, now), now + seconds + (burst - 1) * interval)

    async def wait(self, chat: int | str) -> None:
        (delay,) = self.reserve(chat)
        if delay > 0:
            self.waited += delay
            await self.sleep(delay)

    def _forget_idle(self, now: float) -> None:
        # A chat whose time has come is back to a full bucket: forgetting it changes nothing.
        self._tat = {chat: tat for chat, tat in self._tat.items() if tat > now}
        self._sweep_at = max(1024, 2 * len(self._tat))

    def __len__(self) -> int:
        return len(self._tat)


def _chat_key(value: Any) -> int | str | None:
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value:
        return int(value) if value.lstrip("-").isdigit() else value
    return None


class _Call:
    """Read and copy a call's parameters alike for aiogram's objects and prepared JSON bodies."""

    def __init__(self, bot: Bot, method: TelegramMethod[Any]) -> None:
        self.method = method
        self.prepared = isinstance(method, PreparedCall)
        self.name = method.__api_method__
        self._bot = bot

    def get(self, key: str) -> Any:
        if self.prepared:
            return self.method.body.get(key)  # type: ignore[attr-defined]
        value = getattr(self.method, key, None)
        if isinstance(value, Default):
            value = self._bot.default[value.name]
        return value

    def parse_mode(self) -> str | None:
        mode = self.get("parse_mode")
        if mode is None and self.prepared:
            mode = self._bot.default["parse_mode"]  # a prepared body gets the bot's defaults
        return str(mode) if mode else None

    def with_(self, **changes: Any) -> TelegramMethod[Any]:
        """This call with some parameters changed; a value of None removes the parameter."""
        if self.prepared:
            body = {k: v for k, v in self.method.body.items() if k not in changes}  # type: ignore[attr-defined]
            body.update({k: v for k, v in changes.items() if v is not None})
            return prepared_call(self.method.method, body)  # type: ignore[attr-defined]
        fields = type(self.method).model_fields
        return self.method.model_copy(update={k: v for k, v in changes.items() if k in fields})

    def message(self, text: str, mode: str | None, **extra: Any) -> TelegramMethod[Any]:
        """A plain message to the same chat, carrying the call's thread and protection."""
        carried = {key: self.get(key) for key in _CARRIED}
        carried = {k: v for k, v in carried.items() if v is not None and v is not False}
        carried.update(extra)
        if self.prepared:
            if mode is None:  # a prepared call cannot say "no parse mode": the text is escaped instead
                text, mode = html.escape(text, quote=False), "HTML"
            body = {"chat_id": self.get("chat_id"), "text": text, "parse_mode": mode, **carried}
            return prepared_call("SendMessage", {k: v for k, v in body.items() if v is not None})
        return SendMessage(chat_id=self.get("chat_id"), text=text, parse_mode=mode, **carried)


class SendingMiddleware(BaseRequestMiddleware):
    """Fits every text to Telegram's limits, then paces every call to one chat (module doc)."""

    def __init__(self, pacer: ChatPacer | None) -> None:
        self.pacer = pacer  # None: texts are fitted, chats not paced (PER_CHAT_RATE=0)
        self.split = 0  # texts sent in more than one part

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Any:
        name = method.__api_method__
        if name not in PACED:
            return await make_request(bot, method)
        call = _Call(bot, method)
        parts = self._fit(call)
        chat = _chat_key(call.get("chat_id"))
        pacer = self.pacer if chat is not None else None
        if parts is None:
            if pacer is not None:
                await pacer.wait(chat)  # type: ignore[arg-type]
            return await make_request(bot, method)
        self.split += 1
        log.info("%s to %s: %d parts", name, chat, len(parts))
        # The parts' turns are booked together: nothing else to that chat comes between them.
        waits = pacer.reserve(chat, len(parts)) if pacer is not None else [0.0] * len(parts)  # type: ignore[arg-type]
        started = pacer.clock() if pacer is not None else 0.0
        result: Any = None
        ids: list[int] = []
        for part, wait in zip(parts, waits, strict=True):
            left = wait - (pacer.clock() - started) if pacer is not None else 0.0
            if pacer is not None and left > 0:
                pacer.waited += left
                await pacer.sleep(left)
            result = await make_request(bot, part)
            message_id = result.get("message_id") if isinstance(result, dict) else getattr(result, "message_id", None)
            if isinstance(message_id, int):
                ids.append(message_id)
        if call.prepared and isinstance(result, dict):
            result = {**result, "message_ids": ids}  # every part, for a caller that maps replies
        elif name == "copyMessage" and not call.prepared and result is not None and not isinstance(result, MessageId):
            result = MessageId(message_id=result.message_id)
        return result

    def retry_after(self, method: TelegramMethod[Any], seconds: float) -> None:
        """A 429 for a call to a chat holds that chat's next turns too (the retry's own wait is
        the retry middleware's), so the calls queued behind it do not draw 429s of their own."""
        if self.pacer is None or method.__api_method__ not in PACED:
            return
        value = method.body.get("chat_id") if isinstance(method, PreparedCall) else getattr(method, "chat_id", None)
        chat = _chat_key(value)
        if chat is not None:
            self.pacer.hold(chat, seconds)

    def _fit(self, call: _Call) -> list[TelegramMethod[Any]] | None:
        """The calls that carry this one within the limits, or None when it fits as it is."""
        name = call.name
        if name in _TEXT:
            key, limit = "text", TEXT_LIMIT
        elif name in _CAPTION:
            key, limit = "caption", CAPTION_LIMIT
        else:
            return None
        value = call.get(key)
        if not isinstance(value, str) or not may_exceed(value, limit):
            return None
        if call.get("entities") or call.get("caption_entities"):
            return None  # explicit entities are offsets into the text: not ours to cut
        mode = call.parse_mode()
        is_html = mode is not None and mode.lower() == "html"
        if name in _TEXT:
            head: str | None
            texts = split_text(value, TEXT_LIMIT, html=is_html)
            if len(texts) <= 1:
                return None
            head, rest = texts[0], texts[1:]
        else:
            head, rest = fit_caption(value, html=is_html)
            if not rest:
                return None
        markup = call.get("reply_markup")
        if name in _EDITS and call.get("chat_id") is None:
            # An inline message has no chat to send the rest to: the edit shows what fits.
            log.warning("%s of an inline message cut to its first part", name)
            return [call.with_(**{key: head})]
        first_changes: dict[str, Any] = {key: head if head is not None else ("" if name == "copyMessage" else None)}
        first_changes["reply_markup"] = None
        calls = [call.with_(**first_changes)]
        for index, text in enumerate(rest):
            extra: dict[str, Any] = {"disable_notification": True}  # one ping per text, not per part
            if index == len(rest) - 1 and markup is not None:
                extra["reply_markup"] = markup
            calls.append(call.message(text, mode, **extra))
        return calls
