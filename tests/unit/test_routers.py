"""The routers' shape: what every update pays for before it reaches its handler."""

from __future__ import annotations

import asyncio
import functools
import logging
from datetime import UTC, datetime

import pytest
from aiogram import Dispatcher, F, Router
from aiogram.dispatcher.event.handler import FilterObject, HandlerObject
from aiogram.filters import Command
from aiogram.methods import AnswerCallbackQuery, SendMessage
from aiogram.types import CallbackQuery, Chat, Message, PhotoSize, Update, User

from bot.filters import RoleGuard, When
from bot.handlers import get_routers
from bot.services.people import NOBODY
from bot.views.callbacks import CardAction, CardCb, HandoverCb, QueueTakeCb, SummaryAction, SummaryCb
from tests.unit.roles import CLASS_TEACHER, PEOPLE, SPECIALIST, RecordingBot, t


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


# --- the routers for one role ------------------------------------------------------------------
# Every command of a router under guard() (bot/filters.py) is refused, with that router's text,
# for anyone without its role; the real routers, in their real order, decide.



@functools.cache
def dispatcher() -> Dispatcher:
    dp = Dispatcher()
    dp.include_router(private_router())
    return dp


def guards_of(router: Router) -> list[RoleGuard]:
    return [m for m in router.message.middleware if isinstance(m, RoleGuard)]


def guarded_commands() -> list[tuple[str, RoleGuard]]:
    found = []
    for router in walk(private_router()):
        for guard in guards_of(router):
            for handler in router.message.handlers:
                for f in handler.filters or []:
                    if isinstance(f.callback, Command):
                        found += [(c, guard) for c in f.callback.commands if isinstance(c, str)]
    return found


def test_the_role_commands_are_guarded():
    """The commands a role may use are all behind a guard, with their texts of refusal."""
    refusals = {command: guard.refusal for command, guard in guarded_commands()}
    assert {c: refusals.get(c) for c in ("invite", "optout", "optouts", "import", "printout", "queue")} == {
        "invite": "invite-only-teachers", "optout": "invite-only-teachers", "optouts": "invite-only-teachers",
        "import": "import-not-allowed", "printout": "import-not-allowed", "queue": "card-staff-only",
    }
    assert {"status", "backup", "report", "register", "reload"} <= set(refusals)
    for router in walk(private_router()):  # a guard guards the buttons too
        assert len(guards_of(router)) == len([m for m in router.callback_query.middleware if isinstance(m, RoleGuard)])


def command_update(text: str) -> Update:
    person = User(id=5, is_bot=False, first_name="A")
    return Update(update_id=1, message=Message(message_id=1, date=datetime(2026, 11, 24, tzinfo=UTC), text=text,
                                                chat=Chat(id=5, type="private"), from_user=person))


def button_update(data: str) -> Update:
    person = User(id=5, is_bot=False, first_name="A")
    return Update(update_id=2, callback_query=CallbackQuery(id="q", from_user=person, chat_instance="c", data=data))


WITHOUT_THE_ROLE = [
    pytest.param(command, guard, staff, id=f"/{command} by {who}")
    for command, guard in guarded_commands()
    for who, staff in PEOPLE.items()
    if not guard.role.allows(staff)
]


@pytest.mark.parametrize(("command", "guard", "staff"), WITHOUT_THE_ROLE)
async def test_every_guarded_command_is_refused_to_whoever_lacks_the_role(command, guard, staff, caplog):
    bot = RecordingBot()
    with caplog.at_level(logging.WARNING):
        await dispatcher().feed_update(bot, command_update(f"/{command}"), staff=staff, t=t, user=None)
    assert [(type(m), m.text) for m in bot.sent] == [(SendMessage, f"<{guard.refusal}>")]  # and nothing else ran
    assert [r.getMessage() for r in caplog.records if "refused" in r.getMessage()] == [
        f"/{command} refused: chat 5 is not {guard.role.title} (user 5)"
    ]


def test_every_person_is_refused_something_and_an_administrator_nothing():
    assert {id(p.values[2]) for p in WITHOUT_THE_ROLE} == {id(NOBODY), id(CLASS_TEACHER), id(SPECIALIST)}


@pytest.mark.parametrize("staff", [NOBODY, CLASS_TEACHER], ids=["nobody", "a class teacher"])
@pytest.mark.parametrize("data", [
    CardCb(action=CardAction.TAKE, rid=1).pack(), CardCb(action=CardAction.REPLY, rid=1).pack(),
    QueueTakeCb(rid=1).pack(), HandoverCb(rid=1, target="admins").pack(),
])
async def test_a_cards_buttons_are_refused_to_whoever_holds_no_requests(data, staff):
    bot = RecordingBot()
    await dispatcher().feed_update(bot, button_update(data), staff=staff, t=t, user=None)
    assert len(bot.sent) == 1 and isinstance(bot.sent[0], AnswerCallbackQuery)
    assert bot.sent[0].text == "<card-staff-only>" and bot.sent[0].show_alert


def photo_update() -> Update:
    person = User(id=5, is_bot=False, first_name="A")
    return Update(update_id=3, message=Message(message_id=1, date=datetime(2026, 11, 24, tzinfo=UTC), caption="вот",
                                                photo=[PhotoSize(file_id="f", file_unique_id="u", width=1, height=1)],
                                                chat=Chat(id=5, type="private"), from_user=person))


@pytest.mark.parametrize("update", [
    command_update("Здравствуйте, вопрос по расписанию"), photo_update(), command_update("/start"),
    command_update("/new"), command_update("/my"), command_update("/help"), command_update("/mydata"),
    command_update("/marks"), command_update("/cancel"),
    button_update(SummaryCb(action=SummaryAction.ACK, sid=1, week="20261123").pack()),
], ids=["text", "photo", "/start", "/new", "/my", "/help", "/mydata", "/marks", "/cancel", "summary ack"])
async def test_a_parents_ordinary_updates_match_no_guarded_handler(update):
    """A guard speaks only once one of its router's handlers matched: none of these may."""
    event = update.message or update.callback_query
    bot = RecordingBot()
    for router in walk(private_router()):
        if not guards_of(router):
            continue
        observer = router.message if update.message else router.callback_query
        for handler in observer.handlers:
            matched, _ = await handler.check(event, bot=bot, raw_state=None, staff=NOBODY, user=None)
            assert not matched, f"{router.name}: {handler.callback.__name__} would refuse a parent's update"
