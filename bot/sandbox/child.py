"""The sandbox's bot process: `python -m bot.sandbox.child` seeds the fresh database, then
runs exactly what `python -m bot` runs. Seeding here, not in the sandbox's own process,
spares that process the bot's imports: its page answers at once, and the bot is ready
seconds sooner."""

from __future__ import annotations

import asyncio
import sys


def main() -> int:
    from bot.__main__ import main as run_bot
    from bot.clock import make_clock
    from bot.domain.school import load_school_config
    from bot.sandbox.seed import seed
    from bot.settings import Settings

    settings = Settings()  # type: ignore[call-arg]
    if not settings.database_path.exists():
        school = load_school_config(settings.school_config)
        asyncio.run(seed(settings.database_path, school, make_clock(settings.clock_file).now()))
    return run_bot([])


if __name__ == "__main__":
    sys.exit(main())
