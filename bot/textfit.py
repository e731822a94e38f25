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
from typing import NamedTuple

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024

_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ENTITY = re.compile(r"&(?:#(\d{1,8})|#[xX]([0-9a-fA-F]{1,8})|([a-zA-Z]+));")
_OPEN, _CLOSE, _CHAR = 0, 1, 2


class _Token(NamedTuple):
    kind: int
    raw: str  # the source text of this token
    width: int  # UTF-16 units shown (characters only)
    name: str  # the tag's name (tags) or the character shown (characters)


# A tag (quoted attribute values may hold '>') or an entity Telegram knows; the rest is letters.
_MARKUP = re.compile(r"""<(?:[^<>"']|"[^"]*"|'[^']*')*>|&(?:#\d{1,8}|#[xX][0-9a-fA-F]{1,8}|lt|gt|amp|quot);""")


def units(text: str) -> int:
    """UTF-16 units of a plain text."""
    return len(text.encode("utf-16-le")) // 2


def may_exceed(text: str, limit: int) -> bool:
    """False when `text` surely fits (shown text is never longer than its source); quick."""
    return len(text) * 2 > limit and units(text) > limit


def _entity(raw: str) -> str | None:
    """The character an entity stands for; None: not one Telegram reads (a plain '&' then)."""
    match = _ENTITY.fullmatch(raw)
    if match is None:
        return None
    decimal, hexadecimal, name = match.groups()
    if name is not None:
        return _NAMED.get(name)
    code = int(decimal) if decimal is not None else int(hexadecimal, 16)
    if not 0 < code <= 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return None
    return chr(code)


def _letters(text: str, out: list[_Token]) -> None:
    out.extend(_Token(_CHAR, ch, 2 if ch > "\uffff" else 1, ch) for ch in text)


def _tokens(text: str, html: bool) -> list[_Token]:
    out: list[_Token] = []
    if not html:
        _letters(text, out)
        return out
    pos = 0
    for match in _MARKUP.finditer(text):
        if match.start() > pos:
            _letters(text[pos : match.start()], out)
        raw = match.group()
        if raw[0] == "&":
            shown = _entity(raw)
            if shown is None:
                _letters(raw, out)
            else:
                out.append(_Token(_CHAR, raw, 2 if shown > "\uffff" else 1, shown))
        elif raw.startswith("</"):
            out.append(_Token(_CLOSE, raw, 0, raw[2:-1].strip().lower()))
        else:
            out.append(_Token(_OPEN, raw, 0, re.split(r"[\s>]", raw[1:], maxsplit=1)[0].lower()))
        pos = match.end()
    if pos < len(text):
        _letters(text[pos:], out)
    return out


def _shown(match: re.Match[str]) -> str:
    raw = match.group()
    if raw[0] == "<":
        return ""
    shown = _entity(raw)
    return raw if shown is None else shown


def visible_units(text: str, html: bool = True) -> int:
    """The length Telegram checks against its limits, in UTF-16 units."""
    return units(_MARKUP.sub(_shown, text) if html else text)


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
    start = 0
    opened: list[_Token] = []
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
