"""The help desk's events in the log: one logger (`bot.events`), one line per event.

A line is the event's name and `key=value` pairs: request ids and numbers, staff ids of
the school file, Telegram chat ids, areas, counts — never names, problem texts or
messages (docs/operations.md, "What each log line means"). Lines are written after the
change committed, so a line in the log is something that happened.
"""

from __future__ import annotations

import logging

log = logging.getLogger("bot.events")

# Every event the help desk logs; docs/operations.md explains each.
EVENTS = frozenset({
    "request_filed", "request_taken", "request_answered", "request_resolved",
    "request_escalated", "request_handed_over", "request_closed", "request_reopened",
    "request_delivered", "courtesy_mark", "courtesy_mark_removed", "summaries_run", "summaries_done",
})


def _value(value: object) -> str:
    text = str(value)
    return text if text and not any(c.isspace() for c in text) else repr(text)


def event(name: str, **ids: object) -> None:
    """Logs one event. `ids` are identifiers and counts only (a None value is left out)."""
    assert name in EVENTS, name
    log.info("%s %s", name, " ".join(f"{key}={_value(value)}" for key, value in ids.items() if value is not None))
