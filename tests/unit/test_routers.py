"""The routers' shape: what every update pays for before it reaches its handler."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from aiogram import F, Router
from aiogram.dispatcher.event.handler import FilterObject, HandlerObject
from aiogram.types import Chat, Message, User

from bot.filters import When
from bot.handlers import get_routers


def walk(router: Router):
    yield router
    for sub in router.sub_routers:
        yield from walk(sub)


def every_callable() -> list[tuple[str, HandlerObject | FilterObject]]:
    found = []
    for router in walk(get_routers()[0]):
        for name, observer in router.observers.items():
            for f in observer._handler.filters or []:  # the router's own filters (`router.message.filter(...)`)
                found.append((f"{router.name}.{name} router filter {f.callback!r}", f))
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
