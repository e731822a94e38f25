"""`python -m bot check`: is the running bot healthy? For monitoring (docs/operations.md).

The running bot's watch (bot/scheduler/supervisor.py, every few seconds) writes the state of
every background loop into a small JSON file next to the database
(`data/helpdesk.sqlite3` → `data/helpdesk.health.json`, owner-only like the database).
`check` reads it, prints one line for the bot and one per loop, and exits:

- 0 healthy: the bot runs and no loop is failing or stuck;
- 1 degraded: the bot runs, but a loop (or the database's writes) is failing or stuck;
- 2 down: no state file (not running, or stopped normally: the file is removed at the
  stop), its process is gone (killed), or the watch has not written for too long (hung).

A file, not a port: nothing listens, nothing to secure, and it works wherever the database
is readable. The check needs no token and starts no bot.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path
from typing import Any

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.scheduler.supervisor import Health
from bot.settings import DEFAULT_DATABASE

HEALTHY, DEGRADED, DOWN = 0, 1, 2
STALE_AFTER = 30.0  # seconds without a write (at least six of the watch's intervals) and the bot counts as hung


def state_path(database_path: Path) -> Path:
    return database_path.with_name(database_path.stem + ".health.json")


class HealthFile:
    """Written by the watch after each look at the loops; removed at a normal stop."""

    def __init__(self, path: Path, health: Health, every: float) -> None:
        self.path = path
        self.health = health
        self.every = every
        self.started = time.time()

    def snapshot(self) -> dict[str, Any]:
        return {
            "pid": os.getpid(),
            "started_at": self.started,
            "written_at": time.time(),
            "every": self.every,
            "loops": [
                {"name": s.name, "interval": s.interval, "last_success": s.last_success,
                 "failing_since": s.failing_since, "failures": s.failures, "last_error": s.last_error,
                 "restarts": s.restarts}
                for s in self.health
            ],
        }

    def write(self) -> None:
        tmp = self.path.with_name(self.path.name + ".tmp")
        tmp.write_text(json.dumps(self.snapshot()), encoding="utf-8")
        os.replace(tmp, self.path)

    def remove(self) -> None:
        self.path.unlink(missing_ok=True)


def _ago(seconds: float) -> str:
    seconds = max(0, int(seconds))
    if seconds < 120:
        return f"{seconds} s ago"
    if seconds < 7200:
        return f"{seconds // 60} min ago"
    return f"{seconds // 3600} h {seconds % 3600 // 60:02d} min ago"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # running as another user
        return True
    return True


def assess(state: dict[str, Any] | None, now: float, where: Path) -> tuple[int, list[str]]:
    """The exit code and the lines to print, from the state file's content (None: no file)."""
    if state is None:
        return DOWN, [f"down: no state file {where} (the bot is not running, or stopped)"]
    pid, written = int(state.get("pid", 0)), float(state.get("written_at", 0))
    if not _alive(pid):
        return DOWN, [f"down: process {pid} is not running (last state {_ago(now - written)})"]
    stale_after = max(STALE_AFTER, 6 * float(state.get("every") or 5))
    if now - written > stale_after:
        return DOWN, [f"down: process {pid} runs but its watch last wrote {_ago(now - written)} (hung?)"]
    lines, code = [], HEALTHY
    for loop in state.get("loops", []):
        if loop.get("failing_since") is not None:
            code = DEGRADED
            since = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(loop["failing_since"]))
            lines.append(f"{loop['name']}: FAILING since {since} ({loop.get('failures') or 1} in a row): "
                         f"{loop.get('last_error') or 'unknown error'}")
        elif loop.get("last_success") is not None:
            lines.append(f"{loop['name']}: ok, last run {_ago(now - loop['last_success'])}")
        else:
            lines.append(f"{loop['name']}: ok, not run yet")
    up = _ago(now - float(state.get("started_at", now))).removesuffix(" ago")
    head = f"{'healthy' if code == HEALTHY else 'degraded'}: process {pid}, up {up}, state of {_ago(now - written)}"
    return code, [head, *lines]


class _Where(BaseSettings):
    """Only where the database is (the same DATABASE_PATH as the bot's, from the environment or .env)."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore", case_sensitive=False)
    database_path: Path = Field(default=DEFAULT_DATABASE)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot check", description=__doc__.splitlines()[0])
    parser.add_argument("--state-file", type=Path, help="default: next to DATABASE_PATH (*.health.json)")
    args = parser.parse_args(argv)
    path = args.state_file or state_path(_Where().database_path)
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        state = None
    except (OSError, ValueError) as error:
        print(f"down: the state file {path} cannot be read: {error}")
        return DOWN
    code, lines = assess(state, time.time(), path)
    print("\n".join(lines))
    return code
