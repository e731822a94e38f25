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


def test_missing_token_exits_2_with_a_clear_message(tmp_path):
    result = run_bot(tmp_path)
    assert result.returncode == 2
    assert "BOT_TOKEN" in result.stderr and "missing" in result.stderr
    assert not (tmp_path / "db.sqlite3").exists()


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
