"""The fuzz rig: the real dispatcher, services and SQLite database, with a real `Bot` whose
calls go to an in-process stand-in, so every send is really made and Telegram's checks apply
(text length, HTML, callback data size, "message is not modified", unknown chats).

Updates do not go through polling: a person's message or button press is handed straight to
`Dispatcher.feed_raw_update`, so one input is one awaited call, and an error it raises is seen
at once. What fails later (a send refused by the stand-in from the outbox) is logged at ERROR
by the bot and caught by the rig's log handler.

`tests/fuzz/test_fuzz.py` runs it for about 30 s inside `make test`; `bench/fuzz.py` for 10,000+
inputs.
"""

from __future__ import annotations

import asyncio
import inspect
import itertools
import logging
import secrets
import sys
import time
import traceback
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.enums import ParseMode

from tests.fakes.clock import SetClock
from tg_standin import StandIn
from tg_standin.driver import tiny_png
from tg_standin.state import BotMessage

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "123456:FUZZ-token-for-the-stand-in"
TUESDAY_DURING_SLOT = "2026-11-24T14:45:00+03:00"

HEAD = 100001
ADMIN = 100002
SPECIALIST_A = 200001  # on duty on Tuesday 14:30–16:00 in the example school
SPECIALISTS = (200001, 200002, 200003, 200004, 200005, 200006)
CLASS_TEACHER = 300001
HANG = 10.0  # seconds an update may take before it counts as hanging
STAFF = (HEAD, ADMIN, *SPECIALISTS, CLASS_TEACHER, 300002)


class SlotClock(SetClock):
    def keep_in_a_slot(self) -> None:
        """Past Tuesday 15:40 (the example school's specialist A goes off duty at 16:00): on to the
        next Tuesday at 14:35. Time only moves forward."""
        while not (self.value.weekday() == 1 and (14, 35) <= (self.value.hour, self.value.minute) <= (15, 40)):
            self.value = (self.value + timedelta(days=1)).replace(hour=14, minute=35)


@dataclass
class Failure:
    """One unhandled error: what the bot logged or raised, and the input that was being handled."""

    kind: str  # raised | logged
    summary: str
    detail: str
    update: dict[str, Any] | None = None

    def key(self) -> str:
        """Errors that are the same bug: the message without its numbers and ids."""
        import re

        return re.sub(r"\d+", "N", self.summary)[:160]


class Catcher(logging.Handler):
    """Every record at ERROR or above, and every record that carries a traceback."""

    def __init__(self, rig: Rig) -> None:
        super().__init__(level=logging.DEBUG)
        self.rig = rig

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno < logging.ERROR and not record.exc_info:
            return
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a record that cannot be formatted is still an error
            message = str(record.msg)
        detail = message
        if record.exc_info:
            detail += "\n" + "".join(traceback.format_exception(*record.exc_info))
            error = record.exc_info[1]
            message = f"{message}: {type(error).__name__}: {error}"
        # Only the error handler's record belongs to the update being handled; the outbox's and
        # other background work's records come from whatever was sent earlier.
        update = self.rig.current_update if record.name == "bot.errors" else None
        self.rig.failures.append(Failure("logged", f"{record.name}: {message}", detail, update))



def fresh_feature_routers() -> None:
    """The feature routers are module-level and join one parent once (aiogram offers no public way
    to leave it): forget the handler modules and the app that composes them, so that the next
    dispatcher built in this process (this rig's, or another test's) imports them anew, with
    routers of its own."""
    for name in list(sys.modules):
        if name in ("bot.app", "bot.handlers") or name.startswith("bot.handlers."):
            del sys.modules[name]


@dataclass
class Rig:
    workdir: Path
    standin: StandIn = field(init=False)
    failures: list[Failure] = field(default_factory=list)
    inputs: int = 0
    setup_inputs: int = 0  # updates that brought people into their state (not counted as fuzz inputs)
    setup_misses: int = 0  # a state that could not be reached (e.g. no card to press): noted, not failed
    people: Any = field(default_factory=lambda: itertools.count(5_000_000))
    current_update: dict[str, Any] | None = None

    async def start(self) -> Rig:
        fresh_feature_routers()  # another test of this process may have composed them already
        from bot.app import connect_outbox, create_dispatcher
        from bot.domain.courtesy import CourtesyFilter
        from bot.domain.school import load_school_config
        from bot.i18n import I18n
        from bot.messenger import TelegramMessenger
        from bot.outbox import OutboxWorker
        from bot.services.helpdesk import HelpDesk
        from bot.services.people import Directory
        from bot.services.summaries import Summaries
        from bot.telegram import create_session
        from bot.views.present import Views
        from storage.db import Database
        from storage.outbox import OutboxRepository

        self.standin = StandIn(token=TOKEN, bot_username="school_helpdesk_bot")
        await self.standin.start(host="127.0.0.1", port=0)
        self.standin.push_update = self.feed  # type: ignore[method-assign]  # people's input, straight in
        self._update_ids = itertools.count(1)
        self.db = await Database(self.workdir / "fuzz.sqlite3").connect()
        self.school = load_school_config(ROOT / "schools" / "example.toml")
        self.i18n = I18n(default=self.school.school.default_language)
        self.clock = SlotClock(TUESDAY_DURING_SLOT)
        # Not paced per chat: one person's inputs come many a second here, and pacing them at
        # Telegram's one a second would make the fuzz measure the pacer. Texts are still fitted.
        unpaced = {"per_chat_rate": 0} if "per_chat_rate" in inspect.signature(create_session).parameters else {}
        self.bot = Bot(TOKEN, session=create_session(self.standin.url, **unpaced),
                       default=DefaultBotProperties(parse_mode=ParseMode.HTML, link_preview_is_disabled=True))
        options = inspect.signature(OutboxWorker).parameters
        extra: dict[str, Any] = {"per_chat_interval": 0.0} if "per_chat_interval" in options else {}
        self.outbox = OutboxWorker(self.bot, OutboxRepository(self.db), **extra)
        directory = Directory(self.school, self.i18n, self.db)
        self.helpdesk = HelpDesk(self.db, self.school, self.clock, directory, self.outbox,
                                 CourtesyFilter.from_config(getattr(self.school, "courtesy", None)),
                                 views=Views(directory))
        self.summaries = Summaries(self.db, self.school, self.clock, views=self.helpdesk.views, outbox=self.outbox,
                                   messenger=TelegramMessenger(self.bot), directory=self.helpdesk.directory)
        connect_outbox(self.outbox, self.helpdesk, self.summaries)  # the bot's own hooks, all of them
        self.dp: Dispatcher = create_dispatcher(db=self.db, school=self.school, i18n=self.i18n, clock=self.clock,
                                                helpdesk=self.helpdesk, summaries=self.summaries)
        await self.helpdesk.reload_substitutions()
        self._outbox_task = asyncio.create_task(self.outbox.run(), name="outbox")
        self.catcher = Catcher(self)
        logging.getLogger().addHandler(self.catcher)
        self._seen: dict[int, int] = {}
        self.callback_pool: list[tuple[int, str]] = []  # (chat, data) of every button the bot has shown
        for telegram_id in STAFF:
            self.standin.user(telegram_id, first_name=f"Staff{telegram_id}", language_code="ru")
        for telegram_id in STAFF:
            await self.onboard(self.standin.user(telegram_id), "administration")
        return self

    async def stop(self) -> None:
        logging.getLogger().removeHandler(self.catcher)
        await self.outbox.stop()
        self._outbox_task.cancel()
        await asyncio.gather(self._outbox_task, return_exceptions=True)
        await self.bot.session.close()
        await self.db.close()
        await self.standin.stop()

    # --- input ----------------------------------------------------------------------------------

    async def feed(self, update: dict[str, Any]) -> int:
        """One update into the dispatcher, as polling would hand it over. Exceptions are recorded."""
        update_id = next(self._update_ids)
        update["update_id"] = update_id
        self.inputs += 1
        self.current_update = update
        try:
            await asyncio.wait_for(self.dp.feed_raw_update(self.bot, update), HANG)
        except TimeoutError:
            self.failures.append(Failure("raised", f"no answer in {HANG}s: the update hangs", "", update))
        except Exception as error:  # noqa: BLE001 - that is what the fuzz looks for
            self.failures.append(Failure("raised", f"{type(error).__name__}: {error}", traceback.format_exc(), update))
        finally:
            self.current_update = None
        self.collect_buttons()
        return update_id

    async def callback(self, person, data: str, message: BotMessage | None = None) -> None:  # noqa: ANN001
        """A button press with this data, on `message` (else the newest bot message in the chat)."""
        chat = person.chat
        if message is None:
            bot_messages = [m for m in chat.messages.values() if m.from_bot and not m.deleted]
            message = bot_messages[-1] if bot_messages else None
        query: dict[str, Any] = {"id": secrets.token_hex(8), "from": chat.as_user(), "chat_instance": str(chat.id),
                                 "data": data}
        if message is not None:
            query["message"] = self.standin.message_json(chat, message)
        answered = self.standin.expect_callback_answer(query["id"])  # answerable once, as in Telegram
        await self.feed({"callback_query": query})
        self.standin._callback_answers.pop(query["id"], None)
        self.last_answer = answered.result() if answered.done() else None

    async def press(self, person, prefix: str, *, timeout: float = 3.0) -> str:  # noqa: ANN001
        """Press the newest button whose callback data starts with `prefix`; waits for it to appear."""
        deadline = time.monotonic() + timeout
        while True:
            for message in reversed(list(person.chat.messages.values())):
                if not message.from_bot or message.deleted:
                    continue
                for row in message.inline_keyboard:
                    for button in row:
                        data = button.get("callback_data") or ""
                        if data.startswith(prefix):
                            await self.callback(person, data, message)
                            return data
            if time.monotonic() > deadline:
                shown = [m.inline_keyboard for m in person.messages[-3:]]
                raise LookupError(f"{person.id}: no button {prefix!r}; newest: {shown}")
            await asyncio.sleep(0.01)

    async def reply_to(self, person, text: str, message: BotMessage) -> None:  # noqa: ANN001
        """Telegram's «Ответить» on one of the bot's messages."""
        data = person._message(text=text)
        data["reply_to_message"] = self.standin.message_json(person.chat, message)
        await self.feed({"message": data})

    async def onboard(self, person, role: str = "parent") -> None:  # noqa: ANN001
        await person.send("/start")
        try:
            await self.press(person, "cs1:y", timeout=0.5)
        except LookupError:
            return  # already onboarded: /start welcomed them back
        await self.press(person, f"rl1:{role}")

    def collect_buttons(self) -> None:
        for chat_id, chat in self.standin.chats.items():
            seen = self._seen.get(chat_id, 0)
            if seen == len(chat.events):
                continue
            for message in chat.events[seen:]:
                for row in message.inline_keyboard:
                    for button in row:
                        data = button.get("callback_data")
                        if data:
                            self.callback_pool.append((chat_id, data))
            self._seen[chat_id] = len(chat.events)
        if len(self.callback_pool) > 2000:
            del self.callback_pool[:1000]

    async def settle(self, timeout: float = 2.0) -> None:
        """Let the outbox send what is due now (cards, relays, notices)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            row = await self.db.fetch_one(
                "SELECT count(*) FROM outbox WHERE status IN ('pending', 'sending') AND not_before <= ?", (time.time(),)
            ) if await self._outbox_has_columns() else (0,)
            if not row or not row[0]:
                return
            await asyncio.sleep(0.02)

    async def _outbox_has_columns(self) -> bool:
        if not hasattr(self, "_outbox_columns"):
            rows = await self.db.fetch_all("PRAGMA table_info(outbox)")
            self._outbox_columns = {r[1] for r in rows} >= {"status", "not_before"}
        return self._outbox_columns


def png() -> bytes:
    return tiny_png()
