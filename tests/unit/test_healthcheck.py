"""`python -m bot check`: healthy, degraded or down, from the state file the running bot's
watch writes (bot/healthcheck.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

from bot.healthcheck import DEGRADED, DOWN, HEALTHY, HealthFile, assess, main, state_path
from bot.scheduler.supervisor import Health


def running(health: Health, tmp_path) -> dict:
    file = HealthFile(tmp_path / "helpdesk.health.json", health, every=5.0)
    file.write()
    return json.loads(file.path.read_text())


def test_the_state_file_sits_next_to_the_database(tmp_path):
    assert state_path(tmp_path / "data" / "helpdesk.sqlite3") == tmp_path / "data" / "helpdesk.health.json"


def test_all_loops_well_is_healthy_with_a_line_per_loop(tmp_path):
    health = Health()
    health.ok("outbox")
    health.ok("helpdesk-timers")
    health.register("journal-pull", 3600)
    code, lines = assess(running(health, tmp_path), time.time(), tmp_path)
    assert code == HEALTHY
    assert lines[0].startswith(f"healthy: process {os.getpid()}")
    assert lines[1:] == ["helpdesk-timers: ok, last run 0 s ago", "journal-pull: ok, not run yet",
                         "outbox: ok, last run 0 s ago"]


def test_a_failing_loop_is_degraded(tmp_path):
    health = Health()
    health.ok("outbox")
    health.failed("database", "OperationalError: database or disk is full")
    health.failed("database", "OperationalError: database or disk is full")
    code, lines = assess(running(health, tmp_path), time.time(), tmp_path)
    assert code == DEGRADED and lines[0].startswith("degraded:")
    assert "database: FAILING since" in lines[1] and "(2 in a row): OperationalError: database or disk is full" in lines[1]


def test_no_file_a_dead_process_or_a_silent_watch_is_down(tmp_path):
    assert assess(None, time.time(), tmp_path / "x.json")[0] == DOWN
    state = running(Health(), tmp_path)
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    code, lines = assess({**state, "pid": int(gone.stdout)}, time.time(), tmp_path)
    assert code == DOWN and "is not running" in lines[0]
    code, lines = assess(state, time.time() + 120, tmp_path)
    assert code == DOWN and "hung" in lines[0]


def test_the_command_prints_and_exits_with_the_code(tmp_path, capsys):
    file = HealthFile(tmp_path / "h.json", Health(), every=5.0)
    assert main(["--state-file", str(file.path)]) == DOWN
    file.write()
    assert main(["--state-file", str(file.path)]) == HEALTHY
    assert capsys.readouterr().out.splitlines()[-1].startswith("healthy:")
    file.path.write_text("{not json")
    assert main(["--state-file", str(file.path)]) == DOWN
    file.remove()
    assert not file.path.exists()
