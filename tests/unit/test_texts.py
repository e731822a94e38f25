"""Every text reads well in both languages, whatever values it is given.

Each message of every locale file is rendered with typical, empty and extreme values (a name
ending in «.», a one-character class, counts 0, 1, 2, 5 and 21, people's words with HTML
characters) and must come out without «..», «()», «—.», «(—)», leftovers of variables, broken
HTML or tags Telegram does not accept. A count followed by a word must go through a plural
selector. No text names a repository path or a requirement number.

Every variable a text uses must be classified in VARIABLES (or, where one name means different
things in different texts, in PER_MESSAGE): a new variable makes the test fail until someone
says what kind of value it carries, so the checks above know how to exercise it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from itertools import product
from pathlib import Path
from typing import Any

import pytest
from fluent.syntax import FluentParser, ast
from fluent.syntax.visitor import Visitor

from bot.i18n import I18n, Markup, _prepare

ROOT = Path(__file__).resolve().parents[2]
LOCALES = ROOT / "locales"
LANGUAGES = ("ru", "en")

# ---------------------------------------------------------------------------------------------
# What each variable carries.
#   count    how many of something: a word after it must agree, so a plural selector is needed
#   number   a number that counts nothing: a request's number, a Telegram id, a row, an ordinal
#   decimal  an average already formatted («4,25»)
#   name     a person's name, never empty; may end with «.» («Иванов И. И.»)
#   holder   a name or a group («администраторы ЭлЖур») that may be missing
#   class    a school class, never empty («5А», «11 Б», «5»)
#   text     words (people's or another text's), never empty
#   optional words that may be missing (position, room, e-mail)
#   fragment a piece the code builds with its own punctuation («, учитель», « (+0,12)»), or nothing
#   duration a formatted span («5 мин»)
#   markup   ready HTML (lists), may be empty
#   date / time / datetime / period   formatted moments and ranges
#   choice   a selector value from a fixed set (listed in CHOICES)
# ---------------------------------------------------------------------------------------------
VARIABLES: dict[str, str] = {
    "absences": "count", "blocked": "count", "count": "count", "errors": "count", "failed": "count",
    "marks": "count", "rows": "count", "sent": "count", "students": "count", "total": "count",
    "unchanged": "count", "people": "count", "areas": "text", "days": "count", "hours": "count",
    "minutes": "count", "need": "count", "limit": "count", "mb": "count", "chars": "count",
    "max": "count", "min": "count", "length": "count", "stars": "count", "h": "count", "m": "count",
    "years": "count", "late": "count", "times": "count",
    "number": "number", "id": "number", "row": "number", "n": "number",
    "average": "decimal",
    "name": "name", "absent": "name", "substitute": "name", "specialist": "name",
    "requester": "name", "parent": "name", "student": "name",
    "holder": "holder", "who": "holder",
    "klass": "class",
    "text": "text", "area": "text", "kind": "text", "topic": "text", "status": "text", "role": "text",
    "channel": "text", "state": "text", "period": "text", "day": "text", "subject": "text",
    "school": "text", "reason": "text", "error": "text", "login": "text", "code": "text", "link": "text",
    "classes": "text", "value": "text", "mark": "text", "missing": "text", "unknown": "text",
    "operator": "text", "address": "text", "document": "text", "column": "text", "delta": "text",
    "position": "optional", "room": "optional", "email": "optional", "change": "fragment",
    "forecast": "fragment", "list": "optional",
    "checked": "markup", "unchecked": "markup",
    "date": "date", "today": "date", "due": "date",
    "time": "datetime", "at": "datetime", "since": "datetime", "until": "datetime",
    "start": "time", "end": "time",
    "age": "duration", "ago": "duration", "success": "text",
    "done": "choice", "term": "choice",
}
# One name, another meaning in one text: (message, variable) -> kind.
PER_MESSAGE: dict[tuple[str, str], str] = {
    ("summary-week-marks", "marks"): "text",   # the week's marks themselves: «5 4 3»
    ("reload-refused", "errors"): "text",      # the error messages themselves
    ("reload-done", "areas"): "count",
    ("staff-line", "mark"): "text",            # a status sign, not a school mark
    ("courtesy-supervisor-report", "marks"): "count",
    ("staff-joined", "position"): "fragment",  # «, учитель информатики» or nothing
}
# Help-desk texts naming a person: the code appends the position as a fragment (render.position_part);
# a specialist's room is required by the school file (a slot without one takes the specialist's).
PER_MESSAGE |= {(key, "position"): "fragment" for key in (
    "mine-on-duty", "mine-queued", "mine-taken", "mine-taken-person", "mine-moved-person", "mine-moved-specialist",
    "schedule-specialist", "duty-line")}
PER_MESSAGE |= {(key, "room"): "text" for key in ("mine-on-duty", "mine-taken", "mine-moved-specialist", "duty-line")}
CHOICES: dict[str, tuple[str, ...]] = {
    "done": ("yes", "no"),
    "term": ("quarter", "half", "trimester", "year", "other"),  # bot.domain.school.Term
}
# The courtesy rule (locales/*/courtesy.ftl): the flagged words, the rule's sentence, a mark's level.
VARIABLES.update({"words": "text", "rule": "text", "level": "choice"})
CHOICES["level"] = ("obscene", "insult", "earlier")
# Dates and times passed as text: these texts may show them as a range or a single moment.
DATE_LIKE = {"date", "time", "datetime", "period"}

COUNTS = (0, 1, 2, 5, 21)


@dataclass(frozen=True)
class Scenario:
    name: str
    values: dict[str, Any]


def scenarios(count: int) -> list[Scenario]:
    """Values for each kind: typical, missing (empty and the «—» placeholder), extreme."""
    typical = {
        "count": count, "number": 12, "decimal": "4,25", "name": "Петрова Анна Сергеевна",
        "holder": "Петрова Анна Сергеевна", "class": "5А", "text": "Не открывается дневник",
        "optional": "учитель информатики", "markup": Markup("• Петрова А. С.\n• Ли Ян"),
        "date": "20.11.2026", "time": "14:30", "datetime": "20.11.2026 14:30",
        "fragment": Markup(", учитель информатики"), "duration": "5 мин",
    }
    empty = typical | {"holder": "", "optional": "", "markup": Markup(""), "decimal": "2,00", "number": 1,
                       "fragment": Markup("")}
    dash = typical | {"holder": "—", "optional": "—", "markup": Markup("—")}
    extreme = typical | {
        "name": "Иванов И. И.", "holder": "Иванов И. И.", "class": "5", "number": 1234567,
        "text": "<b>Дневник & «журнал»</b> не открывается уже третий день подряд",
        "optional": "зам. директора по УВР", "decimal": "2,5",
    }
    return [Scenario("typical", typical), Scenario("empty", empty), Scenario("dash", dash),
            Scenario("extreme", extreme)]


# ---------------------------------------------------------------------------------------------
# The files and their messages
# ---------------------------------------------------------------------------------------------
def ftl_files() -> list[tuple[str, str]]:
    return sorted({(lang, p.name) for lang in LANGUAGES for p in (LOCALES / lang).glob("*.ftl")})


FILES = ftl_files()
FILE_IDS = [f"{lang}/{name}" for lang, name in FILES]


def messages(lang: str, filename: str) -> list[ast.Message]:
    resource = FluentParser().parse((LOCALES / lang / filename).read_text(encoding="utf-8"))
    return [e for e in resource.body if isinstance(e, ast.Message) and e.value is not None]


class _Variables(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def visit_VariableReference(self, node: ast.VariableReference) -> None:  # noqa: N802
        self.names.add(node.id.name)


def variables_of(message: ast.Message) -> set[str]:
    v = _Variables()
    v.visit(message)
    return v.names


class _Selects(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[ast.SelectExpression] = []

    def visit_SelectExpression(self, node: ast.SelectExpression) -> None:  # noqa: N802
        self.found.append(node)
        self.generic_visit(node)


def _selects(message: ast.Message) -> list[ast.SelectExpression]:
    v = _Selects()
    v.visit(message)
    return v.found


def kind_of(key: str, variable: str) -> str | None:
    return PER_MESSAGE.get((key, variable)) or VARIABLES.get(variable)


_I18N: I18n | None = None


def i18n() -> I18n:
    global _I18N
    if _I18N is None:
        _I18N = I18n()
    return _I18N


def render(lang: str, key: str, args: dict[str, Any]) -> tuple[str, list[Any]]:
    bundle = i18n().get(lang).bundle
    pattern = bundle.get_message(key).value
    assert pattern is not None, key
    text, errors = bundle.format_pattern(pattern, {k: _prepare(v) for k, v in args.items()})
    assert isinstance(text, str), key
    return text, errors


def arguments(key: str, variables: set[str]) -> list[tuple[str, dict[str, Any]]]:
    """(label, args) for every scenario, every count and every choice a message can take."""
    choice_vars = sorted(v for v in variables if kind_of(key, v) == "choice")
    has_count = any(kind_of(key, v) == "count" for v in variables)
    out = []
    for count in COUNTS if has_count else (5,):
        for scenario in scenarios(count):
            for picks in product(*(CHOICES[v] for v in choice_vars)):
                args = {v: scenario.values[kind_of(key, v) or ""] for v in variables if kind_of(key, v) != "choice"}
                args |= dict(zip(choice_vars, picks, strict=True))
                label = f"{scenario.name}, count={count}" + "".join(f", {v}={p}" for v, p in zip(choice_vars, picks, strict=True))
                out.append((label, args))
    return out


# ---------------------------------------------------------------------------------------------
# What a rendered text must not contain
# ---------------------------------------------------------------------------------------------
FORBIDDEN = [
    (re.compile(r"(?<!\.)\.\.(?!\.)"), "«..»"),
    (re.compile(r"\(\s*\)"), "empty «()»"),
    (re.compile(r"\(\s*—\s*\)"), "«(—)»"),
    (re.compile(r"—\s*\."), "«—.»"),
    (re.compile(r"[ \u00a0][.,;:!?](?!\d)"), "a space before punctuation (a missing value?)"),
    (re.compile(r"«\s*»"), "empty «»"),
    (re.compile(r"[{}]|\$[a-z]"), "a leftover of a variable"),
    (re.compile(r"\(s\)|\(es\)|раз\(а\)"), "«(s)»-style plural"),
    (re.compile(r"Не понял"), "«Не понял» (the bot speaks impersonally)"),
]
REPOSITORY_PATH = re.compile(
    r"(?<![\w/])(?:[A-Za-z_][\w.-]*/)+[\w.-]+\.(?:py|md|toml|ftl|csv|xlsx|sql|txt|json)\b"
    r"|(?<![\w/])(?:bot|docs|samples|locales|schools|storage|tests)/",
    re.ASCII,
)
REQUIREMENT_NUMBER = re.compile(r"\bR\d+(?:\.\d+)*\b|\bп\.\s*\d|\b(?:item|clause)\s+\d", re.IGNORECASE)

# Telegram's HTML: these tags only; everything else must be an entity.
ALLOWED_TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a",
                "code", "pre", "blockquote", "tg-emoji"}


class _TelegramHTML(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.stack: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"tag <{tag}> is not allowed")
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes nothing open")
        else:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if "<" in data or ">" in data:
            self.problems.append(f"a bare < or > in {data!r}")


ENTITY = re.compile(r"&(?:[a-zA-Z]+|#\d+|#x[0-9a-fA-F]+);")


def html_problems(text: str) -> list[str]:
    parser = _TelegramHTML()
    parser.feed(text)
    parser.close()
    problems = parser.problems
    if parser.stack:
        problems.append(f"unclosed {parser.stack}")
    if "&" in ENTITY.sub("", text):
        problems.append("a bare &")
    return problems


def text_problems(text: str) -> list[str]:
    found = [what for pattern, what in FORBIDDEN if pattern.search(text)]
    found += html_problems(text)
    if path := REPOSITORY_PATH.search(text):
        found.append(f"a repository path: {path.group(0)!r}")
    if number := REQUIREMENT_NUMBER.search(text):
        found.append(f"a requirement number: {number.group(0)!r}")
    return found


# ---------------------------------------------------------------------------------------------
# Tests
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("lang", "filename"), FILES, ids=FILE_IDS)
def test_every_variable_is_classified(lang, filename):
    unknown = sorted(
        f"{m.id.name}: ${v}" for m in messages(lang, filename) for v in variables_of(m) if kind_of(m.id.name, v) is None
    )
    assert not unknown, "say what kind of value these carry (VARIABLES or PER_MESSAGE in this file):\n" + "\n".join(unknown)


@pytest.mark.parametrize(("lang", "filename"), FILES, ids=FILE_IDS)
def test_every_text_renders_cleanly(lang, filename):
    failures: dict[str, set[str]] = {}
    for message in messages(lang, filename):
        key = message.id.name
        variables = variables_of(message)
        if any(kind_of(key, v) is None for v in variables):
            continue  # reported by test_every_variable_is_classified
        for label, args in arguments(key, variables):
            text, errors = render(lang, key, args)
            problems = [f"fluent: {e}" for e in errors] + text_problems(text)
            for problem in problems:
                failures.setdefault(f"{key}: {problem}", set()).add(f"[{label}] {text[:160]!r}")
    report = [f"{k}\n    e.g. {sorted(v)[0]}" for k, v in sorted(failures.items())]
    assert not report, "\n".join(report)


class _PluralCheck(Visitor):
    """Finds counts followed by a word outside a plural selector on that count."""

    # Words after a number that need no agreement: unit abbreviations and words that are not nouns.
    UNITS = frozenset({"МБ", "MB", "с", "s", "мин", "min", "ч", "h",
             "из", "до", "и", "или", "в", "на", "по", "за", "подряд",
             "of", "to", "and", "or", "in", "on", "at", "more", "so", "sent", "waiting", "left"})

    def __init__(self, key: str, lang: str) -> None:
        super().__init__()
        self.key, self.lang = key, lang
        self.selected: list[str] = []
        self.problems: list[str] = []

    def visit_SelectExpression(self, node: ast.SelectExpression) -> None:  # noqa: N802
        selector: ast.BaseNode = node.selector
        if isinstance(selector, ast.FunctionReference) and selector.arguments.positional:
            selector = selector.arguments.positional[0]
        name = selector.id.name if isinstance(selector, ast.VariableReference) else None
        if name and kind_of(self.key, name) == "count":
            keys = {v.key.name for v in node.variants if isinstance(v.key, ast.Identifier)}
            need = {"one", "few", "many"} if self.lang == "ru" else {"one", "other"}
            if not need <= keys:
                self.problems.append(f"${name}: the selector has {sorted(keys)}, needs {sorted(need)}")
        self.selected.append(name or "")
        for variant in node.variants:
            self.visit(variant)
        self.selected.pop()

    def visit_Pattern(self, node: ast.Pattern) -> None:  # noqa: N802
        elements = node.elements
        for i, element in enumerate(elements):
            if isinstance(element, ast.Placeable):
                expr = element.expression
                if isinstance(expr, ast.VariableReference) and kind_of(self.key, expr.id.name) == "count":
                    if expr.id.name not in self.selected:
                        following = elements[i + 1] if i + 1 < len(elements) else None
                        after = following.value if isinstance(following, ast.TextElement) else ""
                        word = re.match(r"[ \u00a0]*([^\W\d_]+\.?)", after)
                        if word and word.group(1).rstrip(".") not in self.UNITS:
                            self.problems.append(f"${expr.id.name} {word.group(1)}…: a word after a count needs a plural selector")
                self.visit(expr)


@pytest.mark.parametrize(("lang", "filename"), FILES, ids=FILE_IDS)
def test_counts_in_sentences_use_plural_selectors(lang, filename):
    problems = []
    for message in messages(lang, filename):
        check = _PluralCheck(message.id.name, lang)
        check.visit(message.value)
        problems += [f"{message.id.name}: {p}" for p in check.problems]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("lang", "filename"), FILES, ids=FILE_IDS)
def test_number_sign_and_room_are_followed_by_a_non_breaking_space(lang, filename):
    source = (LOCALES / lang / filename).read_text(encoding="utf-8")
    bad = sorted({line.split("=")[0].strip() for line in source.splitlines()
                  if re.search(r"№ |№\{|\bкаб\. |\bкаб\.\{", line)})
    assert not bad, "«№» and «каб.» take a non-breaking space (\\u00a0) before what follows: " + ", ".join(bad)


@pytest.mark.parametrize(("lang", "filename"), FILES, ids=FILE_IDS)
def test_a_long_value_never_breaks_a_text(lang, filename):
    """fluent.runtime gives "{???}" for a whole message whose placeable passes 2,500 characters
    (a class's list, a long request): the translator must put such values in itself."""
    t = i18n().get(lang)
    long_kinds = {"text", "optional", "markup", "holder", "name"}
    broken = []
    for message in messages(lang, filename):
        key = message.id.name
        variables = variables_of(message)
        if any(kind_of(key, v) is None for v in variables):
            continue
        selectors = {e.selector.id.name for e in _selects(message) if isinstance(e.selector, ast.VariableReference)}
        shown = {v for v in variables if kind_of(key, v) in long_kinds and v not in selectors}
        for _, args in arguments(key, variables)[:1]:
            args = {v: (Markup("ж" * 3000) if v in shown else value) for v, value in args.items()}
            text = t(key, **args)
            if "{???}" in text or (shown and "ж" * 3000 not in text):
                broken.append(key)
    assert not broken, "\n".join(broken)


def test_both_languages_use_the_same_variables():
    """The code passes one set of values for a key: a variable only one language uses is a
    value the other never shows (or a count its plural never sees)."""
    used: dict[str, dict[str, set[str]]] = {"ru": {}, "en": {}}
    for lang, filename in FILES:
        for message in messages(lang, filename):
            used[lang][message.id.name] = variables_of(message)
    differ = sorted(f"{key}: {sorted(used['ru'][key] ^ used['en'][key])}"
                    for key in set(used["ru"]) & set(used["en"]) if used["ru"][key] != used["en"][key])
    assert not differ, "\n".join(differ)


def test_the_checks_catch_what_they_are_meant_to_catch():
    """The checks themselves fail on the mistakes they exist for."""
    assert text_problems("Иванов И. И..") and text_problems("Ответ: ().") and text_problems("взял(а): —.")
    assert text_problems("<b>x") and text_problems("<div>x</div>") and text_problems("a & b")
    assert text_problems("Образец: samples/marks-example.csv") and text_problems("(R5.5: не реже)")
    assert text_problems("регламент школы, п. 5") and text_problems("{ $name }") and text_problems("1 time(s)")
    assert text_problems("Ученик: Иванов И. И., <b>5А</b> &amp; …") == []

    def plural_problems(source: str, lang: str = "ru") -> list[str]:
        message = FluentParser().parse(source).body[0]
        assert isinstance(message, ast.Message)
        check = _PluralCheck(message.id.name, lang)
        check.visit(message.value)
        return check.problems

    assert plural_problems("x = в течение { $days } дн.\n")
    assert plural_problems("x = { $days ->\n    [one] { $days } day\n   *[other] { $days } days\n}\n", "ru")
    assert not plural_problems("x = { $days ->\n    [one] { $days } день\n    [few] { $days } дня\n   *[many] { $days } дней\n}\n")
    assert not plural_problems("x = Ошибок: { $count }, из { $count } из { $max }.\n")
# The activity reports and the register's archive (locales/*/reports.ftl).
VARIABLES.update({
    "resolved": "count", "waiting": "count", "escalations": "count", "handovers": "count", "breaches": "count",
    "checks": "count", "delivered": "count", "unreachable": "count",
    "working": "duration", "calendar": "duration",
    "year": "number", "page": "number", "pages": "number",
    "month": "choice", "quarter": "choice",
})
CHOICES["month"] = tuple(str(n) for n in range(1, 13))
CHOICES["quarter"] = ("1", "2", "3", "4")
# Backups and the audit trail (locales/*/records.ftl).
VARIABLES.update({"action": "text", "folder": "text", "file": "text", "requests": "count", "copies": "count"})
# The ЭлЖур connector (locales/*/eljur.ftl): what one pull stored and what it left as it was.
VARIABLES.update({
    "stored": "count", "gaps": "count", "empty": "count", "garbled": "count", "refused": "count",
    "phantoms": "count", "ambiguous": "count", "readable": "count", "names": "text",
})
