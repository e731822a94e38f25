"""An area's title in a person's language: one rule (bot/domain/school.py, Area.title) for the
form, its summary, the hand-over buttons, /schedule and the cards."""

from __future__ import annotations

from bot.domain.school import Area


def test_english_for_en_russian_otherwise():
    area = Area(id="eljur", title_ru="ЭлЖур", title_en="ElJur")
    assert area.title("en") == "ElJur"
    assert area.title("ru") == "ЭлЖур"
    assert area.title("de") == "ЭлЖур"  # a language without texts of its own reads Russian
