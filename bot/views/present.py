"""Notices into Bot API bodies: the presenter services are given (bot/services/outgoing.py).

Each kind of notice has one wording, a function registered with `@words(Kind)` in the views
module of its feature; it gets the notice and the `Views` (the reader's translator, the
directory, the school) and returns the text and, when the message has buttons, its rows of
(text, callback data). `Views.message` adds the chat and the keyboard as the outbox stores
them (`payloads.send_text`). A notice with no wording is an error at once, not a blank text.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from bot.i18n import Translator
from bot.services.outgoing import Message, Notice
from bot.views.payloads import send_text

if TYPE_CHECKING:
    from bot.domain.school import SchoolConfig
    from bot.services.people import Directory

Rows = list[list[tuple[str, str]]]  # (text, callback data) per button, row by row
Worded = tuple[str, Rows | None]
N = TypeVar("N", bound=Notice)

_WORDINGS: dict[type, Callable[[Any, Views], Worded]] = {}
_BODIES: dict[type, Callable[[Any, Views], Message]] = {}


def words(kind: type[N]) -> Callable[[Callable[[N, Views], Worded]], Callable[[N, Views], Worded]]:
    """Register the wording of one kind of notice."""

    def register(fn: Callable[[N, Views], Worded]) -> Callable[[N, Views], Worded]:
        if kind in _WORDINGS:
            raise ValueError(f"{kind.__name__} is worded twice")
        _WORDINGS[kind] = fn
        return fn

    return register


def sends(kind: type[N]) -> Callable[[Callable[[N, Views], Message]], Callable[[N, Views], Message]]:
    """Register the whole Bot API body of a kind of notice that is not a new text message (an
    edit of a card, a copied message): `Views.message` gives it instead of a sendMessage."""

    def register(fn: Callable[[N, Views], Message]) -> Callable[[N, Views], Message]:
        if kind in _BODIES:
            raise ValueError(f"{kind.__name__} is sent twice")
        _BODIES[kind] = fn
        return fn

    return register


def rows_dict(rows: Rows | None) -> dict[str, Any] | None:
    """The keyboard as the Bot API takes it, for the outbox (no models built on the way)."""
    if rows is None:
        return None
    return {"inline_keyboard": [[{"text": text, "callback_data": data} for text, data in row] for row in rows]}


def _load_wordings() -> None:
    """Import every module of this package, so each registers its wordings."""
    import bot.views

    for module in pkgutil.iter_modules(bot.views.__path__):
        importlib.import_module(f"bot.views.{module.name}")


class Views:
    """The presenter: built once at start over the directory (who is who, the texts)."""

    def __init__(self, directory: Directory) -> None:
        self.directory = directory
        _load_wordings()

    @property
    def school(self) -> SchoolConfig:
        return self.directory.school

    def t(self, lang: str | None) -> Translator:
        return self.directory.i18n.get(lang)

    def worded(self, notice: Notice) -> Worded:
        for kind in type(notice).__mro__:
            fn = _WORDINGS.get(kind)
            if fn is not None:
                return fn(notice, self)
        raise LookupError(f"no wording for {type(notice).__name__} (register one with @words in bot/views/)")

    def text(self, notice: Notice) -> str:
        return self.worded(notice)[0]

    def message(self, notice: Notice) -> Message:
        for kind in type(notice).__mro__:
            body = _BODIES.get(kind)
            if body is not None:
                return body(notice, self)
            if kind in _WORDINGS:
                break
        text, rows = self.worded(notice)
        return Message("SendMessage", send_text(notice.chat_id, text, rows_dict(rows)))
