"""Weekly summaries for parents who declined the web diary (R5.1, R5.4), the forecast of
period marks (R5.2), and what parents did with them (R5.5).

A run is driven by the scheduler's tick and the school's clock, not by a one-shot timer:
at each tick the latest due moment (the school's day and hour, in its time zone) is
compared with the runs recorded in the database. A bot that was down at that hour
therefore catches up when it starts, and a run cut short by a crash is resumed: each
(parent, child, week) summary has its own outbox key, so it is queued once and sent once
(docs/delivery.md).

Its parts, each over the one below it (what changes together lives together): core.py (the
school, its grading rule, who receives), weeks.py (a week computed), alerts.py (to
administrators and class teachers), parents.py (what parents did, the printout's list),
runs.py (a run queued once), progress.py (the administrators' progress message), schedule.py
(when) and journal.py (marks coming in). Every statement goes through storage/
(storage/summaries.py, storage/marks.py) in units of work. What they tell people are the typed
notices of notices.py; how those read (the summary's text, its buttons) is
bot/views/summaries.py. `Summaries` is all of them.
"""

from __future__ import annotations

from bot.services.summaries.core import ABSENCE_ORDER, ENQUEUE_CHUNK, FORECAST, WEEKLY, week_of
from bot.services.summaries.journal import JournalSide
from storage.summaries import Recipient

__all__ = ["ABSENCE_ORDER", "ENQUEUE_CHUNK", "FORECAST", "WEEKLY", "Recipient", "Summaries", "week_of"]


class Summaries(JournalSide):
    """Weekly summaries, forecasts and final marks for the parents, and what they did with them."""
