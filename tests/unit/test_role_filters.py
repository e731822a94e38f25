"""Role filters and the guard on routers (bot/filters.py): the administrator's handler runs for
an administrator; anyone else who reaches it is refused politely, the refusal is logged, and the
update goes no further (a later router's handler for the same command does not run)."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import pytest
from aiogram import Dispatcher, Router
from aiogram.filters import Command
from aiogram.methods import AnswerCallbackQuery, SendMessage
from aiogram.types import CallbackQuery, Chat, Message, Update, User

from bot.filters import IsAdministrator, IsClassTeacher, IsSpecialist, guard
from bot.services.people import NOBODY
from tests.unit.roles import ADMIN, RecordingBot, t
from tests.unit.roles import CLASS_TEACHER as TEACHER
from tests.unit.roles import SPECIALIST as SPEC


def dispatcher(log: logging.Logger) -> tuple[Dispatcher, list[str]]:
    ran: list[str] = []
    admins = guard(Router(name="admins"), IsAdministrator(), log=log)
    later = Router(name="later")

    @admins.message(Command("secret"))
    async def secret(message: Message) -> None:
        ran.append("secret")

    @admins.callback_query()
    async def button(query: CallbackQuery) -> None:
        ran.append("button")

    @later.message(Command("secret"))
    async def fallback(message: Message) -> None:
        ran.append("later")

    dp = Dispatcher()
    dp.include_routers(admins, later)
    return dp, ran


def message_update(text: str) -> Update:
    person = User(id=7, is_bot=False, first_name="A")
    return Update(update_id=1, message=Message(message_id=1, date=datetime.now(UTC), text=text,
                                                chat=Chat(id=7, type="private"), from_user=person))


def button_update() -> Update:
    person = User(id=7, is_bot=False, first_name="A")
    return Update(update_id=2, callback_query=CallbackQuery(id="q", from_user=person, chat_instance="c",
                                                              data="reg:xlsx"))


async def test_an_administrator_passes(caplog):
    dp, ran = dispatcher(logging.getLogger("test.roles"))
    bot = RecordingBot()
    await dp.feed_update(bot, message_update("/secret"), staff=ADMIN, t=t)
    await dp.feed_update(bot, button_update(), staff=ADMIN, t=t)
    assert ran == ["secret", "button"] and bot.sent == []


@pytest.mark.parametrize("staff", [NOBODY, TEACHER, SPEC])
async def test_anyone_else_is_refused_politely_logged_and_stopped(caplog, staff):
    dp, ran = dispatcher(logging.getLogger("test.roles"))
    bot = RecordingBot()
    with caplog.at_level(logging.WARNING, "test.roles"):
        await dp.feed_update(bot, message_update("/secret now"), staff=staff, t=t)
        await dp.feed_update(bot, button_update(), staff=staff, t=t)
    assert ran == []  # neither the guarded handler nor the later router's
    assert isinstance(bot.sent[0], SendMessage) and bot.sent[0].text == "<admin-only>" and bot.sent[0].chat_id == 7
    assert isinstance(bot.sent[1], AnswerCallbackQuery) and bot.sent[1].text == "<admin-only>"
    assert bot.sent[1].show_alert
    logged = [r.getMessage() for r in caplog.records if r.name == "test.roles"]
    assert logged == ["/secret refused: chat 7 is not an administrator (user 7)",
                      "a button (reg) refused: user 7 is not an administrator"]


async def test_an_update_no_handler_of_the_router_matches_is_not_refused():
    dp, ran = dispatcher(logging.getLogger("test.roles"))
    bot = RecordingBot()
    await dp.feed_update(bot, message_update("/other"), staff=NOBODY, t=t)
    assert ran == [] and bot.sent == []


async def test_the_filters_read_the_role():
    event = message_update("/x").message
    assert await IsAdministrator()(event, staff=ADMIN) and not await IsAdministrator()(event, staff=TEACHER)
    assert await IsClassTeacher()(event, staff=TEACHER) and not await IsClassTeacher()(event, staff=ADMIN)
    assert await IsSpecialist()(event, staff=SPEC) and not await IsSpecialist()(event, staff=NOBODY)
    assert not await IsAdministrator()(event)  # no staff in the data: nobody
