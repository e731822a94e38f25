"""Russian and English are complete, and every key the code asks for exists."""

from __future__ import annotations

import ast as pyast
import re
from pathlib import Path

from fluent.syntax import FluentParser, ast

from bot.i18n import I18n, Markup

ROOT = Path(__file__).resolve().parents[2]
KEY_SHAPE = re.compile(r"^[a-z]+(?:-[a-z0-9]+)+$")
KEY_CALL = re.compile(r"""\bt\(\s*["']([a-z0-9][a-z0-9-]*)["']""")
# Keys built at run time from a known set of values.
DYNAMIC_PREFIXES = (
    "role-", "weekday-", "lang-switch-to-", "cmd-", "kind-", "topic-", "status-", "outcome-", "card-state-",
)


def keys_of(language: str) -> set[str]:
    keys: set[str] = set()
    for ftl in (ROOT / "locales" / language).glob("*.ftl"):
        resource = FluentParser().parse(ftl.read_text(encoding="utf-8"))
        junk = [entry for entry in resource.body if isinstance(entry, ast.Junk)]
        assert not junk, f"{ftl}: syntax error near {(junk[0].content or '')[:80]!r}"
        keys |= {entry.id.name for entry in resource.body if isinstance(entry, ast.Message)}
    return keys


def test_russian_and_english_have_the_same_keys():
    ru, en = keys_of("ru"), keys_of("en")
    assert ru, "no Russian texts found"
    assert sorted(ru - en) == [], "missing in English"
    assert sorted(en - ru) == [], "missing in Russian"


def key_like_literals() -> dict[str, str]:
    """Every string literal in bot/ shaped like a text key whose namespace is a key namespace."""
    namespaces = {key.split("-")[0] for key in keys_of("ru")}
    found: dict[str, str] = {}
    for path in (ROOT / "bot").rglob("*.py"):
        tree = pyast.parse(path.read_text(encoding="utf-8"))
        for node in pyast.walk(tree):
            if isinstance(node, pyast.Constant) and isinstance(node.value, str) and KEY_SHAPE.match(node.value):
                if node.value.split("-")[0] in namespaces:
                    found.setdefault(node.value, str(path.relative_to(ROOT)))
    return found


def test_every_key_used_in_code_exists():
    used: dict[str, str] = {}
    for path in (ROOT / "bot").rglob("*.py"):
        for key in KEY_CALL.findall(path.read_text(encoding="utf-8")):
            used.setdefault(key, str(path.relative_to(ROOT)))
    assert len(used) > 20, "the scan found suspiciously few keys"
    literals = key_like_literals()
    assert "form-error-name-shape" in literals and "register-col-number" in literals
    used.update(literals)
    ru = keys_of("ru")
    missing = {key: where for key, where in used.items() if key not in ru and not key.endswith("-")}
    assert missing == {}


def test_dynamic_key_families_are_complete():
    from bot.app import MENU_COMMANDS
    from bot.domain.people import LANGUAGES, Role
    from bot.domain.requests import Outcome, RequestKind, Status, Topic

    ru = keys_of("ru")
    expected = {f"role-{r.value.replace('_', '-')}" for r in Role}
    expected |= {f"kind-{k.value}" for k in RequestKind}
    expected |= {f"topic-{k.value.replace('_', '-')}" for k in Topic}
    expected |= {f"status-{k.value.replace('_', '-')}" for k in Status}
    expected |= {f"status-for-staff-{k.value.replace('_', '-')}" for k in Status}
    expected |= {f"card-state-{k.value.replace('_', '-')}" for k in Status}
    expected |= {f"outcome-{k.value.replace('_', '-')}" for k in Outcome}
    expected |= {f"cmd-{name}" for name in MENU_COMMANDS}
    expected |= {f"weekday-{d}" for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
    expected |= {f"lang-switch-to-{lang}" for lang in LANGUAGES}
    assert expected - ru == set()
    assert all(any(k.startswith(p) for p in DYNAMIC_PREFIXES) for k in expected)


def test_people_words_are_html_escaped_and_markup_is_not():
    i18n = I18n()
    t = i18n.get("ru")
    text = t("role-chosen", role="<script>&")
    assert "&lt;script&gt;&amp;" in text
    assert "<b>" in text
    assert "<i>x</i>" in t("role-chosen", role=Markup("<i>x</i>"))


def test_unknown_language_falls_back_to_russian():
    i18n = I18n()
    assert i18n.get("de").language == "ru"
    assert i18n.get("en")("cancel-nothing") != i18n.get("ru")("cancel-nothing")
