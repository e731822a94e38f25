"""People for tests: they send, press buttons and read what the bot sent them, in order."""

from __future__ import annotations

import asyncio
import secrets
import struct
import time
import zlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from tg_standin.state import BotMessage, Chat

if TYPE_CHECKING:
    from tg_standin.server import StandIn

Match = str | Callable[[BotMessage], bool]


def tiny_png(width: int = 4, height: int = 4) -> bytes:
    """A valid PNG, so a photo the bot downloads is a real image."""
    raw = b"".join(b"\x00" + b"\xff\x80\x00" * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


class Person:
    """One person in a private chat with the bot."""

    def __init__(self, standin: StandIn, chat: Chat) -> None:
        self.standin = standin
        self.chat = chat
        self.id = chat.id
        self._cursor = 0
        self.last_callback_answer: str | None = None
        self.last_callback_alert: bool = False

    # --- what the person sends -----------------------------------------------------------------

    def _message(self, **content: Any) -> dict[str, Any]:
        reply_to: BotMessage | None = content.pop("_reply_to", None)
        if reply_to is not None:  # Telegram's reply-to: the whole message replied to
            content["reply_to_message"] = self.standin.message_json(self.chat, reply_to)
        self.chat.opened = True  # a person who writes to the bot has opened it
        self.chat.version += 1
        message_id = next(self.chat.next_message_id)
        stored = BotMessage(self.chat.id, message_id, False, content.get("text") or content.get("caption") or "",
                            content_type=content.pop("_type", "text"), file_id=content.pop("_file_id", None))
        self.chat.messages[message_id] = stored
        data = {"message_id": message_id, "date": int(time.time()), "chat": self.chat.as_chat(),
                "from": self.chat.as_user(), **content}
        stored.raw = {k: v for k, v in data.items() if k not in ("message_id", "date", "chat", "from", "reply_to_message")}
        return data

    async def send(self, text: str, *, reply_to: BotMessage | None = None) -> int:
        """`reply_to`: a message of this chat the text replies to (Telegram's «Reply»)."""
        content: dict[str, Any] = {"text": text, "_reply_to": reply_to}
        if text.startswith("/"):
            command = text.split()[0]
            content["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        message = self._message(**content)
        await self.standin.push_update({"message": message})
        return message["message_id"]

    async def send_photo(self, caption: str | None = None, data: bytes | None = None, *,
                         reply_to: BotMessage | None = None) -> int:
        stored = self.standin.store_file(data or tiny_png(), "photo.png", "image/png")
        content: dict[str, Any] = {"photo": [{"file_id": stored.file_id, "file_unique_id": stored.unique_id,
                                              "width": 4, "height": 4, "file_size": len(stored.data)}],
                                   "_type": "photo", "_file_id": stored.file_id, "_reply_to": reply_to}
        if caption:
            content["caption"] = caption
        message = self._message(**content)
        await self.standin.push_update({"message": message})
        return message["message_id"]

    async def send_document(self, data: bytes, filename: str = "file.bin", caption: str | None = None,
                            mime_type: str = "application/octet-stream") -> int:
        stored = self.standin.store_file(data, filename, mime_type)
        content: dict[str, Any] = {"document": {"file_id": stored.file_id, "file_unique_id": stored.unique_id,
                                                "file_name": filename, "mime_type": mime_type,
                                                "file_size": len(data)},
                                   "_type": "document", "_file_id": stored.file_id}
        if caption:
            content["caption"] = caption
        message = self._message(**content)
        await self.standin.push_update({"message": message})
        return message["message_id"]

    async def send_sticker(self) -> int:
        sticker = {"file_id": "S" + secrets.token_hex(6), "file_unique_id": "s1", "type": "regular",
                   "width": 512, "height": 512, "is_animated": False, "is_video": False}
        message = self._message(sticker=sticker, _type="sticker")
        await self.standin.push_update({"message": message})
        return message["message_id"]

    async def send_voice(self, duration: int = 3) -> int:
        voice = {"file_id": "V" + secrets.token_hex(6), "file_unique_id": "v1", "duration": duration}
        message = self._message(voice=voice, _type="voice")
        await self.standin.push_update({"message": message})
        return message["message_id"]

    async def send_location(self, latitude: float, longitude: float) -> int:
        message = self._message(location={"latitude": latitude, "longitude": longitude}, _type="location")
        await self.standin.push_update({"message": message})
        return message["message_id"]

    async def send_contact(self, phone_number: str = "+79780000000") -> int:
        contact = {"phone_number": phone_number, "first_name": self.chat.first_name or "User", "user_id": self.id}
        message = self._message(contact=contact, _type="contact")
        await self.standin.push_update({"message": message})
        return message["message_id"]

    def _find_button(
        self, text: str, message: BotMessage | None, partial: bool
    ) -> tuple[BotMessage, dict[str, Any]] | None:
        candidates = [message] if message else [m for m in reversed(list(self.chat.messages.values()))
                                                 if m.from_bot and not m.deleted]
        for candidate in candidates:
            for row in candidate.inline_keyboard:
                for button in row:
                    label = button.get("text", "")
                    if (text in label) if partial else (label == text):
                        return candidate, button
        return None

    def _find_reply_button(self, text: str) -> dict[str, Any] | None:
        for row in self.chat.reply_keyboard:
            for button in row:
                label = button.get("text", "") if isinstance(button, dict) else str(button)
                if label == text:
                    return button if isinstance(button, dict) else {"text": label}
        return None

    async def press(
        self, text: str, *, message: BotMessage | None = None, partial: bool = False, timeout: float = 5.0
    ) -> None:
        """Press the newest inline button with exactly this text (`partial`: containing it), or a
        reply-keyboard button. Waits up to `timeout` for it to appear, as a person waits for the message."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            found = self._find_button(text, message, partial)
            if found is not None:
                await self._callback(found[0], found[1], max(0.1, deadline - loop.time()))
                return
            reply_button = self._find_reply_button(text)
            if reply_button is not None:
                if reply_button.get("request_contact"):
                    await self.send_contact()
                else:
                    await self.send(reply_button["text"])
                return
            left = deadline - loop.time()
            if left <= 0:
                newest = [m.buttons for m in reversed(self.messages)][:5]
                raise AssertionError(f"{self.id}: no button {text!r}; newest messages' buttons: {newest}")
            async with self.chat.changed:
                try:
                    await asyncio.wait_for(self.chat.changed.wait(), left)
                except TimeoutError:
                    pass

    async def press_button(self, message: BotMessage, button: dict[str, Any], timeout: float = 5.0) -> None:
        """Press this very button of this message (the page presses by place, not by label)."""
        await self._callback(message, button, timeout)

    async def _callback(self, message: BotMessage, button: dict[str, Any], timeout: float) -> None:
        query_id = secrets.token_hex(8)
        answered = self.standin.expect_callback_answer(query_id)
        await self.standin.push_update({"callback_query": {
            "id": query_id, "from": self.chat.as_user(), "chat_instance": str(self.chat.id),
            "message": self.standin.message_json(self.chat, message), "data": button.get("callback_data", ""),
        }})
        try:
            answer = await asyncio.wait_for(answered, timeout)
        except TimeoutError:
            self.last_callback_answer = None
            return
        self.last_callback_answer = answer.get("text")
        self.last_callback_alert = answer.get("show_alert", False)

    # --- what the person reads ---------------------------------------------------------------

    @property
    def messages(self) -> list[BotMessage]:
        return [m for m in self.chat.messages.values() if m.from_bot]

    def unread(self) -> list[BotMessage]:
        return list(self.chat.events[self._cursor :])

    async def next_message(self, timeout: float = 5.0) -> BotMessage:
        async with self.chat.changed:
            try:
                await asyncio.wait_for(self.chat.changed.wait_for(lambda: len(self.chat.events) > self._cursor), timeout)
            except TimeoutError:
                raise AssertionError(f"{self.id}: no new message in {timeout}s; chat holds: {self.messages[-6:]}") from None
        message = self.chat.events[self._cursor]
        self._cursor += 1
        return message

    async def wait_for(self, match: Match, timeout: float = 5.0) -> BotMessage:
        """Skip unread messages (and edits) until one matches: a substring of its text, or a predicate."""
        predicate = (lambda m: match in m.text) if isinstance(match, str) else match
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            left = deadline - asyncio.get_running_loop().time()
            if left <= 0:
                raise AssertionError(f"{self.id}: nothing matching {match!r} in {timeout}s; chat holds: {self.messages[-6:]}")
            try:
                message = await self.next_message(timeout=left)
            except AssertionError:
                raise AssertionError(f"{self.id}: nothing matching {match!r} in {timeout}s; chat holds: {self.messages[-6:]}") from None
            if predicate(message):
                return message

    def sent_message(self, message_id: int) -> BotMessage:
        """A message this person sent (as the chat holds it: with the bot's reaction on it)."""
        return self.chat.messages[message_id]

    async def wait_for_reaction(self, message_id: int, timeout: float = 5.0) -> list[str]:
        """Waits until the bot has put a reaction on this person's message; returns it."""
        message = self.chat.messages[message_id]
        async with self.chat.changed:
            try:
                await asyncio.wait_for(self.chat.changed.wait_for(lambda: bool(message.reactions)), timeout)
            except TimeoutError:
                raise AssertionError(f"{self.id}: no reaction on message #{message_id} in {timeout}s") from None
        return list(message.reactions)

    def download(self, message: BotMessage) -> bytes:
        stored = self.standin.files.get(message.file_id or "")
        if stored is None:
            raise AssertionError("the message has no file")
        return stored.data
