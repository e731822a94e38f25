"""Telegram's HTML parse mode: which tags are allowed, and the text a person sees."""

from __future__ import annotations

import html
import re

ALLOWED = {
    "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a", "code", "pre",
    "blockquote", "tg-emoji",
}
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s[^<>]*)?)>")


class ParseError(ValueError):
    """Telegram answers 400 "can't parse entities" for these."""


def to_plain(text: str) -> str:
    """Validate HTML as Telegram does and return what is shown: tags stripped, entities unescaped."""
    out: list[str] = []
    stack: list[str] = []
    pos = 0
    for match in _TAG.finditer(text):
        chunk = text[pos : match.start()]
        if "<" in chunk:
            raise ParseError(f"Unsupported start tag at byte offset {pos + chunk.index('<')}")
        out.append(chunk)
        closing, name, _attrs = match.group(1), match.group(2).lower(), match.group(3)
        if name not in ALLOWED:
            raise ParseError(f'Unsupported start tag "{name}" at byte offset {match.start()}')
        if closing:
            if not stack or stack[-1] != name:
                raise ParseError(f'Unexpected end tag "{name}" at byte offset {match.start()}')
            stack.pop()
        else:
            stack.append(name)
        pos = match.end()
    tail = text[pos:]
    if "<" in tail:
        raise ParseError(f"Unsupported start tag at byte offset {pos + tail.index('<')}")
    out.append(tail)
    if stack:
        raise ParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1]}"')
    return html.unescape("".join(out))
