"""R3.1: insults and obscenities, judged on normalised words and their lemmas.

The text is normalised first: Unicode NFKC, lower case, ё→е, Latin and digit look-alikes
inside Cyrillic words mapped to Cyrillic («идиoты», «cyкa», «д3бил», «6лять»), single
letters split by spaces, hyphens or dots joined («д е б и л ы»), letters repeated three
times or more collapsed («дуууура»).

Then two levels:

- OBSCENE: a word containing an obscene root (мат) in any form and with any prefix
  («нахуй», «охуели», «долбоёбы»); roots are searched in the normalised word, with an
  allow-list for ordinary words that contain the same letters («оскорблять», «корабля»,
  «хлеба», «учебник», «застрахуйте»). An asterisk inside a word («с*ка») is tried with
  every letter against the obscene roots.
- INSULT: a word whose lemma (pymorphy3) is a known insult («мрази» → мразь) — unless it
  is a proper name (Surn/Name/Patr/Geox/Orgn, or capitalised mid-sentence), inside
  quotes (a title: «Идиот»), or part of a known innocent phrase (тупой угол,
  гимнастический козёл).

The morphological analyzer loads lazily, once per process, on the first word that needs it
(about 0.15 s), so importing the bot does not grow. The school's [courtesy] table may add
`extra_stems` (judged as extra insult lemmas, or word beginnings) and `exceptions` (word
beginnings never judged).
"""

from __future__ import annotations

import enum
import itertools
import re
import threading
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any


class Level(enum.IntEnum):
    NONE = 0
    INSULT = 1
    OBSCENE = 2


@dataclass(frozen=True)
class Verdict:
    level: Level
    words: tuple[str, ...] = ()

    @property
    def rude(self) -> bool:
        return self.level is not Level.NONE


# ---- insults, as lemmas (pymorphy3 normal forms, ё written as е) ------------------------
INSULT_LEMMAS: frozenset[str] = frozenset(
    {
        "идиот", "идиотка", "идиотский", "дебил", "дебилка", "дебильный", "дебилоид", "дурак", "дура",
        "дурачок", "дурачина", "дурында", "тупица", "тупой", "тупорылый", "тупоголовый", "кретин",
        "кретинка", "кретинский", "мразь", "мразота", "ублюдок", "ублюдочный", "урод", "уродина",
        "уродка", "уродский", "скотина", "козел", "козлина", "сволочь", "сволочной", "говно",
        "говнюк", "говняный", "придурок", "придурочный", "придурковатый", "тварь", "ничтожество",
        "бестолочь", "недоумок", "олух", "болван", "остолоп", "чмо", "быдло", "гнида", "падла",
        "падаль", "шваль", "лох", "безмозглый", "отморозок", "дегенерат", "даун", "засранец",
        "говнюшка", "чушка", "обормот", "балбес", "идиотина", "кретинизм", "паскуда",
    }
)
# Insult word forms for the lemma-less fallback (unknown words, pymorphy guesses).
_INSULT_BEGINNINGS: tuple[str, ...] = (
    "идиот", "дебил", "кретин", "придур", "ублюд", "мраз", "сволоч", "говнюк", "тупорыл", "тупиц",
)

# Innocent phrases: insult lemma → lemmas that, within two words either side, make it ordinary.
_INNOCENT_NEIGHBOURS: dict[str, frozenset[str]] = {
    "тупой": frozenset({"угол", "нож", "карандаш", "ножницы", "боль", "конец", "край", "игла",
                        "треугольник", "угловой", "лезвие", "сторона", "острый"}),
    "козел": frozenset({"гимнастический", "прыжок", "прыгать", "перепрыгнуть", "прыгнуть", "снаряд",
                        "физкультура", "спортзал", "опорный", "коза", "баран", "корова", "ферма",
                        "огород", "козленок", "упражнение", "конь", "через"}),
    "скотина": frozenset({"кормить", "пасти", "домашний", "сарай", "ферма", "корм", "держать", "пастух",
                          "хлев", "крупный", "рогатый", "скот", "птица", "деревня", "хозяйство"}),
    "тварь": frozenset({"божий", "всякий", "пара", "дрожащий", "живой"}),
    "гнида": frozenset({"вошь", "педикулез", "осмотр", "медсестра", "волос", "голова"}),
    "дурак": frozenset({"иван", "иванушка", "играть", "карта", "игра", "сказка"}),
    "дурачок": frozenset({"иван", "иванушка", "сказка"}),
    "говно": frozenset(),
    "даун": frozenset({"синдром", "ребенок"}),
    "урод": frozenset({"семья", "без"}),
    "падаль": frozenset({"питаться", "стервятник", "гиена", "гриф", "животное"}),
    "лох": frozenset({"серебристый", "дерево", "кустарник"}),
}
_NAME_TAGS = ("Surn", "Name", "Patr", "Geox", "Orgn", "Trad")

# ---- obscene roots (мат), searched in the normalised word ------------------------------
_EB_PREFIXES = (
    "за|вы|у|на|от|отъ|по|раз|разъ|рас|до|об|объ|при|пере|недо|про|съ|подъ|вз|взъ|изъ|въ|долбо|мозго"
    "|не|ни|пиздо|хуе|вы|наи|с[ьъ]"
)
_OBSCENE = re.compile(
    r"ху[йяеюи]"
    r"|п[иеё]зд"
    r"|^(?:вы|за|по|от)?бля|^блать"
    r"|^(?:" + _EB_PREFIXES + r")?еб"
    r"|долбо[её]б|мозго[её]б"
    r"|^сук(?:а|и|у|ой|е|ам|ами|ах)$|^сучар|^сучий$|^сучье$|^сучья(?:р|ра)"
    r"|муда[кч]|мудил|мудо[зв]"
    r"|залуп|г[ао]ндон|пид[оа]р|пидр|шлюх"
    r"|fuck|^shit|^bitch|^cunt|^motherf"
)
# Ordinary words containing an obscene root's letters; a word starting with one of these is fine.
OBSCENE_ALLOWED: tuple[str, ...] = (
    "страху", "застраху", "перестраху", "подстраху", "чихуа", "бляш", "блях", "ебург",
    "сукно", "сукон",
)
_ENGLISH_INSULTS = frozenset(
    {"idiot", "idiots", "moron", "morons", "stupid", "retard", "retards", "retarded", "dumbass", "asshole",
     "assholes", "bastard", "bastards", "jerk", "jerks", "dick", "dickhead", "loser", "losers"}
)

# ---- normalisation ----------------------------------------------------------------------
# Latin look-alikes (after lower case) and other symbols, to Cyrillic; a tuple means "try each".
_LOOKALIKE: dict[str, tuple[str, ...]] = {
    "a": ("а",), "o": ("о",), "e": ("е",), "c": ("с",), "p": ("р",), "x": ("х",), "y": ("у",),
    "k": ("к",), "m": ("м",), "t": ("т",), "h": ("н",), "b": ("в", "ь"), "u": ("и",), "n": ("п",),
    "r": ("г",), "i": ("і",), "3": ("з", "е"), "0": ("о",), "6": ("б",), "4": ("ч", "а"),
    "@": ("а",), "$": ("с",), "1": ("и", "л"), "z": ("з",), "9": ("я",),
}
_CYR = re.compile(r"[а-яё]")
_LATIN_WORD = re.compile(r"^[a-z]+$")
_CLASS = re.compile(r"^\d{1,2}[а-яa-z]$")
_TOKEN = re.compile(r"(?:[^\W_]|[@*$])+")
# Three or more single characters, each followed by one or more separators: «д е б и л», «д-е-б-и-л».
_SPLIT = re.compile(r"(?<![^\W_])(?:[^\W_][ \t.\-_·,]+){2,}[^\W_](?![^\W_])")
_REPEAT = re.compile(r"(.)\1{2,}")
_QUOTED = re.compile(r"«[^»\n]*»|\"[^\"\n]*\"|„[^“”\n]*[“”]|“[^”\n]*”|'[^'\n]{2,}'")
_WILDCARD_LETTERS = "аеиоуыяюэбвгдзйклмнпрстхцчшщжь"
_WILDCARD_WORDS = 6  # words with an asterisk tried per message


def _join_split(match: re.Match[str]) -> str:
    return re.sub(r"[ \t.\-_·,]+", "", match.group(0))


def normalise(text: str) -> str:
    """The text as judged: NFKC, lower case, ё→е, look-alikes inside Cyrillic words, split letters joined."""
    text = unicodedata.normalize("NFKC", text)
    text = _SPLIT.sub(_join_split, text).lower().replace("ё", "е")
    return _TOKEN.sub(lambda m: _variants(m.group(0))[0], text)


def _variants(word: str) -> list[str]:
    """Ways to read a lower-case word: look-alikes mapped where the word is mainly Cyrillic, repeats collapsed."""
    word = word.replace("ё", "е").strip("*")
    # Mapped only where the word is mainly Cyrillic: «3б», «11а» (classes) and «5-й» stay as written.
    if _CYR.search(word) and not _CLASS.match(word):
        choices = [_LOOKALIKE.get(ch, (ch,)) if not _CYR.match(ch) and ch != "*" else (ch,) for ch in word]
        count = 1
        for c in choices:
            count *= len(c)
        if count > 16:
            choices = [c[:1] for c in choices]
        out = ["".join(p) for p in itertools.product(*choices)]
    else:
        out = [word]
    result: list[str] = []
    for v in out:
        v = _REPEAT.sub(r"\1", v)
        if v not in result:
            result.append(v)
    return result


def _latin_as_cyrillic(word: str) -> str | None:
    """An all-Latin word made only of look-alike letters («cyka»), read as Cyrillic; None otherwise."""
    if len(word) < 3 or not all(ch in "aoecpxykmth" for ch in word):
        return None
    return "".join(_LOOKALIKE[ch][0] for ch in word)


# ---- the analyzer: one per process, created lazily ---------------------------------------
_morph_lock = threading.Lock()
_morph: Any = None


def _analyzer() -> Any:
    global _morph
    if _morph is None:
        with _morph_lock:
            if _morph is None:
                import pymorphy3  # imported here: the dictionaries load on first use, not on import

                _morph = pymorphy3.MorphAnalyzer()
    return _morph


def warm_up() -> None:
    """Load the analyzer now (for start-up), instead of on the first message."""
    _parses("слово")


@lru_cache(maxsize=65536)
def _parses(word: str) -> tuple[tuple[str, bool], ...]:
    """(lemma with ё→е, is a proper name) for each reading pymorphy3 gives, best first."""
    out = []
    for p in _analyzer().parse(word):
        tag = str(p.tag)
        out.append((p.normal_form.replace("ё", "е"), any(t in tag for t in _NAME_TAGS)))
    return tuple(out)


@lru_cache(maxsize=65536)
def _known(word: str) -> bool:
    return bool(_analyzer().word_is_known(word))


def _lemma(word: str) -> str:
    parses = _parses(word)
    return parses[0][0] if parses else word


def _is_obscene(word: str, allowed: tuple[str, ...]) -> bool:
    if not _OBSCENE.search(word):
        return False
    return not word.startswith(allowed) and not any(a in word for a in OBSCENE_ALLOWED if len(a) >= 5)


@dataclass(frozen=True)
class _Token:
    raw: str
    start: int
    capital_mid_sentence: bool
    quoted: bool
    gap_before: str = ""  # the characters between the previous word and this one


def _tokens(text: str) -> list[_Token]:
    text = unicodedata.normalize("NFKC", text)
    text = _SPLIT.sub(_join_split, text)
    quoted = [(m.start(), m.end()) for m in _QUOTED.finditer(text)]
    tokens: list[_Token] = []
    last_end = 0
    for m in _TOKEN.finditer(text):
        raw = m.group(0)
        before = text[: m.start()].rstrip(" \t\"«„“'([-—–")
        sentence_start = not before or before[-1] in ".!?…\n:;"
        letters = raw.strip("*@$")
        capital = bool(letters) and letters[0].isupper() and not letters.isupper()
        inside = any(a < m.start() < b for a, b in quoted)
        tokens.append(_Token(raw, m.start(), capital and not sentence_start, inside, text[last_end : m.start()]))
        last_end = m.end()
    return tokens


def _capitalised(raw: str) -> bool:
    return raw[:1].isupper() and (len(raw) == 1 or not raw.isupper())


def _beside_a_name(tokens: list[_Token], i: int) -> bool:
    token = tokens[i]
    if not _capitalised(token.raw) or not _CYR.search(token.raw.lower()):
        return False
    for j in (i - 1, i + 1):
        if not 0 <= j < len(tokens):
            continue
        other = tokens[j]
        gap = tokens[max(i, j)].gap_before
        if not _capitalised(other.raw) or not re.fullmatch(r"[ \t]+", gap):
            continue
        low = other.raw.lower()
        if len(low) == 1 or any(is_name for _, is_name in _parses(low)):
            return True
    return False


@dataclass(frozen=True)
class CourtesyFilter:
    stems: tuple[str, ...] = ()
    exceptions: tuple[str, ...] = ()
    _extra: frozenset[str] = field(init=False, repr=False)
    _extra_beginnings: tuple[str, ...] = field(init=False, repr=False)
    _allowed: tuple[str, ...] = field(init=False, repr=False)
    _heads: frozenset[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        extra = tuple(s.lower().replace("ё", "е").strip() for s in self.stems if s.strip())
        object.__setattr__(self, "_extra", frozenset(extra))
        object.__setattr__(self, "_extra_beginnings", tuple(s for s in extra if len(s) >= 4))
        allowed = tuple(e.lower().replace("ё", "е").strip() for e in self.exceptions if e.strip())
        object.__setattr__(self, "_allowed", OBSCENE_ALLOWED + allowed)
        heads = {w[:2] for w in INSULT_LEMMAS | set(extra) | set(_INSULT_BEGINNINGS)}
        object.__setattr__(self, "_heads", frozenset(heads))

    @classmethod
    def from_config(cls, raw: dict[str, Any] | None) -> CourtesyFilter:
        raw = raw or {}
        return cls(stems=tuple(raw.get("extra_stems", ())), exceptions=tuple(raw.get("exceptions", ())))

    # -- judging --------------------------------------------------------------------------
    def judge(self, text: str) -> Verdict:
        if not text:
            return Verdict(Level.NONE)
        tokens = _tokens(text)
        readings = [self._readings(t.raw) for t in tokens]
        level = Level.NONE
        words: list[str] = []
        budget = [_WILDCARD_WORDS]  # hostile input: a 4096-character message of «а*б*в» stays cheap
        for i, token in enumerate(tokens):
            found = self._judge_word(token, readings[i], readings, i, budget)
            if found is Level.INSULT and _beside_a_name(tokens, i):
                found = Level.NONE  # «Дураков Пётр», «Дураков П.»: a surname next to a first name or initial
            if found is not Level.NONE:
                words.append(token.raw)
                level = max(level, found)
        return Verdict(level, tuple(words))

    def is_rude(self, text: str) -> bool:
        return self.judge(text).rude

    def offending_words(self, text: str) -> list[str]:
        return list(self.judge(text).words)

    # -- internals ------------------------------------------------------------------------
    def _readings(self, raw: str) -> list[str]:
        low = raw.lower()
        readings = _variants(low)
        cyr = _latin_as_cyrillic(low.strip("*"))
        if cyr and cyr not in readings:
            readings.append(cyr)
        return readings

    def _judge_word(
        self, token: _Token, readings: list[str], context: list[list[str]], i: int, budget: list[int]
    ) -> Level:
        for word in readings:
            if word.startswith(self._allowed):
                return Level.NONE
        for word in readings:
            if "*" in word:
                if self._wildcard_obscene(word, budget):
                    return Level.OBSCENE
                continue
            if _is_obscene(word, self._allowed):
                return Level.OBSCENE
        if token.quoted or token.capital_mid_sentence:
            return Level.NONE
        for word in readings:
            if "*" in word or len(word) < 3:
                continue
            if _LATIN_WORD.match(word):
                if word in _ENGLISH_INSULTS:
                    return Level.INSULT
                continue
            if not _CYR.search(word) or not re.fullmatch(r"[а-я]+", word):
                continue
            if self._insult(token, word, context, i):
                return Level.INSULT
        return Level.NONE

    def _wildcard_obscene(self, word: str, budget: list[int]) -> bool:
        """«с*ка», «х**»: each asterisk (at most two) tried with every letter against the obscene roots."""
        parts = word.split("*")
        if len(parts) > 3 or len(word) > 16 or not _CYR.search(word) or budget[0] <= 0:
            return False
        budget[0] -= 1
        for fill in itertools.product(_WILDCARD_LETTERS, repeat=len(parts) - 1):
            candidate = parts[0] + "".join(f + p for f, p in zip(fill, parts[1:], strict=True))
            if _is_obscene(candidate, self._allowed):
                return True
        return False

    def _insult(self, token: _Token, word: str, context: list[list[str]], i: int) -> bool:
        if word[:2] not in self._heads:
            return False  # no insult lemma starts so: the analyzer is not asked (long random texts stay cheap)
        parses = _parses(word)
        lemma = None
        if token.raw[:1].isupper() and any(is_name for _, is_name in parses):
            return False  # «Дураков Пётр», «Козлов»: a surname, even at the start of a sentence
        for normal, _ in parses:
            if normal in INSULT_LEMMAS or normal in self._extra:
                lemma = normal
                break
        if lemma is None:
            if parses and parses[0][1]:
                return False
            if self._extra_beginnings and word.startswith(self._extra_beginnings):
                return True
            # a word the dictionary does not know (misspelt, stretched): a few unmistakable beginnings
            return word.startswith(_INSULT_BEGINNINGS) and not _known(word)
        innocent = _INNOCENT_NEIGHBOURS.get(lemma)
        if innocent:
            for j in range(max(0, i - 2), min(len(context), i + 3)):
                if j != i and any(_lemma(w) in innocent for w in context[j] if re.fullmatch(r"[а-я]+", w)):
                    return False
        return True


def judge(text: str) -> Verdict:
    return _DEFAULT.judge(text)


_DEFAULT = CourtesyFilter()
