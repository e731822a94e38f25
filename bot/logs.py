"""Logging for the process: ids, never people's names or words (docs/operations.md).

Our own log lines name people by their Telegram id and requests by their number. Two
libraries would print more at DEBUG: aiosqlite logs every statement with its
parameters (names, problem texts, messages), and aiogram's loggers may describe
updates. `IdsOnly` keeps their DEBUG lines out of the log; their INFO and above
(update ids, durations, errors) stay.
"""

from __future__ import annotations

import logging
import sys

# Loggers whose DEBUG lines can carry what people wrote.
NOISY = ("aiosqlite", "aiogram", "aiohttp", "apscheduler", "asyncio")


class IdsOnly(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.INFO:
            return True
        return not record.name.startswith(NOISY)


def setup(level: str | int) -> None:
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    for handler in logging.getLogger().handlers:
        handler.addFilter(IdsOnly())
    # Not even built: aiosqlite formats a line per statement, parameters included.
    logging.getLogger("aiosqlite").setLevel(max(logging.INFO, logging.getLogger().level))
    logging.getLogger("apscheduler").setLevel(max(logging.WARNING, logging.getLogger().level))
