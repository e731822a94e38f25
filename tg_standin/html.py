"""Telegram's HTML parse mode: which tags are allowed, and the text a person sees.

Read as Telegram's own parser reads it (TDLib's `parse_html`): the same tags, the same
entities (`&lt;` `&gt;` `&amp;` `&quot;` and numeric ones; any other `&` is a plain
character), the same errors with their byte offsets (UTF-8), e.g.
`Unsupported start tag "foo" at byte offset 4`, `Can't find end tag corresponding to
start tag "b"`, `Unmatched end tag at byte offset 9, expected "</b>", found "</i>"`.
"""

from __future__ import annotations

import re

ALLOWED = {
    "a", "b", "strong", "i", "em", "s", "strike", "del", "u", "ins", "tg-spoiler", "tg-emoji", "span", "pre", "code",
    "blockquote",
}
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ENTITY = re.compile(r"&(?:#(\d{1,8})|#[xX]([0-9a-fA-F]{1,8})|([a-zA-Z]+));")
_SPACE = " \t\r\n\f\v"


class ParseError(ValueError):
    """Telegram answers 400 "can't parse entities: …" for these."""


def decode_entity(text: str, i: int) -> tuple[str, int] | None:
    """The character an entity at text[i] == '&' stands for and where it ends; None: a plain '&'."""
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


def to_plain(text: str) -> str:
    """Validate HTML as Telegram does and return what is shown: tags stripped, entities decoded."""
    out: list[str] = []
    stack: list[str] = []
    n = len(text)
    i = 0

    def offset(pos: int) -> int:
        return len(text[:pos].encode("utf-8", "surrogatepass"))

    def at(pos: int) -> str:
        return text[pos] if pos < n else ""

    while i < n:
        ch = text[i]
        if ch == "&":
            entity = decode_entity(text, i)
            if entity is not None:
                out.append(entity[0])
                i = entity[1]
                continue
        if ch != "<":
            out.append(ch)
            i += 1
            continue
        begin = i
        i += 1
        if at(i) != "/":
            start = i
            while i < n and text[i] not in _SPACE and text[i] != ">":
                i += 1
            if i >= n:
                raise ParseError(f"Unclosed start tag at byte offset {offset(begin)}")
            name = text[start:i].lower()
            if name not in ALLOWED:
                raise ParseError(f'Unsupported start tag "{name}" at byte offset {offset(begin)}')
            attributes: dict[str, str] = {}
            while at(i) != ">":
                while i < n and text[i] in _SPACE:
                    i += 1
                if at(i) == ">":
                    break
                if i >= n:
                    raise ParseError(f"Unclosed start tag at byte offset {offset(begin)}")
                name_start = i
                while i < n and text[i] not in _SPACE and text[i] not in "=>":
                    i += 1
                attribute = text[name_start:i].lower()
                if not attribute:
                    raise ParseError(f'Empty attribute name in the tag "{name}" at byte offset {offset(begin)}')
                while i < n and text[i] in _SPACE:
                    i += 1
                if at(i) != "=":
                    if name == "blockquote" and attribute == "expandable":
                        attributes[attribute] = ""
                        continue
                    raise ParseError(f'Expected equal sign in declaration of an attribute of the tag "{name}" '
                                     f"at byte offset {offset(begin)}")
                i += 1
                while i < n and text[i] in _SPACE:
                    i += 1
                if i >= n:
                    raise ParseError(f"Unclosed start tag at byte offset {offset(begin)}")
                if text[i] not in "'\"":
                    value_start = i
                    while i < n and (text[i].isalnum() or text[i] in ".-"):
                        i += 1
                    value = text[value_start:i].lower()
                    if at(i) not in (*tuple(_SPACE), ">"):
                        raise ParseError(f"Unexpected end of name token at byte offset {offset(i)}")
                else:
                    quote = text[i]
                    i += 1
                    value_start = i
                    while i < n and text[i] != quote:
                        i += 1
                    value = text[value_start:i]
                    if i < n:
                        i += 1
                if i >= n:
                    raise ParseError(f"Unclosed start tag at byte offset {offset(begin)}")
                attributes[attribute] = value
            if name == "span" and attributes.get("class") != "tg-spoiler":
                raise ParseError(f'Tag "span" must have class "tg-spoiler" at byte offset {offset(begin)}')
            stack.append(name)
            i += 1
        else:
            if not stack:
                raise ParseError(f"Unexpected end tag at byte offset {offset(begin)}")
            while i < n and text[i] not in _SPACE and text[i] != ">":
                i += 1
            end_name = text[begin + 2 : i]
            while i < n and text[i] in _SPACE:
                i += 1
            if at(i) != ">":
                raise ParseError(f"Unclosed end tag at byte offset {offset(begin)}")
            expected = stack.pop()
            if end_name and end_name != expected:
                raise ParseError(f'Unmatched end tag at byte offset {offset(begin)}, expected "</{expected}>", '
                                 f'found "</{end_name}>"')
            i += 1
    if stack:
        raise ParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1]}"')
    return "".join(out)
