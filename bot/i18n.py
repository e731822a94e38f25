"""User-facing text: Fluent files in `locales/<lang>/*.ftl`, Russian first, English second.

Why fluent.runtime and not aiogram-i18n: most messages are rendered outside the
update that caused them (a card for a specialist in *their* language, a weekly
summary from the scheduler), so the translator is a plain object we can ask for
any language anywhere, not a context bound to the current update.

Every string argument is HTML-escaped here, because every message goes out with
parse_mode=HTML: people's own words can never break (or inject) markup.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from fluent.runtime import FluentBundle, FluentResource
from fluent.runtime.resolver import Placeable, TextElement, VariableReference

log = logging.getLogger(__name__)

LOCALES_DIR = Path(__file__).resolve().parents[1] / "locales"


class Markup(str):
    """A string that is already safe HTML and must not be escaped again."""


def _prepare(value: Any) -> Any:
    if isinstance(value, Markup):
        return str(value)
    if isinstance(value, str):
        return html.escape(value, quote=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if value is None:
        return ""
    return value


_UNSEEN = object()
# fluent.runtime refuses a placeable longer than 2,500 characters and returns "{???}" for the
# whole message: a long value (a class's list, a person's long text) goes in as a short token
# and is put back into the formatted text.
_LONG_VALUE = 2000


@dataclass(frozen=True, slots=True)
class _Variable:
    name: str


@dataclass(eq=False)
class Translator:
    language: str
    bundle: FluentBundle
    fallback: FluentBundle | None = None
    _cache: dict[Any, Any] = field(default_factory=dict)

    def __call__(self, key: str, /, **kwargs: Any) -> str:
        found = self._cache.get(key, _UNSEEN)
        if found is _UNSEEN:
            found = self._cache[key] = self._find(key)
        if found is None:
            log.error("missing text %s/%s", self.language, key)
            return key
        bundle, pattern, parts = found
        args = {name: _prepare(value) for name, value in kwargs.items()}
        if parts is not None and all(isinstance(v, str) for v in args.values()):
            if all(isinstance(p, str) or p.name in args for p in parts):
                return "".join(p if isinstance(p, str) else args[p.name] for p in parts)
        long = {name: value for name, value in args.items() if isinstance(value, str) and len(value) > _LONG_VALUE}
        for n, name in enumerate(long):
            args[name] = f"\x00{n}\x00"
        text, errors = bundle.format_pattern(pattern, args)
        if errors:
            log.warning("fluent errors in %s/%s: %s", self.language, key, errors)
        for n, name in enumerate(long):
            text = text.replace(f"\x00{n}\x00", long[name])
        return text

    def _find(self, key: str) -> tuple[FluentBundle, Any, tuple[Any, ...] | None] | None:
        """Where a message is (this language, else the default one), looked up once per key.
        The bundles are complete when the translator is made and never change."""
        for bundle in (self.bundle, self.fallback):
            if bundle is not None and bundle.has_message(key):
                pattern = bundle.get_message(key).value
                return None if pattern is None else (bundle, pattern, self._plain_parts(pattern))
        return None

    def has(self, key: str) -> bool:
        return self.bundle.has_message(key)

    @staticmethod
    def _plain_parts(pattern: Any) -> tuple[Any, ...] | None:
        """A message that is only text and `{ $variables }` as a tuple of its parts, so that
        formatting it with text arguments is a join (Fluent's resolver costs ~80 µs a message,
        and a weekly run formats tens of thousands). None: it has selectors, terms, functions
        or numbers, and goes through Fluent as usual."""
        parts: list[Any] = []
        elements = [pattern] if isinstance(pattern, TextElement) else getattr(pattern, "elements", [None])
        for element in elements:
            if isinstance(element, TextElement):
                parts.append(element.value)
            elif isinstance(element, Placeable) and isinstance(element.expression, VariableReference):
                parts.append(_Variable(element.expression.id.name))
            else:
                return None
        return tuple(parts)


class I18n:
    def __init__(self, directory: Path = LOCALES_DIR, default: str = "ru") -> None:
        self.default = default
        self.sources: dict[str, dict[str, str]] = {}
        bundles: dict[str, FluentBundle] = {}
        for lang_dir in sorted(p for p in directory.iterdir() if p.is_dir()):
            bundle = FluentBundle([lang_dir.name], use_isolating=False)
            texts: dict[str, str] = {}
            for ftl in sorted(lang_dir.glob("*.ftl")):
                source = ftl.read_text(encoding="utf-8")
                bundle.add_resource(FluentResource(source))
                texts[ftl.name] = source
            bundles[lang_dir.name] = bundle
            self.sources[lang_dir.name] = texts
        if default not in bundles:
            raise RuntimeError(f"no locale {default!r} in {directory}")
        self._translators = {
            lang: Translator(lang, bundle, None if lang == default else bundles[default])
            for lang, bundle in bundles.items()
        }

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(self._translators)

    def get(self, language: str | None) -> Translator:
        return self._translators.get(language or self.default) or self._translators[self.default]

    def __getitem__(self, language: str) -> Translator:
        return self.get(language)

    def all(self, key: str, **kwargs: Any) -> Mapping[str, str]:
        """The same text in every language (e.g. for button filters)."""
        return {lang: t(key, **kwargs) for lang, t in self._translators.items()}
