"""How long records are kept (docs/decisions.md, "Records").

Once a school day (and at start): register entries filed more than the retention period
ago (`[school] retention_years`, five years by default) are removed with their messages,
events and the rest, but only for years whose archive of the register exists (the yearly
archive, R6.3: a `report_runs` row of kind 'archive' with its files); a year without its
archive is kept whole and named in the log until the archive is made. Texts of messages
the outbox delivered are emptied `[records] outbox_text_days` after delivery (30 by
default); messages kept while their author chose a request, and entries of the audit
trail, go with the retention period.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.clock import Clock
from bot.domain.school import SchoolConfig
from storage import retention
from storage.db import Database, from_iso

log = logging.getLogger(__name__)

DEFAULT_RETENTION_YEARS = 5


def retention_years(school: SchoolConfig) -> int:
    """`[school] retention_years`, five by default."""
    years = getattr(school.school, "retention_years", None)
    return int(years) if years else DEFAULT_RETENTION_YEARS


def years_ago(moment: datetime, years: int) -> datetime:
    """The same local day and time `years` earlier (29 February becomes the 28th)."""
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:
        return moment.replace(year=moment.year - years, day=28)


@dataclass
class RetentionResult:
    cutoff: datetime
    requests_removed: int = 0
    years_removed: list[int] = field(default_factory=list)
    years_kept: list[int] = field(default_factory=list)  # past the period, but without their archive
    texts_cleared: int = 0
    unplaced_removed: int = 0
    audit_removed: int = 0


class Retention:
    def __init__(self, db: Database, clock: Clock, school: Callable[[], SchoolConfig]) -> None:
        self.db = db
        self.clock = clock
        self._school = school
        self._done_day: str | None = None

    async def tick(self) -> None:
        """Once per school day; the first tick after a start runs it at once."""
        school = self._school()
        today = self.clock.now().astimezone(school.tz).date().isoformat()
        if self._done_day == today:
            return
        await self.run()
        self._done_day = today

    async def run(self) -> RetentionResult:
        school = self._school()
        tz = school.tz
        now = self.clock.now().astimezone(tz)
        cutoff = years_ago(now, retention_years(school))
        result = RetentionResult(cutoff)
        oldest = from_iso(await retention.oldest_request(self.db))
        if oldest is not None and oldest < cutoff:
            archived = await retention.archived_years(self.db)
            for year in range(oldest.astimezone(tz).year, cutoff.year + 1):
                start = datetime(year, 1, 1, tzinfo=tz)
                end = min(datetime(year + 1, 1, 1, tzinfo=tz), cutoff)
                if start >= end:
                    continue
                if year not in archived:
                    if await retention.count_requests(self.db, start, end):
                        result.years_kept.append(year)
                    continue
                removed = await retention.remove_requests(self.db, start, end)
                if removed:
                    result.requests_removed += removed
                    result.years_removed.append(year)
        result.unplaced_removed = await retention.remove_unplaced_before(self.db, cutoff)
        result.audit_removed = await retention.remove_audit_before(self.db, cutoff)
        result.texts_cleared = await retention.clear_sent_texts(
            self.db, now - timedelta(days=school.records.outbox_text_days))
        if result.requests_removed:
            log.info("retention: %d register entries filed before %s removed (years %s)", result.requests_removed,
                     cutoff.date(), ", ".join(map(str, result.years_removed)))
        if result.years_kept:
            log.warning("retention: entries of %s are past the retention period but kept: the yearly archive of "
                        "the register of that year has not been made", ", ".join(map(str, result.years_kept)))
        if result.texts_cleared:
            log.info("retention: texts of %d delivered messages cleared", result.texts_cleared)
        return result
