"""Cutting a text into parts that each fit Telegram's limits, without breaking its HTML.

Telegram refuses a message over 4,096 characters and a caption over 1,024, counted in
what the person sees: after the HTML is parsed (tags count nothing, `&amp;` counts one).
Telegram counts characters; we count UTF-16 units (an emoji outside the basic plane is
two), which is never fewer, so a part that fits by our count fits by Telegram's.

A part ends at the last line break that fits, else at the last space, else between two
characters; never inside a tag or an entity. Tags open at the cut are closed at the end
of the part and opened again, with their attributes, at the start of the next one.
The tokenizer reads HTML as Telegram's parser does (docs/delivery.md). No aiogram here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024

_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ENTITY = re.compile(r"&(?:#(\d{1,8})|#[xX]([0-9a-fA-F]{1,8})|([a-zA-Z]+));")
_OPEN, _CLOSE, _CHAR = 0, 1, 2


@dataclass(frozen=True, slots=True)
class _Token:
    kind: int
    raw: str  # the source text of this token
    width: int = 0  # UTF-16 units shown (characters only)
    name: str = ""  # the tag's name (tags) or the character shown (characters)


def units(text: str) -> int:
    """UTF-16 units of a plain text."""
    return len(text.encode("utf-16-le")) // 2


def may_exceed(text: str, limit: int) -> bool:
    """False when `text` surely fits (shown text is never longer than its source); quick."""
    return len(text) * 2 > limit and units(text) > limit


def _width(ch: str) -> int:
    return 2 if ord(ch) > 0xFFFF else 1


def _entity_at(text: str, i: int) -> tuple[str, int] | None:
    """The character an entity at `i` stands for, and where it ends; None: a plain '&'."""
    match = _ENTITY.match(text, i)
    if match is None:
        return None
    decimal, hexadecimal, name = match.groups()
    if name is not None:
        shown = _NAMED.get(name)
        return (shown, match.end()) if shown is not None else None
    code = int(decimal) if decimal is not None else int(hexadecimal, 16)
    if not 0 < code <= 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return None
    return chr(code), match.end()


def _tag_end(text: str, i: int) -> int:
    """Where a tag that starts at text[i] == '<' ends (after its '>'), quoted attribute values
    may hold '>'; -1 when it never ends."""
    n = len(text)
    j = i + 1
    quote = ""
    while j < n:
        ch = text[j]
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch == ">":
            return j + 1
        j += 1
    return -1


def _tokens(text: str, html: bool) -> list[_Token]:
    if not html:
        return [_Token(_CHAR, ch, _width(ch), ch) for ch in text]
    out: list[_Token] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "&":
            entity = _entity_at(text, i)
            if entity is not None:
                shown, end = entity
                out.append(_Token(_CHAR, text[i:end], _width(shown), shown))
                i = end
                continue
        elif ch == "<":
            end = _tag_end(text, i)
            if end > 0:
                raw = text[i:end]
                if raw.startswith("</"):
                    out.append(_Token(_CLOSE, raw, 0, raw[2:-1].strip().lower()))
                else:
                    name = re.split(r"[\s>]", raw[1:], maxsplit=1)[0].lower()
                    out.append(_Token(_OPEN, raw, 0, name))
                i = end
                continue
        out.append(_Token(_CHAR, ch, _width(ch), ch))
        i += 1
    return out


def visible_units(text: str, html: bool = True) -> int:
    """The length Telegram checks against its limits, in UTF-16 units."""
    if not html:
        return units(text)
    return sum(token.width for token in _tokens(text, True))


def _render(opened: list[_Token], body: list[_Token], still_open: list[_Token]) -> str:
    return "".join(t.raw for t in opened) + "".join(t.raw for t in body) + "".join(
        f"</{t.name}>" for t in reversed(still_open)
    )


def _after(stack: list[_Token], token: _Token) -> None:
    if token.kind == _OPEN:
        stack.append(token)
    elif token.kind == _CLOSE and stack and (not token.name or stack[-1].name == token.name):
        stack.pop()


def split_text(text: str, limit: int = TEXT_LIMIT, *, html: bool = True, first_limit: int | None = None) -> list[str]:
    """`text` in parts of at most `limit` UTF-16 units shown (the first part: `first_limit`),
    cut at line breaks, then spaces, then anywhere between characters; never inside a tag or
    an entity. A text that fits is returned as it is. Parts with nothing to show are left out."""
    if first_limit is None and (not may_exceed(text, limit) or visible_units(text, html) <= limit):
        return [text]
    tokens = _tokens(text, html)
    parts: list[str] = []
    start, opened = 0, []
    budget = limit if first_limit is None else first_limit
    while start < len(tokens):
        stack = list(opened)
        width = 0
        newline: tuple[int, list[_Token]] | None = None
        space: tuple[int, list[_Token]] | None = None
        i = start
        while i < len(tokens):
            token = tokens[i]
            if token.kind == _CHAR:
                if width + token.width > budget:
                    break
                if token.name == "\n":
                    newline = (i, list(stack))
                elif token.name in " \t":
                    space = (i, list(stack))
                width += token.width
            else:
                _after(stack, token)
            i += 1
        if i == len(tokens):
            _append(parts, _render(opened, tokens[start:], []), tokens[start:])
            break
        for candidate in (newline, space):  # a line break, else a space, with something before it
            if candidate is not None and any(not _blank(t) and t.kind == _CHAR for t in tokens[start:candidate[0]]):
                cut, resume, still_open = candidate[0], candidate[0] + 1, candidate[1]
                break
        else:  # one long word: cut between characters, before any tag opened right there
            cut, still_open = i, stack
            while cut > start and tokens[cut - 1].kind == _OPEN:
                cut -= 1
                still_open = still_open[:-1]
            resume = cut
        if not any(t.kind == _CHAR for t in tokens[start:cut]):
            if budget < limit:  # a first part too small for anything: all goes in the next ones
                budget = limit
                continue
            cut = resume = i + 1  # a limit under one character: never loop for ever
            still_open = list(stack)
        while cut > start and _blank(tokens[cut - 1]):  # Telegram trims each message anyway
            cut -= 1
        while resume < len(tokens) and _blank(tokens[resume]):
            resume += 1
        _append(parts, _render(opened, tokens[start:cut], still_open), tokens[start:cut])
        start, opened = resume, still_open
        budget = limit
    return parts


def _blank(token: _Token) -> bool:
    return token.kind == _CHAR and token.name.isspace()


def _append(parts: list[str], rendered: str, body: list[_Token]) -> None:
    if any(t.kind == _CHAR and not t.name.isspace() for t in body):
        parts.append(rendered)


def fit_caption(
    caption: str, *, html: bool = True, caption_limit: int = CAPTION_LIMIT, text_limit: int = TEXT_LIMIT
) -> tuple[str | None, list[str]]:
    """A caption that fits goes as it is. A longer one: what fits (up to a line break or a
    space) stays with the media, the rest follows as messages of its own."""
    if not may_exceed(caption, caption_limit) or visible_units(caption, html) <= caption_limit:
        return caption, []
    parts = split_text(caption, text_limit, html=html, first_limit=caption_limit)
    if not parts:
        return None, []
    if visible_units(parts[0], html) <= caption_limit:
        return parts[0], parts[1:]
    return None, parts
