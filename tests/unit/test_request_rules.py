"""Request life cycle, numbering, form validation and the courtesy filter, without Telegram."""

from __future__ import annotations

import pytest

from bot.domain.courtesy import CourtesyFilter
from bot.domain.requests import Status, Topic, can_move, format_number
from bot.domain.validation import Invalid, check_full_name, check_login, check_problem


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Иванова Анна Петровна", "Иванова Анна Петровна"),
        ("  иванова   анна ", "Иванова Анна"),
        ("Иванова А.П.", "Иванова А.П."),
        ("Иванова А. П.", "Иванова А. П."),
        ("А.П. Иванова", "А.П. Иванова"),
        ("Салтыков-Щедрин Михаил", "Салтыков-Щедрин Михаил"),
        ("Smith John", "Smith John"),
        ("O'Neil A.", "O'Neil A."),
    ],
)
def test_real_names_are_accepted_and_tidied(text, expected):
    assert check_full_name(text) == expected


@pytest.mark.parametrize(
    "text, key",
    [
        ("Анна", "form-error-name-shape"),
        ("12345 67", "form-error-name-shape"),
        ("Иванова Anna", "form-error-name-script"),
        ("а", "form-error-name-length"),
        ("Иванова " + "а" * 130, "form-error-name-length"),
        ("Иванова 😀", "form-error-name-shape"),
    ],
)
def test_names_that_are_not_names_are_refused_with_a_reason(text, key):
    result = check_full_name(text)
    assert isinstance(result, Invalid) and result.key == key


def test_problem_length_bounds():
    assert isinstance(check_problem("короткий"), Invalid)
    assert check_problem("  Не открывается дневник  ") == "Не открывается дневник"
    too_long = check_problem("x" * 2001)
    assert isinstance(too_long, Invalid) and too_long.args["length"] == 2001


def test_login_has_no_spaces():
    assert check_login(" ivanova.a ") == "ivanova.a"
    assert isinstance(check_login("ivanova a"), Invalid)
    assert isinstance(check_login(""), Invalid)


def test_life_cycle_allows_reopening_but_not_after_closing():
    assert can_move(Status.NEW, Status.ASSIGNED)
    assert can_move(Status.ASSIGNED, Status.IN_PROGRESS)
    assert can_move(Status.IN_PROGRESS, Status.WAITING)
    assert can_move(Status.RESOLVED, Status.IN_PROGRESS)
    assert not can_move(Status.CLOSED, Status.IN_PROGRESS)
    assert not can_move(Status.NEW, Status.RESOLVED)
    assert Status.WAITING.is_open and not Status.RESOLVED.is_open


def test_numbers_and_topics():
    assert format_number(2026, 42) == "2026-0042"
    assert format_number(2026, 12345) == "2026-12345"
    assert Topic.COMPROMISED.needs_login and not Topic.GENERAL.needs_login


@pytest.mark.parametrize(
    "text",
    ["Вы идиоты!", "ЁБАНЫЙ журнал", "what the fuck is this", "Да вы все тупые", "сука, опять"],
)
def test_rude_messages_are_caught_on_stems(text):
    assert CourtesyFilter().is_rude(text)


@pytest.mark.parametrize(
    "text",
    ["Спасибо большое!", "Сукно для формы", "Не могу войти в дневник", "Dickens is on the reading list", "Оскорблений нет"],
)
def test_ordinary_words_are_not_flagged(text):
    assert not CourtesyFilter().is_rude(text)


def test_school_can_extend_the_lists():
    custom = CourtesyFilter.from_config({"extra_stems": ["балбес"], "exceptions": ["идиотизм"]})
    assert custom.is_rude("Ну и балбесы")
    assert not custom.is_rude("какой-то идиотизм в расписании")
    assert custom.is_rude("вы идиот")


@pytest.mark.parametrize(
    "text, expected",
    [("5А", "5А"), ("11 б", "11Б"), ("5a", "5А"), ("7-в", "7В"), ("10 «Б» класс", "10Б"), ("1g", "1Г")],
)
def test_classes_are_normalised(text, expected):
    from bot.domain.validation import normalize_class

    assert normalize_class(text) == expected


@pytest.mark.parametrize("text", ["12А", "0Б", "5", "А5", "5АБ", "пятый", ""])
def test_not_a_class(text):
    from bot.domain.validation import normalize_class

    assert normalize_class(text) is None
