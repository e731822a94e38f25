"""Everything the stand-in remembers: chats, messages (both ways), files, pending updates."""

from __future__ import annotations

import asyncio
import itertools
import time
from dataclasses import dataclass, field
from typing import Any


@dataclass
class BotMessage:
    """A message in a chat, as the person sees it now (edits applied in place)."""

    chat_id: int
    message_id: int
    from_bot: bool
    text: str = ""
    html: str = ""
    reply_markup: dict[str, Any] | None = None
    photo: bytes | None = None
    document: bytes | None = None
    document_name: str | None = None
    file_id: str | None = None
    content_type: str = "text"
    sent_at: float = field(default_factory=time.time)
    edited: bool = False
    deleted: bool = False
    raw: dict[str, Any] = field(default_factory=dict)
    reactions: list[str] = field(default_factory=list)  # the bot's reaction on it (setMessageReaction)

    @property
    def inline_keyboard(self) -> list[list[dict[str, Any]]]:
        if self.reply_markup and "inline_keyboard" in self.reply_markup:
            return self.reply_markup["inline_keyboard"]
        return []

    @property
    def reply_keyboard(self) -> list[list[dict[str, Any]]]:
        if self.reply_markup and "keyboard" in self.reply_markup:
            return self.reply_markup["keyboard"]
        return []

    @property
    def buttons(self) -> list[list[str]]:
        rows = self.inline_keyboard or self.reply_keyboard
        return [[button["text"] if isinstance(button, dict) else str(button) for button in row] for row in rows]

    def __repr__(self) -> str:
        flags = " edited" if self.edited else ""
        flags += " deleted" if self.deleted else ""
        return f"<#{self.message_id}{flags} {self.content_type} {self.text[:120]!r} buttons={self.buttons}>"


@dataclass
class Chat:
    id: int
    type: str  # private | group | supergroup
    title: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = None
    is_forum: bool = False
    messages: dict[int, BotMessage] = field(default_factory=dict)
    events: list[BotMessage] = field(default_factory=list)  # bot messages and their edits, in order
    reply_keyboard: list[list[dict[str, Any]]] = field(default_factory=list)
    changed: asyncio.Condition = field(default_factory=asyncio.Condition)
    next_message_id: itertools.count = field(default_factory=lambda: itertools.count(1))
    blocked: bool = False
    opened: bool = True  # False: the person never wrote to the bot; sending to them is "chat not found"
    version: int = 0  # grows with every change a person would see (the page asks "anything new?")

    def as_chat(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "type": self.type}
        for key in ("title", "first_name", "last_name", "username"):
            if getattr(self, key):
                data[key] = getattr(self, key)
        if self.is_forum:
            data["is_forum"] = True
        return data

    def as_user(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name or "User"}
        for key in ("last_name", "username", "language_code"):
            if getattr(self, key):
                data[key] = getattr(self, key)
        return data


@dataclass(frozen=True)
class SentRecord:
    time: float
    method: str
    chat_id: int
    message_id: int | None
    text: str | None


@dataclass
class StoredFile:
    file_id: str
    unique_id: str
    data: bytes
    name: str | None = None
    mime_type: str | None = None

    @property
    def path(self) -> str:
        return f"files/{self.file_id}"
