"""A local Telegram Bot API stand-in: the real bot runs against it unchanged (TELEGRAM_API_URL).

Used by the end-to-end tests and the benchmarks; see docs/standin.md.
"""

from tg_standin.driver import Person
from tg_standin.server import StandIn
from tg_standin.state import BotMessage, SentRecord

__all__ = ["BotMessage", "Person", "SentRecord", "StandIn"]
