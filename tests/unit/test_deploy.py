"""The systemd unit in deploy/ is one systemd accepts (`systemd-analyze verify`, where the
machine has it) and runs the bot the way docs/operations.md says."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
UNIT = ROOT / "deploy" / "eljur-helpdesk.service"


def settings(text: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for line in text.splitlines():
        if "=" in line and not line.lstrip().startswith(("#", "[")):
            key, _, value = line.partition("=")
            found.setdefault(key.strip(), []).append(value.strip())
    return found


def test_the_unit_runs_the_bot_and_restarts_it_except_for_wrong_settings():
    unit = settings(UNIT.read_text(encoding="utf-8"))
    assert unit["ExecStart"] == ["/opt/eljur-helpdesk/.venv/bin/python -m bot"]
    assert unit["Restart"] == ["always"] and unit["RestartPreventExitStatus"] == ["2"]
    assert "DATABASE_PATH=/var/lib/eljur-helpdesk/helpdesk.sqlite3" in unit["Environment"]
    assert unit["StateDirectory"] == ["eljur-helpdesk"] and unit["UMask"] == ["0077"]
    assert unit["KillSignal"] == ["SIGTERM"]


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed here")
def test_systemd_accepts_the_unit(tmp_path):
    # The unit names where the bot is installed; verify checks that ExecStart can run, so the
    # copy checked points at this checkout's interpreter instead.
    text = UNIT.read_text(encoding="utf-8")
    text = text.replace("/opt/eljur-helpdesk/.venv/bin/python", sys.executable)
    text = text.replace("WorkingDirectory=/opt/eljur-helpdesk", f"WorkingDirectory={ROOT}")
    copy = tmp_path / UNIT.name
    copy.write_text(text, encoding="utf-8")
    result = subprocess.run(["systemd-analyze", "verify", str(copy)], capture_output=True, text=True, timeout=60)
    complaints = [line for line in (result.stdout + result.stderr).splitlines() if UNIT.name in line]
    assert result.returncode == 0 and complaints == [], result.stdout + result.stderr
