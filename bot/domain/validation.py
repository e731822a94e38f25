"""Checks of what people type into a request form. Each failure names a text key."""

from __future__ import annotations

import re
from dataclasses import dataclass

NAME_MIN, NAME_MAX = 2, 120
PROBLEM_MIN, PROBLEM_MAX = 10, 2000
LOGIN_MAX = 64

_WORD = r"[A-Za-zА-Яа-яЁё]+(?:[-'’][A-Za-zА-Яа-яЁё]+)*"
# "Иванова Анна Петровна", "Иванова А.П.", "Иванова А. П.", "Smith John", "Petrova-Vodkina A."
_FULL_NAME = re.compile(rf"^{_WORD}(?:\s+{_WORD}){{1,3}}$")
_SURNAME_INITIALS = re.compile(rf"^{_WORD}\s+[A-Za-zА-Яа-яЁё]\.\s*(?:[A-Za-zА-Яа-яЁё]\.)?$")
_INITIALS_SURNAME = re.compile(rf"^[A-Za-zА-Яа-яЁё]\.\s*(?:[A-Za-zА-Яа-яЁё]\.\s*)?{_WORD}$")
_MIXED_SCRIPT = re.compile(r"[A-Za-z]").search
_CYRILLIC = re.compile(r"[А-Яа-яЁё]").search


@dataclass(frozen=True, slots=True)
class Invalid:
    """Why the input was refused: a text key in locales/ and its arguments."""

    key: str
    args: dict[str, int | str]


def clean_spaces(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def check_full_name(text: str) -> str | Invalid:
    """A real full name, or a surname with initials, in one script, of sane length."""
    name = clean_spaces(text)
    if not NAME_MIN <= len(name) <= NAME_MAX:
        return Invalid("form-error-name-length", {"min": NAME_MIN, "max": NAME_MAX})
    if not (_FULL_NAME.match(name) or _SURNAME_INITIALS.match(name) or _INITIALS_SURNAME.match(name)):
        return Invalid("form-error-name-shape", {})
    if _MIXED_SCRIPT(name) and _CYRILLIC(name):
        return Invalid("form-error-name-script", {})
    return " ".join(part[:1].upper() + part[1:] for part in name.split(" "))


def check_problem(text: str) -> str | Invalid:
    problem = text.strip()
    if len(problem) < PROBLEM_MIN:
        return Invalid("form-error-problem-short", {"min": PROBLEM_MIN})
    if len(problem) > PROBLEM_MAX:
        return Invalid("form-error-problem-long", {"max": PROBLEM_MAX, "length": len(problem)})
    return problem


def check_login(text: str) -> str | Invalid:
    login = text.strip()
    if not login or len(login) > LOGIN_MAX or any(ch.isspace() for ch in login):
        return Invalid("form-error-login", {"max": LOGIN_MAX})
    return login


# Latin look-alikes typed instead of Cyrillic class letters.
_LATIN_TO_CYRILLIC = str.maketrans({
    "A": "А", "B": "Б", "V": "В", "G": "Г", "D": "Д", "E": "Е", "Z": "З", "I": "И", "K": "К", "L": "Л",
    "M": "М", "N": "Н", "O": "О", "P": "П", "R": "Р", "S": "С", "T": "Т", "U": "У", "F": "Ф", "H": "Х",
    "C": "С", "Y": "У", "X": "Х",
})
_CLASS = re.compile(r"^\s*(\d{1,2})\s*[-–]?\s*[\"«]?([A-Za-zА-Яа-яЁё])[\"»]?\s*(?:класс|кл\.?)?\s*$", re.IGNORECASE)


def normalize_class(text: str) -> str | None:
    """'5А', '11 б', '5a', '7-в' → '5А', '11Б', '5А', '7В'; a grade from 1 to 11 with one letter."""
    match = _CLASS.match(text or "")
    if not match:
        return None
    grade = int(match[1])
    if not 1 <= grade <= 11:
        return None
    letter = match[2].upper().translate(_LATIN_TO_CYRILLIC)
    if not ("А" <= letter <= "Я" or letter == "Ё"):
        return None
    return f"{grade}{letter}"
