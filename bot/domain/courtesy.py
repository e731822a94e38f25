"""R3.1: insults and obscenities, matched on word stems, in Russian and English.

A stem matches a word that starts with it; `exceptions` lists ordinary words that
start with a listed stem ("сукно"). Both lists can be extended in the school's
configuration ([courtesy] table); the defaults below are deliberately short.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

DEFAULT_STEMS: tuple[str, ...] = (
    # Russian obscenities (stems)
    "хуй", "хуе", "хуё", "хуя", "пизд", "ебан", "ебат", "ебал", "ёбан", "заеб", "уеб", "выеб", "бля",
    "сука", "суки", "сучк", "мудак", "мудил", "гандон", "пидор", "пидар", "шлюх",
    # Russian insults
    "дебил", "идиот", "придур", "тупиц", "тупой", "тупая", "тупые", "тупорыл", "кретин", "урод", "дура", "дурак", "козел",
    "козёл", "сволоч", "тварь", "твари", "скотин", "ничтожеств", "бестолоч",
    # English
    "fuck", "shit", "bitch", "asshole", "bastard", "cunt", "dick", "idiot", "moron", "stupid", "retard",
    "dumbass", "jerk",
)
DEFAULT_EXCEPTIONS: tuple[str, ...] = ("сукно", "сукон", "дуран", "dickens", "tupac")

_WORDS = re.compile(r"[a-zа-яё]+", re.IGNORECASE)


@dataclass(frozen=True)
class CourtesyFilter:
    stems: tuple[str, ...] = DEFAULT_STEMS
    exceptions: tuple[str, ...] = DEFAULT_EXCEPTIONS
    _stems: tuple[str, ...] = field(init=False, repr=False)
    _exceptions: tuple[str, ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_stems", tuple(s.lower().replace("ё", "е") for s in self.stems))
        object.__setattr__(self, "_exceptions", tuple(e.lower().replace("ё", "е") for e in self.exceptions))

    @classmethod
    def from_config(cls, raw: dict | None) -> CourtesyFilter:
        raw = raw or {}
        stems = tuple(DEFAULT_STEMS) + tuple(raw.get("extra_stems", ()))
        exceptions = tuple(DEFAULT_EXCEPTIONS) + tuple(raw.get("exceptions", ()))
        return cls(stems=stems, exceptions=exceptions)

    def offending_words(self, text: str) -> list[str]:
        found: list[str] = []
        for word in _WORDS.findall(text.lower()):
            normal = word.replace("ё", "е")
            # str.startswith takes the whole tuple: one call per word, not one per stem.
            if normal.startswith(self._stems) and not normal.startswith(self._exceptions):
                found.append(word)
        return found

    def is_rude(self, text: str) -> bool:
        return bool(self.offending_words(text))

