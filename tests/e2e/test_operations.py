"""Operations through the real bot process: `python -m bot check` reads the running bot's state."""

from __future__ import annotations

import asyncio
import os
import sys

from tests.e2e.harness import ROOT


async def check(database) -> tuple[int | None, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "DATABASE_"))}
    env["DATABASE_PATH"] = str(database)
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "check", cwd=str(ROOT), env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    out, _ = await asyncio.wait_for(process.communicate(), 30)
    return process.returncode, out.decode()


async def test_check_reports_the_running_bot_healthy_with_a_line_per_loop(bot):
    code, out = await check(bot.database)
    lines = out.splitlines()
    loops = {line.split(":")[0] for line in lines[1:]}
    assert {"outbox", "helpdesk-timers", "summaries", "database", "watch"} <= loops, out
    # The shared bot has been through other tests' faults: a task may still be failing from
    # them; the code and the first line say what the lines say.
    failing = [line for line in lines[1:] if "FAILING since" in line]
    assert all(": ok" in line for line in lines[1:] if line not in failing), out
    assert (code, lines[0].split(":")[0]) == ((1, "degraded") if failing else (0, "healthy")), out
    assert f"process {bot.process.pid}," in lines[0], out
    code, out = await check(bot.database.with_name("elsewhere.sqlite3"))  # no bot there
    assert code == 2 and out.startswith("down: no state file")
