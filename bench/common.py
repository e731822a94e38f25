"""Shared pieces of the benchmarks: the stand-in in this process, bots as subprocesses."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
import tempfile
import time
from pathlib import Path

from tg_standin import StandIn

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "123456:BENCH-token"


class Subprocess:
    def __init__(self, standin: StandIn, argv: list[str], env: dict[str, str], log: Path) -> None:
        self.standin, self.argv, self.extra, self.log = standin, argv, env, log
        self.process: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        env = dict(os.environ, BOT_TOKEN=TOKEN, TELEGRAM_API_URL=self.standin.url, PYTHONUNBUFFERED="1", **self.extra)
        before = self.standin.stats.get("getUpdates", 0)
        handle = open(self.log, "ab")  # noqa: ASYNC230 - a log file for the child process, opened once
        self.process = await asyncio.create_subprocess_exec(*self.argv, cwd=str(ROOT), env=env, stdout=handle, stderr=handle)
        while self.standin.stats.get("getUpdates", 0) <= before:
            if self.process.returncode is not None:
                raise RuntimeError(self.log.read_text()[-3000:])
            await asyncio.sleep(0.05)

    async def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.process and self.process.returncode is None:
            self.process.send_signal(sig)
            try:
                await asyncio.wait_for(self.process.wait(), 15)
            except TimeoutError:
                self.process.kill()
                await self.process.wait()


def our_bot(standin: StandIn, workdir: Path, **env: str) -> Subprocess:
    clock = workdir / "clock.txt"
    if not clock.exists():
        clock.write_text("2026-11-24T14:45:00+03:00")
    settings = {
        "DATABASE_PATH": str(workdir / "bench.sqlite3"),
        "SCHOOL_CONFIG": str(ROOT / "schools" / "example.toml"),
        "CLOCK_FILE": str(clock),
        "LOG_LEVEL": "WARNING",
        "POLLING_TIMEOUT": "1",
        "TICK_SECONDS": "1",
        **env,
    }
    return Subprocess(standin, [sys.executable, "-m", "bot"], settings, workdir / "bot.log")


def echo_bot(standin: StandIn, workdir: Path, *, same_reply: bool = False, paced: bool = False) -> Subprocess:
    env = {"ECHO_SAME_REPLY": "1", "PYTHONPATH": str(ROOT)} if same_reply else {}
    if paced:
        env.update(ECHO_PACED="1", PYTHONPATH=str(ROOT))
    return Subprocess(standin, [sys.executable, str(ROOT / "bench" / "echo_bot.py")], env, workdir / "echo.log")


def sent_count(standin: StandIn, method: str = "sendMessage") -> int:
    return sum(1 for record in standin.sent_log if record.method == method)


async def wait_until(predicate, timeout: float, step: float = 0.01) -> float:
    start = time.perf_counter()
    while not predicate():
        if time.perf_counter() - start > timeout:
            raise TimeoutError("the benchmark did not finish in time")
        await asyncio.sleep(step)
    return time.perf_counter() - start


def workdir(name: str) -> Path:
    return Path(tempfile.mkdtemp(prefix=f"bench-{name}-"))


def report(name: str, figures: dict) -> None:
    print(json.dumps({"bench": name, **figures}, ensure_ascii=False))
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    (results / f"{name}.json").write_text(json.dumps(figures, ensure_ascii=False, indent=2))
