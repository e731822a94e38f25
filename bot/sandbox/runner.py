"""The sandbox's process: the stand-in and its page, the school's clock, the demo data, and
the real bot (`python -m bot` with a token of the stand-in's) as a child process.

The page and the Bot API share one address (SANDBOX_HOST, SANDBOX_PORT: 127.0.0.1:8080):
`/` is the page, `/bot<token>/…` the Bot API the child polls, `/_sandbox/…` the clock, the
reset and the people. Nothing here talks to Telegram.
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import shutil
import signal
import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from aiohttp import web
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.domain.school import SchoolConfig
from bot.sandbox import cast
from bot.settings import REPO_ROOT, Settings

log = logging.getLogger(__name__)

BOT_ID = 777000  # the sandbox bot's id; each start of the bot gets a fresh token (below)
BOT_START_TIMEOUT = 60.0


class SandboxSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SANDBOX_", env_file=".env", env_file_encoding="utf-8",
                                      extra="ignore", case_sensitive=False)

    host: str = Field(default="127.0.0.1", description="Where the page listens (the sandbox's address).")
    port: int = Field(default=8080, ge=0, le=65535, description="The page's port; 0: any free one.")
    data_dir: Path = Field(default=REPO_ROOT / "data" / "sandbox",
                           description="The sandbox's own database, clock file and the bot's log; made anew at start.")


class SandboxClock:
    """The school's clock in the sandbox: set from the page, then running on with real time.
    Written to the bot's CLOCK_FILE twice a second (bot/clock.py reads it)."""

    def __init__(self, path: Path, tz: Any) -> None:
        self.path, self.tz = path, tz
        self._base = cast.start_moment(tz)
        self._since = asyncio.get_running_loop().time()

    def now(self) -> datetime:
        elapsed = asyncio.get_running_loop().time() - self._since
        return (self._base + timedelta(seconds=elapsed)).astimezone(self.tz)

    def set(self, moment: datetime) -> None:
        self._base, self._since = moment.astimezone(self.tz), asyncio.get_running_loop().time()
        self.write()

    def write(self) -> None:
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(self.now().replace(microsecond=0).isoformat(), encoding="utf-8")
        os.replace(tmp, self.path)

    async def run(self) -> None:
        while True:
            self.write()
            await asyncio.sleep(0.5)


class Sandbox:
    def __init__(self, settings: Settings, school: SchoolConfig, options: SandboxSettings) -> None:
        from tg_standin import StandIn

        self.settings, self.school, self.options = settings, school, options
        self.dir = options.data_dir
        self.database = self.dir / "db" / "helpdesk.sqlite3"  # and whatever the bot keeps beside it
        self.log_path = self.dir / "bot.log"
        self.standin = StandIn(token=self.new_token(), bot_username="school_helpdesk_bot",
                               bot_name="Справочная ЭлЖур")
        self.standin.extensions.append(self.routes)
        self.people: list[cast.Person] = list(cast.CAST)
        self.generation = 0
        self.bot_state = "starting"
        self.process: asyncio.subprocess.Process | None = None
        self._lock = asyncio.Lock()
        self._log_file: Any = None
        self.clock: SandboxClock | None = None
        self._watcher: asyncio.Task[None] | None = None

    @staticmethod
    def new_token() -> str:
        """A token for one run of the bot: a bot left from an earlier run (or another sandbox's)
        gets 401 from the stand-in and stops, instead of answering people twice."""
        return f"{BOT_ID}:SANDBOX-{secrets.token_urlsafe(12)}"

    # --- life cycle ------------------------------------------------------------------------

    async def serve(self) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        self.log_path.write_bytes(b"")  # the log of this run only (resets append to it)
        self.clock = SandboxClock(self.dir / "clock.txt", self.school.tz)
        self.clock.write()
        url = await self.standin.start(self.options.host, self.options.port)
        print(f"Sandbox: no BOT_TOKEN is set, so the bot runs here without Telegram and never talks to it.\n"
              f"Open {url} in a browser: the school's people side by side, a chat with the bot each.\n"
              f"The bot's log: {self.log_path}. Stop with Ctrl+C. With BOT_TOKEN set, the bot runs against Telegram.",
              flush=True)
        ticking = asyncio.create_task(self.clock.run())
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        try:
            await self.prepare()
            await stop.wait()
        finally:
            ticking.cancel()
            await self.stop_bot()
            await self.standin.stop()

    async def prepare(self) -> None:
        """Fresh demo data and a bot polling it: at start and at every reset (the bot's process
        seeds the new database before it starts: bot/sandbox/child.py)."""
        async with self._lock:
            await self.stop_bot()
            self.bot_state = "starting"
            self.standin.reset()
            self.people = list(cast.CAST)
            assert self.clock is not None
            self.clock.set(cast.start_moment(self.school.tz))
            shutil.rmtree(self.database.parent, ignore_errors=True)
            self.database.parent.mkdir(parents=True)
            for person in self.people:
                self.standin.user(person.telegram_id, first_name=person.first_name, last_name=person.last_name,
                                  language_code=person.language_code)
            self.generation += 1
            await self.start_bot()

    def bot_env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("BOT_", "TELEGRAM_", "SCHOOL_", "DATABASE_", "CLOCK_", "ELJUR_", "SANDBOX_"))}
        assert self.clock is not None
        env.update(
            BOT_TOKEN=self.standin.token, TELEGRAM_API_URL=self.standin.url, SCHOOL_CONFIG=str(self.settings.school_config),
            DATABASE_PATH=str(self.database), CLOCK_FILE=str(self.clock.path), TICK_SECONDS="1",
            POLLING_TIMEOUT="2", LOG_LEVEL=self.settings.log_level, PER_CHAT_RATE="20", PER_CHAT_BURST="20",
            PYTHONUNBUFFERED="1",
        )
        return env

    async def start_bot(self) -> None:
        self.standin.token = self.new_token()
        polls_before = self.standin.stats.get("getUpdates", 0)
        self._log_file = open(self.log_path, "ab")  # noqa: ASYNC230, SIM115 - open while the child lives
        self.process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot.sandbox.child", env=self.bot_env(), stdout=self._log_file, stderr=self._log_file,
            preexec_fn=_die_with_parent,
        )
        loop = asyncio.get_running_loop()
        deadline = loop.time() + BOT_START_TIMEOUT
        while self.standin.stats.get("getUpdates", 0) <= polls_before:
            if self.process.returncode is not None or loop.time() > deadline:
                self.bot_state = "stopped"
                print(f"Sandbox: the bot did not start (exit code {self.process.returncode}); see {self.log_path}",
                      file=sys.stderr, flush=True)
                return
            await asyncio.sleep(0.05)
        self.bot_state = "running"
        self._watcher = asyncio.create_task(self._watch(self.process))  # kept: a task nobody holds may be collected

    async def _watch(self, process: asyncio.subprocess.Process) -> None:
        code = await process.wait()
        if process is self.process and self.bot_state == "running":
            self.bot_state = "stopped"
            print(f"Sandbox: the bot stopped (exit code {code}); see {self.log_path}. "
                  "The page's reset starts it again.", file=sys.stderr, flush=True)

    async def stop_bot(self) -> None:
        process, self.process = self.process, None
        self.bot_state = "stopped"
        if process is not None and process.returncode is None:
            process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(process.wait(), 15)
            except TimeoutError:
                process.kill()
                await process.wait()
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None

    # --- the page's routes ------------------------------------------------------------------

    def routes(self, app: web.Application) -> None:
        app.router.add_get("/_sandbox/state", self.state)
        app.router.add_post("/_sandbox/clock", self.set_clock)
        app.router.add_post("/_sandbox/reset", self.reset)
        app.router.add_post("/_sandbox/people", self.add_person)

    def presets(self, now: datetime) -> list[dict[str, Any]]:
        monday = now.date() - timedelta(days=now.weekday())

        def at(days: int, hour: int, minute: int) -> str:
            return datetime.combine(monday + timedelta(days=days), datetime.min.time()).replace(
                hour=hour, minute=minute).isoformat()

        summary_day = self.school.parents.summary_weekday.index
        summary = self.school.parents.summary_time
        before = (datetime.combine(monday, summary) - timedelta(minutes=1)).time()
        return [
            {"label": "Вт 14:45", "local": at(1, 14, 45), "title": "Вторник: консультация специалиста А"},
            {"label": "Ср 08:00", "local": at(2, 8, 0), "title": "Среда: методисты на месте"},
            {"label": f"Сб {before:%H:%M}", "local": at(summary_day, before.hour, before.minute),
             "title": "За минуту до еженедельных сводок"},
            {"label": f"Сб {summary:%H:%M}", "local": at(summary_day, summary.hour, summary.minute),
             "title": "Время еженедельных сводок родителям"},
            {"label": "+15 мин", "shift_minutes": 15},
            {"label": "+1 ч", "shift_minutes": 60},
            {"label": "+1 день", "shift_minutes": 1440},
        ]

    async def state(self, request: web.Request) -> web.Response:
        assert self.clock is not None
        now = self.clock.now()
        return web.json_response({
            "generation": self.generation,
            "school": self.school.school.short_name,
            "people": [p.as_json() for p in self.people],
            "clock": {"local": now.replace(tzinfo=None, microsecond=0).isoformat(), "weekday": now.weekday(),
                      "iso": now.isoformat()},
            "presets": self.presets(now),
            "bot": self.bot_state,
            "telegram": False,
        })

    async def set_clock(self, request: web.Request) -> web.Response:
        assert self.clock is not None
        body = await request.json()
        try:
            if "local" in body:
                moment = datetime.fromisoformat(str(body["local"])).replace(tzinfo=self.school.tz)
            else:
                moment = self.clock.now() + timedelta(minutes=float(body["shift_minutes"]))
        except (KeyError, TypeError, ValueError):
            return web.json_response({"ok": False, "error": "give local (YYYY-MM-DDTHH:MM) or shift_minutes"},
                                     status=400)
        self.clock.set(moment)
        log.info("sandbox: the school's clock set to %s", self.clock.now().isoformat())
        return web.json_response({"ok": True, "local": self.clock.now().replace(tzinfo=None, microsecond=0).isoformat()})

    async def reset(self, request: web.Request) -> web.Response:
        await self.prepare()
        return web.json_response({"ok": self.bot_state == "running", "generation": self.generation})

    async def add_person(self, request: web.Request) -> web.Response:
        body = await request.json()
        name = " ".join(str(body.get("name", "")).split())[:64]
        if not name:
            return web.json_response({"ok": False, "error": "a name is needed"}, status=400)
        first, _, last = name.partition(" ")
        telegram_id = max([cast.NEW_PEOPLE_FROM - 1, *(p.telegram_id for p in self.people)]) + 1
        person = cast.Person(telegram_id, first, last, "Новый человек")
        self.people.append(person)
        self.standin.user(telegram_id, first_name=first, last_name=last or None, language_code="ru")
        return web.json_response(person.as_json())


def _die_with_parent() -> None:
    """In the child, before it runs: on Linux, the bot gets SIGTERM when the sandbox dies, so
    no bot is left behind by a sandbox that was killed."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def run_sandbox(settings: Settings, school: SchoolConfig) -> int:
    options = SandboxSettings()
    # This process's own log lines (the seed's, the stand-in's) would bury the address; the
    # bot's are in its log file.
    logging.getLogger().setLevel(logging.WARNING)
    sandbox = Sandbox(settings, school, options)
    try:
        asyncio.run(sandbox.serve())
    except KeyboardInterrupt:
        return 0
    except OSError as error:
        print(f"The sandbox cannot start on {options.host}:{options.port}: {error}. "
              "Set SANDBOX_PORT to a free port.", file=sys.stderr)
        return 2
    return 0


__all__ = ["SandboxSettings", "run_sandbox"]
