"""Factories and the run loop. Nothing here runs at import time."""

from __future__ import annotations

import asyncio
import gc
import logging
from pathlib import Path

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.enums import ParseMode
from aiogram.fsm.storage.base import BaseStorage
from aiogram.fsm.storage.memory import SimpleEventIsolation
from aiogram.fsm.strategy import FSMStrategy
from aiogram.types import BotCommand, BotCommandScopeDefault

from bot.clock import Clock, make_clock
from bot.domain.courtesy import CourtesyFilter
from bot.domain.courtesy import warm_up as courtesy_warm_up
from bot.domain.school import SchoolConfig
from bot.errors import IdempotentEdits, on_error
from bot.fsm import SQLiteStorage
from bot.handlers import get_routers
from bot.healthcheck import HealthFile, state_path
from bot.i18n import I18n
from bot.messenger import TelegramMessenger
from bot.middlewares import ContextMiddleware
from bot.outbox import OutboxWorker
from bot.scheduler import Health, LoopFailed, Supervisor, add_tick, create_scheduler
from bot.services.accounts import Accounts
from bot.services.announcements import Announcements
from bot.services.audit import AuditTrail
from bot.services.backup import Backups
from bot.services.eljur import EljurClient, EljurSettings, EljurSync
from bot.services.families import Families
from bot.services.helpdesk import HelpDesk
from bot.services.people import Directory
from bot.services.personal_data import PersonalDataService
from bot.services.reports import Reports
from bot.services.request_lookup import RequestLookup
from bot.services.retention import Retention
from bot.services.staffing import Staffing
from bot.services.status import BotStatus
from bot.services.summaries import Summaries
from bot.settings import Settings
from bot.telegram import create_session
from bot.views.present import Views
from bot.views.reports import ReportFiles
from storage.audit import AuditLog
from storage.backup import RunLock
from storage.db import Database, StorageUnavailable
from storage.outbox import OutboxRepository
from storage.uow import repositories_of

log = logging.getLogger(__name__)

MENU_COMMANDS = ("start", "new", "my", "schedule", "duty", "help", "language", "privacy", "mydata", "cancel")


def create_bot(settings: Settings) -> Bot:
    if settings.bot_token is None:
        raise ValueError("no BOT_TOKEN: the sandbox runs its own stand-in")
    bot = Bot(
        token=settings.bot_token.get_secret_value(),
        session=create_session(str(settings.telegram_api_url), per_chat_rate=settings.per_chat_rate,
                               per_chat_burst=settings.per_chat_burst),
        default=DefaultBotProperties(parse_mode=ParseMode.HTML, link_preview_is_disabled=True),
    )
    bot.session.middleware(IdempotentEdits())  # a double tap's second, identical edit is not an error
    return bot


def create_dispatcher(
    *,
    db: Database,
    school: SchoolConfig,
    i18n: I18n,
    clock: Clock,
    helpdesk: HelpDesk,
    storage: BaseStorage | None = None,
    summaries: Summaries | None = None,
    staffing: Staffing | None = None,
) -> Dispatcher:
    users = helpdesk.directory.users  # one write-through cache for the whole process
    links = repositories_of(db).links  # the units of work's own (storage/uow.py), with the school's limit
    links.max_failures_per_hour = school.parents.max_failed_link_attempts_per_hour
    staffing = staffing or Staffing(db, helpdesk, clock)
    staffing.links = links  # /reload updates its limit with the rest
    summaries = summaries or Summaries(db, school, clock, views=helpdesk.views, directory=helpdesk.directory)
    dp = Dispatcher(
        storage=storage or SQLiteStorage(db),
        events_isolation=SimpleEventIsolation(),
        fsm_strategy=FSMStrategy.USER_IN_CHAT,
        # App-wide objects, injected into handlers by name: services, not repositories or the
        # database (handlers call services only, docs/decisions.md).
        school=school,
        i18n=i18n,
        clock=clock,
        helpdesk=helpdesk,
        lookup=RequestLookup(repositories_of(db)),  # what handlers read about requests
        personal_data=PersonalDataService(db, users, helpdesk, summaries),  # /mydata, /forget
        summaries=summaries,
        families=Families(links, repositories_of(db).optouts, clock),  # invitations, children, the opt-out register
        accounts=Accounts(users, clock),  # consent, language, role
        staffing=staffing,
        # without a messenger (tests, benches): announcements queue, the progress is not shown
        announcements=Announcements(db, helpdesk.directory, clock, helpdesk.views),
        audit=AuditTrail(AuditLog(db, clock.now)),  # who exported, printed, viewed or imported what (/audit)
    )
    dp.update.outer_middleware(ContextMiddleware(helpdesk.directory, i18n))
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
    # The running bot holds `<database>.pid` locked: `python -m bot restore` refuses while it
    # does, and a bot started during a restore (or beside another bot) waits, then exits (3).
    run_lock = await hold_run_lock(Path(settings.database_path), settings.database_lock_wait)
    try:
        db = await Database(settings.database_path, lock_wait=settings.database_lock_wait).connect()
        try:
            await serve(settings, school, db)
        finally:
            # On every way out, a failed start included: aiosqlite's thread is waited for at
            # exit, so a database left open would keep a failed bot running instead of ending.
            await db.close()
    finally:
        run_lock.release()


async def hold_run_lock(database: Path, wait: float) -> RunLock:
    lock = RunLock(database)
    deadline = asyncio.get_running_loop().time() + wait
    while True:
        try:
            if lock.acquire():
                break
        except OSError as error:  # the folder cannot be made or written: as a database that cannot be opened
            raise StorageUnavailable(f"cannot create or open {lock.path}: {error.strerror or error}") from error
        if asyncio.get_running_loop().time() > deadline:
            holder = lock.holder()
            raise StorageUnavailable(
                f"in use by another process{f' (pid {holder})' if holder else ''}: another bot or a restore")
        await asyncio.sleep(0.2)
    return lock


async def serve(settings: Settings, school: SchoolConfig, db: Database) -> None:
    clock = make_clock(settings.clock_file)
    i18n = I18n(default=school.school.default_language)
    bot = create_bot(settings)
    outbox = OutboxWorker(bot, OutboxRepository(db), rate_per_second=settings.outbox_rate)
    directory = Directory(school, i18n, db)
    views = Views(directory)  # words every service's notices and files
    messenger = TelegramMessenger(bot)  # what services send at once, through the same session
    helpdesk = HelpDesk(
        db, school, clock, directory, outbox,
        CourtesyFilter.from_config(getattr(school, "courtesy", None)), views=views,
    )
    helpdesk.gather_bursts(settings.per_chat_rate, settings.per_chat_burst)  # cards for a busy chat: one queue message
    summaries = Summaries(db, school, clock, views=helpdesk.views, outbox=outbox, messenger=messenger,
                          directory=helpdesk.directory)
    staffing = Staffing(db, helpdesk, clock, path=settings.school_config, outbox=outbox)
    eljur = EljurSettings()  # the journal's API, when ELJUR_* are set (docs/marks-import.md)
    background_clients: list[EljurClient] = []
    connect_outbox(outbox, helpdesk, summaries)
    dp = create_dispatcher(db=db, school=school, i18n=i18n, clock=clock, helpdesk=helpdesk, summaries=summaries,
                           staffing=staffing)
    # Background work cannot die silently (docs/operations.md): every loop reports to `health`,
    # survives its errors, is restarted if it ends; lasting trouble is told to the administrators.
    health = Health()
    supervisor = Supervisor(health, alert_after=settings.alert_after_seconds,
                            watch_every=min(5.0, settings.alert_after_seconds / 2))
    supervisor.watch_also("database", lambda: db.trouble, db.probe)
    # `python -m bot check` reads what the watch writes here after each look (docs/operations.md).
    health_file = HealthFile(state_path(settings.database_path), health, supervisor.watch_every)
    supervisor.report = health_file.write
    outbox.health = health
    bot_status = BotStatus(health, db, school.tz, helpdesk.views,
                           lambda: [c for c in helpdesk.directory.chats_of("admins") if c],
                           helpdesk.directory.language_of, messenger)
    supervisor.alert = bot_status.alert
    dp["bot_status"] = bot_status
    # Backups proven to restore, and how long records are kept (docs/operations.md, "Backups and restore").
    backups = Backups(db, Path(settings.database_path), clock, lambda: helpdesk.school, directory=helpdesk.directory,
                      outbox=outbox, audit=dp["audit"].log, views=helpdesk.views)
    dp["backups"] = backups
    bot_status.backups = backups
    retention = Retention(db, clock, lambda: helpdesk.school)
    # Announcements (R6.6): an administrator's message to an audience, paced through the outbox.
    announcements = Announcements(db, helpdesk.directory, clock, helpdesk.views, outbox, messenger)
    dp["announcements"] = announcements
    # Activity reports and the register's yearly archive (docs/reports.md): /report, /archive and
    # the monthly report on the school's day; files kept beside the database.
    reports = Reports(helpdesk, ReportFiles(views), messenger,
                      folder=Path(settings.database_path).parent / "reports", outbox=outbox)
    dp["reports"] = reports
    scheduler = create_scheduler(school.tz, health)
    background: list[asyncio.Task[None]] = []

    async def on_startup() -> None:
        await helpdesk.directory.load_accounts()  # staff joined by a link: before the first update
        await helpdesk.reload_substitutions()
        await helpdesk.directory.load_reach()
        supervisor.keep("outbox", outbox.run)
        supervisor.start_watch()
        add_tick(scheduler, helpdesk.run_timers, settings.tick_seconds, "helpdesk-timers")
        add_tick(scheduler, helpdesk.reload_substitutions, 3600, "substitutions-reload")
        # The weekly summaries: a due-check on the tick against the runs in the database, so
        # a bot that was down at the hour catches up at start (bot/services/summaries/schedule.py).
        add_tick(scheduler, summaries.tick, settings.tick_seconds, "summaries")
        if eljur.enabled:
            client = EljurClient(eljur)
            background_clients.append(client)
            sync = EljurSync(client, summaries.journal_students, summaries.store_pulled, summaries.tell_admins,
                             summaries.tell_class_teachers)
            bot_status.journal = sync  # /status asks the journal what the account can read

            async def pull() -> None:
                result = await sync.run(clock.now().astimezone(helpdesk.school.tz).date())
                if not result.ok:  # already logged and told; counted as a failure for /status
                    raise LoopFailed(result.error or "the pull failed")

            add_tick(scheduler, pull, eljur.pull_minutes * 60, "journal-pull")
            health.register("journal-pull").alerts = False  # EljurSync tells the administrators itself
        # Staff who cannot be reached: the list at start, then every morning (bot/services/staffing.py).
        try:
            await staffing.at_start()
        except Exception:  # a report must not stop the start
            log.exception("the start's list of staff who cannot be reached failed")
        add_tick(scheduler, staffing.tick, settings.tick_seconds, "morning-list-of-staff")
        if not backups.configured:
            log.warning("backups are not set up: the school file names no [backup] folders (docs/operations.md)")
        add_tick(scheduler, backups.tick, settings.tick_seconds, "backup")  # weekly, caught up after a stop
        add_tick(scheduler, retention.tick, 3600, "retention")  # once a school day
        add_tick(scheduler, announcements.tick, settings.tick_seconds, "announcements")  # the senders' progress
        add_tick(scheduler, reports.tick, settings.tick_seconds, "reports")
        scheduler.start()
        # The courtesy check's dictionaries (~0.15 s) load now, not on the first person's message.
        await asyncio.to_thread(courtesy_warm_up)
        settle_the_heap()

    async def on_shutdown() -> None:
        supervisor.halt()
        health_file.remove()  # stopped on purpose: `check` says down, not hung
        scheduler.shutdown(wait=False)
        await outbox.stop()
        await supervisor.stop()
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



def connect_outbox(outbox: OutboxWorker, helpdesk: HelpDesk, summaries: Summaries) -> None:
    """What follows a message the outbox sent or Telegram refused, by the row's purpose. One
    place, used by the bot and by every test that builds the services itself."""
    outbox.on_sent["card"] = helpdesk.cards_sent
    outbox.on_failed["card"] = helpdesk.card_refused
    # Nothing strands (docs/decisions.md, "Delivery fallback"): a refused chat is remembered,
    # a refused card or queue message moves its request on at once, alerts tell the truth.
    outbox.on_undeliverable = helpdesk.undeliverable
    outbox.on_blocked["card"] = helpdesk.card_refused
    outbox.on_sent["queue"] = helpdesk.queue_lists_sent
    outbox.on_failed["queue"] = outbox.on_blocked["queue"] = helpdesk.queue_list_refused
    outbox.on_sent["alert"] = helpdesk.alerts_sent
    outbox.on_failed["alert"] = outbox.on_blocked["alert"] = helpdesk.alert_undeliverable
    outbox.on_blocked["summary"] = summaries.unreachable

def settle_the_heap() -> None:
    """What is built by now (aiogram's and pydantic's ~260,000 objects of types and schemas,
    the school, the caches) lives as long as the process. `gc.freeze()` takes it out of the
    collector's walks: a full collection over it took 200-250 ms, during which the bot
    stood still in the middle of people's requests (it was most of the delay of the
    fiftieth card in bench/helpdesk_load.py). Garbage made later is collected as before."""
    gc.collect()
    gc.freeze()


def run_blocking(settings: Settings, school: SchoolConfig) -> None:
    asyncio.run(run(settings, school))
