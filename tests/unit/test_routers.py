"""The routers' shape: what every update pays for before it reaches its handler."""

from __future__ import annotations

import asyncio
import functools
from datetime import UTC, datetime

import pytest
from aiogram import F, Router
from aiogram.dispatcher.event.handler import FilterObject, HandlerObject
from aiogram.types import Chat, Message, User

from bot.filters import When
from bot.handlers import get_routers


@functools.cache
def private_router() -> Router:
    """Routers are module-level objects: they can be attached once per process."""
    return get_routers()[0]


def walk(router: Router):
    yield router
    for sub in router.sub_routers:
        yield from walk(sub)


def every_callable() -> list[tuple[str, HandlerObject | FilterObject]]:
    """The handlers and their filters (a router's own filters are checked by running them)."""
    found: list[tuple[str, HandlerObject | FilterObject]] = []
    for router in walk(private_router()):
        for name, observer in router.observers.items():
            for handler in observer.handlers:
                where = f"{router.name}.{name} {getattr(handler.callback, '__name__', handler.callback)}"
                found.append((where, handler))
                for f in handler.filters or []:
                    found.append((f"{where} filter {f.callback!r}", f))
    return found


def test_nothing_on_the_update_path_runs_in_a_thread():
    """aiogram sends every non-coroutine handler or filter through asyncio.to_thread."""
    checked = every_callable()
    assert len(checked) > 80  # the walk did reach the handlers
    in_threads = [where for where, item in checked if not item.awaitable]
    assert in_threads == [], "wrap these in bot.filters.When or make them async:\n" + "\n".join(in_threads)


def test_a_bare_magic_filter_would_be_caught():
    router = Router()

    @router.message(F.text)
    async def handler(message: Message) -> None: ...

    assert not router.message.handlers[0].filters[0].awaitable


async def thread_hops(root: Router, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The routers' own filters (`router.message.filter(...)`), which aiogram keeps to itself:
    a private-chat message is passed through them with aiogram's hop to a thread recorded. (A
    filter after one that refuses the message is not reached.)"""
    hops: list[str] = []

    async def to_thread(func, /, *args, **kwargs):  # type: ignore[no-untyped-def]
        hops.append(repr(getattr(func, "func", func)))
        return func(*args, **kwargs)

    monkeypatch.setattr(asyncio, "to_thread", to_thread)
    event = message("вопрос")
    for router in walk(root):
        for observer in router.observers.values():
            await observer.check_root_filters(event)
    monkeypatch.undo()
    return hops


async def test_no_routers_own_filter_runs_in_a_thread(monkeypatch):
    assert await thread_hops(private_router(), monkeypatch) == []


async def test_a_routers_own_bare_magic_filter_would_be_caught(monkeypatch):
    root, inner = Router(), Router()
    root.include_router(inner)
    root.message.filter(When(F.chat.type == "private"))
    inner.message.filter(F.text)
    assert len(await thread_hops(root, monkeypatch)) == 1


def message(text: str | None, chat_type: str = "private") -> Message:
    return Message(
        message_id=1, date=datetime(2026, 11, 24, tzinfo=UTC), text=text,
        chat=Chat(id=5, type=chat_type), from_user=User(id=5, is_bot=False, first_name="A"),
    )


@pytest.mark.parametrize(
    ("magic", "event", "expected"),
    [
        (F.text, message("привет"), True),
        (F.text, message(None), False),
        (F.text & ~F.text.startswith("/"), message("/new"), False),
        (F.text & ~F.text.startswith("/"), message("вопрос"), True),
        (F.chat.type == "private", message("x", "group"), False),
        (F.chat.type == "private", message("x"), True),
    ],
)
async def test_when_answers_as_the_magic_filter_does(magic, event, expected):
    assert bool(await When(magic)(event)) is expected
    assert bool(magic.resolve(event)) is expected


def test_button_routers_ahead_of_the_rest_can_change_nothing_but_speed():
    """The busiest buttons are tried early; that is safe only because no two kinds of
    button share a prefix and those routers answer nothing but buttons."""
    from aiogram.filters.callback_data import CallbackData

    import bot.views.callbacks as callbacks

    kinds = [c for c in vars(callbacks).values() if isinstance(c, type) and issubclass(c, CallbackData) and c is not CallbackData]
    prefixes = [c.__prefix__ for c in kinds]
    assert len(kinds) >= 8 and len(set(prefixes)) == len(prefixes)
    private = private_router()
    early = [r for r in private.sub_routers if r.name.endswith("_buttons")]
    assert early, "the button routers are gone"
    for router in early:
        assert all(not observer.handlers for name, observer in router.observers.items() if name != "callback_query")
