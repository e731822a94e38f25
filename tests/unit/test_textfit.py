"""Cutting long texts for Telegram: every part fits, parses as Telegram parses it, and
together the parts show the whole text."""

from __future__ import annotations

import random

import pytest

from bot.textfit import CAPTION_LIMIT, TEXT_LIMIT, fit_caption, split_text, units, visible_units
from tg_standin.html import to_plain


def shown(parts: list[str]) -> str:
    """What the person reads, all parts together, whitespace aside."""
    return "".join("".join(to_plain(part).split()) for part in parts)


def check(text: str, parts: list[str], limit: int = TEXT_LIMIT) -> None:
    assert len(parts) > 1
    for part in parts:
        plain = to_plain(part)  # raises as Telegram would: "can't parse entities"
        assert 0 < units(plain) <= limit
        assert plain.strip()
    assert shown(parts) == "".join(to_plain(text).split())


def test_a_text_that_fits_is_left_as_it_is():
    text = "<b>Итог</b> недели &amp; " + "а" * 4000
    assert split_text(text) == [text]
    exactly = "я" * TEXT_LIMIT
    assert split_text(exactly) == [exactly]
    assert len(split_text(exactly + "я")) == 2


def test_tags_and_entities_do_not_count_but_letters_do():
    text = "<b>" + "&lt;" * 3000 + "</b><i>" + "x" * 1096 + "</i>"
    assert visible_units(text) == 4096
    assert split_text(text) == [text]
    assert len(split_text(text + "y")) == 2


def test_cut_at_the_last_line_break_that_fits():
    lines = [f"Строка {n}: " + "слово " * 20 for n in range(100)]
    text = "\n".join(lines)
    parts = split_text(text)
    check(text, parts)
    for part in parts:
        assert part.startswith("Строка ")  # every part begins at the start of a line
        assert part.rstrip().endswith("слово")


def test_a_long_line_is_cut_at_a_space_then_anywhere():
    words = " ".join(["длинное"] * 1200)
    parts = split_text(words)
    check(words, parts)
    assert all(part.startswith("длинное") and part.endswith("длинное") for part in parts)
    one_word = "ы" * 9000
    hard = split_text(one_word)
    assert [len(p) for p in hard] == [4096, 4096, 808]


def test_never_inside_a_tag_or_an_entity_and_open_tags_are_reopened():
    text = "".join(f'<b>Ж{n} <a href="https://e.example/?a=1&amp;b=2">ссылка &amp; &#128512;</a></b>\n'
                   for n in range(400))
    parts = split_text(text)
    check(text, parts)
    nested = "<b>жирный <i>курсив " + "слово " * 1500 + "</i> конец</b>"
    parts = split_text(nested)
    check(nested, parts)
    assert parts[0].endswith("</i></b>")
    assert parts[1].startswith("<b><i>")  # reopened in the same order, with attributes
    tight = "<code>" + "&amp;" * 5000 + "</code>"
    parts = split_text(tight)
    check(tight, parts)
    assert parts[0] == "<code>" + "&amp;" * 4096 + "</code>"


def test_attributes_with_angle_brackets_in_quotes_stay_whole():
    text = ('<a href="https://e.example/?q=a>b">' + "x" * 5000 + "</a>")
    parts = split_text(text)
    check(text, parts)
    assert all(part.startswith('<a href="https://e.example/?q=a>b">') for part in parts)


def test_emoji_outside_the_basic_plane_count_two_and_are_never_halved():
    text = "😀" * 3000  # 6,000 UTF-16 units
    parts = split_text(text)
    check(text, parts)
    assert [len(p) for p in parts] == [2048, 952]


def test_random_html_always_parses_and_fits():
    rng = random.Random(7)
    pieces = ["слово", " ", "\n", "&amp;", "&lt;", "😀", "<b>", "</b>", "<i>", "</i>", "ж" * 50, "&#x41;"]
    for _ in range(15):
        stack: list[str] = []
        out: list[str] = []
        for _ in range(rng.randrange(200, 1500)):
            piece = rng.choice(pieces)
            if piece in ("<b>", "<i>"):
                stack.append(piece[1:-1])
            elif piece in ("</b>", "</i>"):
                if not stack:
                    continue
                piece = f"</{stack.pop()}>"
            out.append(piece)
        out.extend(f"</{name}>" for name in reversed(stack))
        text = "".join(out)
        limit = rng.choice([50, 300, TEXT_LIMIT])
        parts = split_text(text, limit)
        for part in parts:
            assert units(to_plain(part)) <= limit
        assert shown(parts) == "".join(to_plain(text).split())


def test_plain_text_is_cut_without_reading_it_as_html():
    text = "a <b> & c\n" * 1000
    parts = split_text(text, html=False)
    assert all(len(p) <= TEXT_LIMIT for p in parts)
    assert "".join(p.replace("\n", "") for p in parts) == text.replace("\n", "")


def test_a_caption_that_fits_stays_with_the_media():
    header = "💬 <b>№ 2026-0001</b> · Кузнецова Анна Сергеевна, 5А"
    caption = header + "\n\n" + "с" * 990
    assert visible_units(caption) > CAPTION_LIMIT
    head, rest = fit_caption(caption)
    assert head == header
    assert rest == ["с" * 990]
    assert fit_caption("короткая подпись") == ("короткая подпись", [])


def test_a_caption_without_any_break_goes_as_a_message_of_its_own():
    head, rest = fit_caption("ю" * 1500)
    assert head is not None and len(head) == CAPTION_LIMIT and rest == ["ю" * 476]
    huge = "<b>" + "слово " * 2000 + "</b>"
    head, rest = fit_caption(huge)
    assert head is not None and units(to_plain(head)) <= CAPTION_LIMIT
    check(huge, [head, *rest])


@pytest.mark.parametrize("limit", [1, 2, 3])
def test_tiny_limits_make_progress(limit):
    parts = split_text("😀ab😀", limit)
    assert "".join(parts) == "😀ab😀"
