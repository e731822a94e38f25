"""The process refuses to start on bad settings or a bad school file: a clear message, exit code 2."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_bot(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("BOT_TOKEN", "SCHOOL_CONFIG", "DATABASE_PATH")}
    clean.update(env)
    clean.setdefault("DATABASE_PATH", str(tmp_path / "db.sqlite3"))
    return subprocess.run(
        [sys.executable, "-m", "bot"], cwd=tmp_path, env=clean, capture_output=True, text=True, timeout=60
    )


# Without BOT_TOKEN the bot starts the sandbox: tests/browser/test_sandbox_start.py.


def test_malformed_token_exits_2(tmp_path):
    result = run_bot(tmp_path, BOT_TOKEN="not-a-token")
    assert result.returncode == 2
    assert "BOT_TOKEN" in result.stderr and "@BotFather" in result.stderr
    assert "not-a-token" not in result.stderr, "the secret must not be echoed"


def test_bad_school_file_exits_2_naming_file_and_entry(tmp_path):
    school = tmp_path / "bad.toml"
    source = (ROOT / "schools" / "example.toml").read_text(encoding="utf-8")
    school.write_text(source.replace('timezone = "Europe/Simferopol"', 'timezone = "Europe/Atlantis"'), encoding="utf-8")
    result = run_bot(tmp_path, BOT_TOKEN="123:abc", SCHOOL_CONFIG=str(school))
    assert result.returncode == 2
    assert "bad.toml" in result.stderr and "Europe/Atlantis" in result.stderr


def test_missing_school_file_exits_2(tmp_path):
    result = run_bot(tmp_path, BOT_TOKEN="123:abc", SCHOOL_CONFIG=str(tmp_path / "nowhere.toml"))
    assert result.returncode == 2
    assert "nowhere.toml" in result.stderr


def test_bad_journal_settings_exit_2_naming_the_variable(tmp_path):
    result = run_bot(tmp_path, BOT_TOKEN="123:abc", ELJUR_PULL_MINUTES="0")
    assert result.returncode == 2
    assert "ELJUR_PULL_MINUTES" in result.stderr


async def test_a_token_telegram_refuses_exits_2_with_one_line(tmp_path):
    """Observation 11: a well-formed but revoked token ended in a 40-line traceback and exit 1."""
    import asyncio

    from tg_standin import StandIn

    server = StandIn(token="123456:the-current-token", bot_username="school_helpdesk_bot")
    await server.start(host="127.0.0.1", port=0)
    try:
        env = {k: v for k, v in os.environ.items() if k not in ("BOT_TOKEN", "SCHOOL_CONFIG", "DATABASE_PATH")}
        env.update(BOT_TOKEN="123456:a-revoked-token", TELEGRAM_API_URL=server.url,
                   DATABASE_PATH=str(tmp_path / "db.sqlite3"))
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", cwd=tmp_path, env=env,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        _, stderr = await asyncio.wait_for(process.communicate(), 60)
    finally:
        await server.stop()
    text = stderr.decode()
    assert process.returncode == 2, text
    assert "Traceback" not in text and "a-revoked-token" not in text
    refusal = [line for line in text.splitlines() if "cannot start" in line]
    assert len(refusal) == 1 and "refused the token" in refusal[0] and "@BotFather" in refusal[0]



def test_a_database_that_cannot_be_created_exits_3_with_one_line(tmp_path):
    result = run_bot(tmp_path, BOT_TOKEN="123:abc", DATABASE_PATH="/proc/no-such-place/db.sqlite3")
    assert result.returncode == 3, result.stderr
    assert "Traceback" not in result.stderr
    assert next(line for line in result.stderr.splitlines() if "cannot start" in line).count("no-such-place") >= 1
