"""Runs the real bot process (`python -m bot`) against the Bot API stand-in.

The school's clock is a file the test writes (CLOCK_FILE); the bot checks due
work every TICK_SECONDS, so a test moves time forward and waits for the effect.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from tg_standin import StandIn

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "123456:TEST-token-for-the-stand-in"


class SchoolClock:
    def __init__(self, path: Path) -> None:
        self.path = path

    def set(self, moment: str | datetime) -> None:
        text = moment if isinstance(moment, str) else moment.isoformat()
        if datetime.fromisoformat(text).tzinfo is None:
            raise ValueError("give the offset, e.g. 2026-11-24T14:45:00+03:00")
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, self.path)


class BotProcess:
    def __init__(self, standin: StandIn, workdir: Path, *, school: Path | None = None, extra_env: dict[str, str] | None = None) -> None:
        self.standin = standin
        self.workdir = workdir
        self.database = workdir / "helpdesk.sqlite3"
        self.clock = SchoolClock(workdir / "clock.txt")
        self.log_path = workdir / "bot.log"
        self.school = school or ROOT / "schools" / "example.toml"
        self.extra_env = extra_env or {}
        self.process: asyncio.subprocess.Process | None = None
        self._log: BinaryIO | None = None

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "TELEGRAM_", "SCHOOL_", "DATABASE_"))}
        env.update(
            BOT_TOKEN=TOKEN,
            TELEGRAM_API_URL=self.standin.url,
            SCHOOL_CONFIG=str(self.school),
            DATABASE_PATH=str(self.database),
            CLOCK_FILE=str(self.clock.path),
            TICK_SECONDS="0.2",
            POLLING_TIMEOUT="1",
            LOG_LEVEL="INFO",
            # The stand-in has no rate limits unless a test enables them, and people here act
            # faster than any person: each chat is paced, but loosely. A test that enables the
            # stand-in's Telegram-like limits runs the bot with Telegram's pacing (1 a second, 3 at once).
            PER_CHAT_RATE="20",
            PER_CHAT_BURST="20",
            PYTHONUNBUFFERED="1",
        )
        env.update(self.extra_env)
        return env

    async def start(self, timeout: float = 20.0) -> None:
        polls_before = self.standin.stats.get("getUpdates", 0)
        self._log = open(self.log_path, "ab")
        self.process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", cwd=str(self.workdir), env=self.env(), stdout=self._log, stderr=self._log
        )
        deadline = asyncio.get_running_loop().time() + timeout
        while self.standin.stats.get("getUpdates", 0) <= polls_before:
            if self.process.returncode is not None:
                raise AssertionError(f"the bot exited with {self.process.returncode}:\n{self.log()}")
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"the bot did not start polling in {timeout}s:\n{self.log()}")
            await asyncio.sleep(0.05)

    async def stop(self, sig: int = signal.SIGTERM, timeout: float = 10.0) -> int | None:
        if self.process is None or self.process.returncode is not None:
            return self.process.returncode if self.process else None
        self.process.send_signal(sig)
        try:
            await asyncio.wait_for(self.process.wait(), timeout)
        except TimeoutError:
            self.process.kill()
            await self.process.wait()
        if self._log:
            self._log.close()
        return self.process.returncode

    async def kill(self) -> None:
        await self.stop(signal.SIGKILL)

    async def restart(self, *, crash: bool = False) -> None:
        if crash:
            await self.kill()
        else:
            await self.stop()
        await self.start()

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")[-6000:] if self.log_path.exists() else ""
