"""`python -m bot` / `eljur-helpdesk`: the one entry point, used the same way everywhere."""

from __future__ import annotations

import logging
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


def main(argv: list[str] | None = None) -> int:
    from bot.domain.school import SchoolConfigError, load_school_config
    from bot.settings import Settings

    try:
        settings = Settings()  # type: ignore[call-arg]
    except ValidationError as error:
        print(_explain_settings_error(error), file=sys.stderr)
        return 2
    logging.basicConfig(
        level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr
    )
    logging.getLogger("apscheduler").setLevel(max(logging.WARNING, logging.getLogger().level))
    try:
        school = load_school_config(settings.school_config)
    except SchoolConfigError as error:
        print(f"The bot cannot start: the school's configuration is wrong.\n{error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"The bot cannot start: cannot read {settings.school_config}: {error}", file=sys.stderr)
        return 2

    from bot.services.eljur import EljurSettings

    try:
        EljurSettings()  # the journal's connector: read again at start, checked here with the rest
    except ValidationError as error:
        print(_explain_settings_error(error, prefix="ELJUR_"), file=sys.stderr)
        return 2

    from bot.app import run_blocking

    run_blocking(settings, school)
    return 0


if __name__ == "__main__":
    sys.exit(main())
