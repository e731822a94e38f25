"""Factories and the run loop. Nothing here runs at import time."""

from __future__ import annotations

import asyncio
import gc
import logging

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.enums import ParseMode
from aiogram.fsm.storage.base import BaseStorage
from aiogram.fsm.strategy import FSMStrategy
from aiogram.fsm.storage.memory import SimpleEventIsolation
from aiogram.types import BotCommand, BotCommandScopeDefault

from bot.clock import Clock, make_clock
from bot.domain.courtesy import CourtesyFilter
from bot.domain.school import SchoolConfig
from bot.errors import on_error
from bot.handlers import get_routers
from bot.i18n import I18n
from bot.middlewares import ContextMiddleware
from bot.outbox import OutboxWorker, Sent
from bot.scheduler import add_tick, create_scheduler
from bot.services.eljur import EljurClient, EljurSettings, EljurSync
from bot.services.summaries import Summaries
from bot.services.helpdesk import HelpDesk
from bot.services.people import Directory
from bot.settings import Settings
from bot.telegram import create_session
from storage.db import Database
from storage.fsm import SQLiteStorage
from storage.links import LinkRepository, OptOutRepository
from storage.outbox import OutboxRepository
from storage.users import UserRepository

log = logging.getLogger(__name__)

MENU_COMMANDS = ("start", "new", "my", "schedule", "duty", "help", "language", "privacy", "cancel")


def create_bot(settings: Settings) -> Bot:
    return Bot(
        token=settings.bot_token.get_secret_value(),
        session=create_session(str(settings.telegram_api_url), per_chat_rate=settings.per_chat_rate,
                               per_chat_burst=settings.per_chat_burst),
        default=DefaultBotProperties(parse_mode=ParseMode.HTML, link_preview_is_disabled=True),
    )


def create_dispatcher(
    *,
    db: Database,
    school: SchoolConfig,
    i18n: I18n,
    clock: Clock,
    helpdesk: HelpDesk,
    storage: BaseStorage | None = None,
    summaries: Summaries | None = None,
) -> Dispatcher:
    users = helpdesk.directory.users  # one write-through cache for the whole process
    dp = Dispatcher(
        storage=storage or SQLiteStorage(db),
        events_isolation=SimpleEventIsolation(),
        fsm_strategy=FSMStrategy.USER_IN_CHAT,
        # App-wide objects, injected into handlers by name.
        db=db,
        school=school,
        i18n=i18n,
        clock=clock,
        users=users,
        helpdesk=helpdesk,
        summaries=summaries or Summaries(db, school, clock, i18n),
        links=LinkRepository(db, max_failures_per_hour=school.parents.max_failed_link_attempts_per_hour),
        optouts=OptOutRepository(db),
    )
    dp.update.outer_middleware(ContextMiddleware(users, i18n, school))
    dp.errors.register(on_error)  # on the dispatcher itself: no extra router on every update's path
    dp.include_routers(*get_routers())
    dp.startup.register(set_commands)
    return dp


async def set_commands(bot: Bot, i18n: I18n) -> None:
    """The command menu in each language; Russian is also the default for other languages."""
    for language in i18n.languages:
        t = i18n.get(language)
        commands = [BotCommand(command=name, description=t(f"cmd-{name}")) for name in MENU_COMMANDS]
        await bot.set_my_commands(commands, scope=BotCommandScopeDefault(), language_code=language)
        if language == i18n.default:
            await bot.set_my_commands(commands, scope=BotCommandScopeDefault())


async def run(settings: Settings, school: SchoolConfig) -> None:
    db = await Database(settings.database_path).connect()
    try:
        await serve(settings, school, db)
    finally:
        # On every way out, a failed start included: aiosqlite's thread is waited for at
        # exit, so a database left open would keep a failed bot running instead of ending.
        await db.close()


async def serve(settings: Settings, school: SchoolConfig, db: Database) -> None:
    clock = make_clock(settings.clock_file)
    i18n = I18n(default=school.school.default_language)
    bot = create_bot(settings)
    outbox = OutboxWorker(bot, OutboxRepository(db), rate_per_second=settings.outbox_rate)
    helpdesk = HelpDesk(
        db, school, clock, Directory(school, i18n, db), outbox,
        CourtesyFilter.from_config(getattr(school, "courtesy", None)),
    )
    helpdesk_cards = RequestCards(helpdesk)
    outbox.on_sent["card"] = helpdesk_cards.remember
    outbox.on_failed["card"] = helpdesk_cards.undeliverable
    summaries = Summaries(db, school, clock, i18n, outbox, bot)
    eljur = EljurSettings()  # the journal's API, when ELJUR_* are set (docs/marks-import.md)
    background_clients: list[EljurClient] = []
    outbox.on_blocked["summary"] = summaries.unreachable
    dp = create_dispatcher(db=db, school=school, i18n=i18n, clock=clock, helpdesk=helpdesk, summaries=summaries)
    scheduler = create_scheduler(school.tz)
    background: list[asyncio.Task[None]] = []

    async def on_startup() -> None:
        await helpdesk.reload_substitutions()
        background.append(asyncio.create_task(outbox.run(), name="outbox"))
        add_tick(scheduler, helpdesk.run_timers, settings.tick_seconds, "helpdesk-timers")
        add_tick(scheduler, helpdesk.reload_substitutions, 3600, "substitutions-reload")
        # The weekly summaries: a due-check on the tick against the runs in the database, so
        # a bot that was down at the hour catches up at start (bot/services/summaries.py).
        add_tick(scheduler, summaries.tick, settings.tick_seconds, "summaries")
        if eljur.enabled:
            client = EljurClient(eljur)
            background_clients.append(client)
            sync = EljurSync(client, summaries.journal_students, summaries.store_pulled, summaries.tell_admins)

            async def pull() -> None:
                await sync.run(clock.now().astimezone(school.tz).date())

            add_tick(scheduler, pull, eljur.pull_minutes * 60, "journal-pull")
        scheduler.start()
        settle_the_heap()

    async def on_shutdown() -> None:
        scheduler.shutdown(wait=False)
        await outbox.stop()
        for task in background:
            task.cancel()
        await asyncio.gather(*background, return_exceptions=True)
        for client in background_clients:
            await client.close()

    dp.startup.register(on_startup)
    dp.shutdown.register(on_shutdown)
    await bot.delete_webhook(drop_pending_updates=False)
    log.info("polling %s as bot %s", settings.telegram_api_url, settings.bot_id)
    await dp.start_polling(bot, polling_timeout=settings.polling_timeout, close_bot_session=True)


def settle_the_heap() -> None:
    """What is built by now (aiogram's and pydantic's ~260,000 objects of types and schemas,
    the school, the caches) lives as long as the process. `gc.freeze()` takes it out of the
    collector's walks: a full collection over it took 200-250 ms, during which the bot
    stood still in the middle of people's requests (it was most of the delay of the
    fiftieth card in bench/helpdesk_load.py). Garbage made later is collected as before."""
    gc.collect()
    gc.freeze()


class RequestCards:
    """Remembers where each card was sent, so it can be found again."""

    def __init__(self, helpdesk: HelpDesk) -> None:
        self._helpdesk = helpdesk

    async def remember(self, sent: list[Sent]) -> None:
        await self._helpdesk.requests.add_cards([
            (item.ref_id, item.chat_id, message_id) for item, message_id in sent
            if message_id is not None and item.ref_id is not None
        ])

    async def undeliverable(self, item, error: str) -> None:  # type: ignore[no-untyped-def]
        if item.ref_id is not None:
            await self._helpdesk.card_undeliverable(item.ref_id, item.chat_id, error)


def run_blocking(settings: Settings, school: SchoolConfig) -> None:
    asyncio.run(run(settings, school))
