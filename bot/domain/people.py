"""Who people are to the help desk."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """The role a person declares (REQUIREMENTS R1.1–R1.3)."""

    PARENT = "parent"
    STUDENT = "student"
    TEACHER = "teacher"
    CLASS_TEACHER = "class_teacher"
    ADMINISTRATION = "administration"

    @property
    def is_staff(self) -> bool:
        """Staff give name and problem; parents and students also give the class (R1.1, R1.2)."""
        return self in (Role.TEACHER, Role.CLASS_TEACHER, Role.ADMINISTRATION)


LANGUAGES = ("ru", "en")
RUSSIAN_FAMILY = ("ru", "uk", "be", "kk", "ky", "uz", "tg", "tt", "ba", "cv", "sah")


def language_for(telegram_code: str | None, default: str = "ru") -> str:
    """Russian for the Russian-speaking world and unknown clients, English for the rest."""
    if not telegram_code:
        return default
    base = telegram_code.split("-")[0].lower()
    if base == "en":
        return "en"
    if base in RUSSIAN_FAMILY:
        return "ru"
    return "en"
