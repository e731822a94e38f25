"""`python -m bot` / `eljur-helpdesk`: the one entry point, used the same way everywhere.

Exit codes (docs/operations.md): 0 stopped normally; 1 an unexpected error (with its
traceback in the log); 2 the settings, the school file or the token are wrong (a token
Telegram refuses included), one clear message; 3 the database cannot be opened or written
at start (locked for too long, a full disk, a read-only file), one clear message.
"""

from __future__ import annotations

import os
import sys

from pydantic import ValidationError


def _explain_settings_error(error: ValidationError, prefix: str = "") -> str:
    lines = ["The bot cannot start: its settings are incomplete or wrong."]
    for item in error.errors():
        name = prefix + (".".join(str(part) for part in item["loc"]).upper() or "settings")
        reason = "is missing" if item["type"] == "missing" else item["msg"]
        lines.append(f"  {name}: {reason}")
    lines.append("Set them in the environment or in .env (see .env.example).")
    return "\n".join(lines)


# Subcommands: `python -m bot <name> [args]`. Each entry is "module:function"; the function
# takes the remaining arguments and returns the exit code. Without a subcommand the bot runs.
SUBCOMMANDS: dict[str, str] = {
    "check": "bot.healthcheck:main",  # the running bot's health for monitoring: exit 0 / 1 / 2
    "backup": "bot.backup_cli:cli_backup",  # a checked copy of the database now (docs/operations.md)
    "restore": "bot.backup_cli:cli_restore",  # a copy put back, the bot stopped
}


def _subcommand(argv: list[str]) -> int | None:
    if not argv or argv[0] not in SUBCOMMANDS:
        return None
    import importlib

    module, _, function = SUBCOMMANDS[argv[0]].partition(":")
    return int(getattr(importlib.import_module(module), function)(argv[1:]))


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    code = _subcommand(argv)
    if code is not None:
        return code
    from bot.domain.school import SchoolConfigError, load_school_config
    from bot.settings import Settings

    try:
        settings = Settings()  # type: ignore[call-arg]
    except ValidationError as error:
        print(_explain_settings_error(error), file=sys.stderr)
        return 2
    from bot.logs import setup

    setup(settings.log_level)
    os.umask(0o077)  # everything the bot writes (the database, its side files, any copy) is the owner's only
    try:
        school = load_school_config(settings.school_config)
    except SchoolConfigError as error:
        print(f"The bot cannot start: the school's configuration is wrong.\n{error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"The bot cannot start: cannot read {settings.school_config}: {error}", file=sys.stderr)
        return 2

    if settings.bot_token is None:  # no token: the sandbox, the bot in a browser (docs/training.md)
        from bot.sandbox.runner import run_sandbox

        return run_sandbox(settings, school)

    from bot.services.eljur import EljurSettings

    try:
        EljurSettings()  # the journal's connector: read again at start, checked here with the rest
    except ValidationError as error:
        print(_explain_settings_error(error, prefix="ELJUR_"), file=sys.stderr)
        return 2

    from aiogram.exceptions import TelegramUnauthorizedError

    from bot.app import run_blocking
    from storage.db import StorageError

    try:
        run_blocking(settings, school)
    except TelegramUnauthorizedError:
        print("The bot cannot start: Telegram refused the token (401 Unauthorized). It was revoked or "
              "replaced: get the current one from @BotFather and set BOT_TOKEN.", file=sys.stderr)
        return 2
    except StorageError as error:
        print(f"The bot cannot start: the database {settings.database_path} cannot be used: {error}. "
              "See docs/operations.md.", file=sys.stderr)
        return 3
    except KeyboardInterrupt:
        return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
