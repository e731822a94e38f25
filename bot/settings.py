"""Process settings: environment variables and `.env`, documented in `.env.example`.

Nothing is read at import time; `load_settings()` is called from `main()`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import AnyHttpUrl, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SCHOOL = REPO_ROOT / "schools" / "example.toml"
DEFAULT_DATABASE = REPO_ROOT / "data" / "helpdesk.sqlite3"


class Settings(BaseSettings):
    """Everything the process needs from its environment."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", case_sensitive=False
    )

    bot_token: SecretStr | None = Field(
        default=None,
        description="Token from @BotFather, 123456:ABC-...; without one `python -m bot` starts the sandbox "
        "(docs/training.md): the bot against a local stand-in, in a browser, never talking to Telegram.",
    )
    telegram_api_url: AnyHttpUrl = Field(
        default=AnyHttpUrl("https://api.telegram.org"),
        description="Bot API server: the official one, a self-hosted one, or the stand-in.",
    )
    school_config: Path = Field(default=DEFAULT_SCHOOL, description="The school's TOML file.")
    database_path: Path = Field(default=DEFAULT_DATABASE, description="The SQLite file.")
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    tick_seconds: float = Field(
        default=20.0,
        gt=0,
        description="How often due work (queued requests, escalations, deadlines) is checked.",
    )
    outbox_rate: float = Field(
        default=25.0, gt=0, le=30, description="Messages per second to other people (Telegram allows ~30)."
    )
    per_chat_rate: float = Field(
        default=1.0, ge=0, description="Messages per second to one chat after a burst (Telegram: about 1); 0: unpaced."
    )
    per_chat_burst: int = Field(default=3, ge=1, description="Messages one chat may get at once before pacing.")
    polling_timeout: int = Field(default=10, ge=0, le=50)
    database_lock_wait: float = Field(
        default=30.0, gt=0, description="Seconds to wait for a database another program holds locked."
    )
    alert_after_seconds: float = Field(
        default=300.0, gt=0, description="Background work failing this long is reported to the administrators.",
    )
    clock_file: Path | None = Field(
        default=None,
        description="Testing and training only: read 'now' from this file (ISO 8601 with offset).",
    )

    @field_validator("bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value().strip():
            return None  # not given (`BOT_TOKEN=` as in .env.example): the sandbox
        token = value.get_secret_value().strip()
        left, sep, right = token.partition(":")
        if not sep or not left.isdigit() or not right or any(ch.isspace() for ch in token):
            raise ValueError("must look like 123456789:AAE...; get one from @BotFather")
        return SecretStr(token)

    @property
    def bot_id(self) -> int:
        if self.bot_token is None:
            raise ValueError("no BOT_TOKEN: the sandbox runs its own stand-in")
        return int(self.bot_token.get_secret_value().split(":", 1)[0])
