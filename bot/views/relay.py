"""Messages passed on between requester and specialist, as Bot API bodies: a text under a
header, or the media copied with the header as its caption."""

from __future__ import annotations

import html
from typing import Any

from bot.services.outgoing import Message
from bot.views.payloads import send_text


def relay_body(
    to_chat: int, header: str, from_chat: int, message_id: int, content_type: str, text: str | None,
    markup: dict[str, Any] | None = None,
) -> Message:
    """A message passed on between requester and specialist: text with a header, media copied with it."""
    body = html.escape(text, quote=False) if text else ""
    if content_type == "text":
        return Message("SendMessage", send_text(to_chat, f"{header}\n\n{body}", markup))
    payload: dict[str, Any] = {"chat_id": to_chat, "from_chat_id": from_chat, "message_id": message_id,
                               "caption": f"{header}\n\n{body}" if body else header}
    if markup is not None:
        payload["reply_markup"] = markup
    return Message("CopyMessage", payload)
