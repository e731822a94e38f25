"""A message's Telegram HTML as safe HTML for the page: Telegram's tags kept (bold, italic,
links, code, quotes, spoilers), everything else shown as the text it is."""

from __future__ import annotations

import html
from html.parser import HTMLParser

# Telegram's tag → the page's tag (and class).
TAGS = {
    "b": "b", "strong": "b", "i": "i", "em": "i", "u": "u", "ins": "u", "s": "s", "strike": "s", "del": "s",
    "code": "code", "pre": "pre", "blockquote": "blockquote", "tg-spoiler": "span", "tg-emoji": "span",
    "span": "span", "a": "a",
}


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        name = TAGS.get(tag)
        if name is None:
            self.out.append(html.escape(self.get_starttag_text() or ""))
            return
        values = dict(attrs)
        if tag == "a":
            href = values.get("href") or ""
            safe = href if href.startswith(("http://", "https://", "tg://", "mailto:")) else "#"
            self.out.append(f'<a href="{html.escape(safe)}" target="_blank" rel="noopener noreferrer">')
        elif tag == "tg-spoiler" or (tag == "span" and values.get("class") == "tg-spoiler"):
            self.out.append('<span class="spoiler" title="Скрытый текст">')
        elif tag == "blockquote" and "expandable" in values:
            self.out.append('<blockquote class="expandable">')
        elif tag == "span" or tag == "tg-emoji":
            self.out.append("<span>")
        else:
            self.out.append(f"<{name}>")
        self.open.append(name)

    def handle_endtag(self, tag: str) -> None:
        name = TAGS.get(tag)
        if name is None or not self.open:
            self.out.append(html.escape(f"</{tag}>"))
            return
        self.out.append(f"</{self.open.pop()}>")

    def handle_data(self, data: str) -> None:
        self.out.append(html.escape(data, quote=False))


def telegram_html(raw: str) -> str:
    """What a person sees of a message sent with parse_mode=HTML, as page HTML."""
    # Telegram reads only &lt; &gt; &amp; &quot; and numeric entities; any other & is a letter.
    parser = _Page()
    parser.feed(_keep_unknown_entities(raw))
    parser.close()
    return "".join(parser.out) + "".join(f"</{name}>" for name in reversed(parser.open))


def plain_html(text: str) -> str:
    return html.escape(text, quote=False)


def _keep_unknown_entities(raw: str) -> str:
    from tg_standin.html import decode_entity

    out, i = [], 0
    while True:
        j = raw.find("&", i)
        if j < 0:
            out.append(raw[i:])
            return "".join(out)
        out.append(raw[i:j])
        decoded = decode_entity(raw, j)
        if decoded is None:
            out.append("&amp;")
            i = j + 1
        else:
            out.append(raw[j:decoded[1]])
            i = decoded[1]
