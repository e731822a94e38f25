"""Bot API request bodies, as the outbox stores them.

The outbox (storage/outbox.py) keeps a payload as an opaque JSON object and hands it back to
the sender unchanged; how a message looks to the Bot API is decided here.
"""

from __future__ import annotations

from typing import Any


def send_text(
    chat_id: int, text: str, reply_markup: dict[str, Any] | None = None, **extra: Any
) -> dict[str, Any]:
    """The body of a sendMessage: the chat, the text, an optional inline keyboard (as a dict)."""
    payload: dict[str, Any] = {"chat_id": chat_id, "text": text, **extra}
    if reply_markup is not None:
        payload["reply_markup"] = reply_markup
    return payload


def edit_text(chat_id: int, message_id: int, text: str, reply_markup: dict[str, Any] | None) -> dict[str, Any]:
    """The body of an editMessageText: the message, its new text and keyboard (None: no buttons)."""
    return {"chat_id": chat_id, "message_id": message_id, "text": text, "reply_markup": reply_markup}
