"""The activity reports' figures (R6.1), computed in SQL over the register, and the runs
of the reports (report_runs, migration 0015).

Every figure counts what happened in the period [start, end) (instants in the register's
form, ISO UTC): requests filed, first answers given, requests resolved, events of the
register (escalations, hand-overs, courtesy), ratings given, marks looked at; the waiting
requests are those open at the period's end. Times are in hours: calendar hours, and
working hours, which count only the part of a span inside the working windows given
(the school's working hours on working days, bot/domain/reports.py). The median is the
middle value (the mean of the two middle ones for an even count); the 90th percentile is
the nearest-rank one (the value at rank ⌈0.9·n⌉).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import aiosqlite

from storage.db import Database, utc_iso

RUN_KINDS = ("monthly", "quarterly", "yearly", "archive")
COURTESY_EVENTS = ("escalated", "handed_over", "courtesy_breach", "reopened")


@dataclass(frozen=True, slots=True)
class Timing:
    """One measure's spread: how many spans, median and 90th percentile, in hours."""

    count: int
    median: float | None
    p90: float | None


@dataclass(slots=True)
class ReportFigures:
    filed: int = 0
    resolved: int = 0
    closed: int = 0
    waiting_at_end: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    by_area: dict[str, int] = field(default_factory=dict)
    waiting_by_area: dict[str, int] = field(default_factory=dict)
    # who (taken_by: a specialist's id or admin-<chat>) → (taken, first answers, resolved)
    by_specialist: dict[str, tuple[int, int, int]] = field(default_factory=dict)
    # (measure: first_answer | resolution, basis: calendar | working) → Timing
    timings: dict[tuple[str, str], Timing] = field(default_factory=dict)
    # escalated, handed_over, courtesy_breach, reopened (events); courtesy_mark (marks in force)
    events: dict[str, int] = field(default_factory=dict)
    complaints: int = 0
    ratings: dict[int, int] = field(default_factory=dict)  # stars → requests rated so in the period
    rating_average: float | None = None
    active_by_role: dict[str, int] = field(default_factory=dict)
    checks: int = 0  # parents' looks at the marks (R5.5): «Ознакомлен(а)» and openings
    checks_ack: int = 0
    checks_open: int = 0
    parents_checking: int = 0  # distinct parents who looked at least once
    parents_twice_weekly: int = 0  # who looked on average at least twice a week
    parents_linked: int = 0  # parents linked to a child at the period's end
    summaries_queued: int = 0
    summaries_delivered: int = 0
    summaries_unreachable: int = 0
    summaries_acknowledged: int = 0

    @property
    def active_total(self) -> int:
        return sum(self.active_by_role.values())

    def event(self, name: str) -> int:
        return self.events.get(name, 0)


_TIMINGS = """
WITH w AS (
    SELECT julianday(json_extract(value, '$[0]')) AS ws, julianday(json_extract(value, '$[1]')) AS we
    FROM json_each(:windows)
),
spans AS (
    SELECT 'first_answer' AS measure, julianday(created_at) AS a, julianday(first_answer_at) AS b
    FROM requests WHERE first_answer_at >= :s AND first_answer_at < :e
    UNION ALL
    SELECT 'resolution', julianday(created_at), julianday(resolved_at)
    FROM requests WHERE resolved_at >= :s AND resolved_at < :e
),
hours AS (
    SELECT measure, 'calendar' AS basis, MAX(0, b - a) * 24 AS v FROM spans
    UNION ALL
    SELECT measure, 'working',
           COALESCE((SELECT SUM(MIN(b, we) - MAX(a, ws)) FROM w WHERE ws < b AND we > a), 0) * 24
    FROM spans
),
ranked AS (
    SELECT measure, basis, v,
           ROW_NUMBER() OVER (PARTITION BY measure, basis ORDER BY v) AS rn,
           COUNT(*) OVER (PARTITION BY measure, basis) AS n
    FROM hours
)
SELECT measure, basis, MAX(n) AS n,
       AVG(v) FILTER (WHERE rn IN ((n + 1) / 2, (n + 2) / 2)) AS median,
       MAX(v) FILTER (WHERE rn = (9 * n + 9) / 10) AS p90
FROM ranked GROUP BY measure, basis
"""

_ACTIVE = """
WITH staff AS (SELECT CAST(key AS INTEGER) AS who, value AS role FROM json_each(:staff)),
actors AS (
    SELECT requester_id AS who FROM requests WHERE created_at >= :s AND created_at < :e
    UNION SELECT author_id FROM request_messages WHERE at >= :s AND at < :e
    UNION SELECT actor_id FROM request_events WHERE at >= :s AND at < :e AND actor_id IS NOT NULL
    UNION SELECT telegram_id FROM marks_views WHERE at >= :s AND at < :e
)
SELECT COALESCE(
           (SELECT role FROM staff WHERE staff.who = actors.who),
           (SELECT role FROM users WHERE users.telegram_id = actors.who),
           (SELECT requester_role FROM requests r WHERE r.requester_id = actors.who ORDER BY r.id DESC LIMIT 1),
           (SELECT 'parent' FROM links l WHERE l.telegram_id = actors.who AND l.relation = 'parent' LIMIT 1),
           'unknown') AS role,
       COUNT(*) AS n
FROM actors GROUP BY role
"""

_RATINGS = """
SELECT CAST(json_extract(e.detail, '$.stars') AS INTEGER) AS stars, COUNT(*) AS n
FROM request_events e
WHERE e.event = 'rated' AND e.at >= :s AND e.at < :e
  AND e.id = (SELECT MAX(x.id) FROM request_events x
              WHERE x.request_id = e.request_id AND x.event = 'rated' AND x.at >= :s AND x.at < :e)
GROUP BY stars
"""

_CHECKS = """
WITH v AS (SELECT * FROM marks_views WHERE at >= :s AND at < :e),
per_parent AS (SELECT telegram_id, COUNT(*) AS n FROM v GROUP BY telegram_id)
SELECT (SELECT COUNT(*) FROM v) AS checks,
       (SELECT COUNT(*) FROM v WHERE action = 'ack') AS acks,
       (SELECT COUNT(*) FROM v WHERE action = 'open') AS opens,
       (SELECT COUNT(*) FROM per_parent) AS parents,
       (SELECT COUNT(*) FROM per_parent WHERE n >= :twice) AS twice,
       (SELECT COUNT(DISTINCT telegram_id) FROM links WHERE relation = 'parent' AND linked_at < :e) AS linked,
       (SELECT COUNT(*) FROM (SELECT DISTINCT telegram_id, student_id, substr(at, 1, 10) FROM v
                              WHERE action = 'ack')) AS acknowledged
"""

_SUMMARIES = """
SELECT COUNT(*) AS queued,
       COUNT(*) FILTER (WHERE status = 'sent') AS delivered,
       COUNT(*) FILTER (WHERE status IN ('blocked', 'failed')) AS unreachable
FROM outbox
WHERE purpose = 'summary' AND batch IS NOT NULL
  AND substr(batch, instr(batch, ':') + 1) >= :first_day AND substr(batch, instr(batch, ':') + 1) < :end_day
"""


class ReportRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    # --- the figures ---------------------------------------------------------------------------

    async def figures(
        self,
        start: datetime,
        end: datetime,
        *,
        windows: list[tuple[str, str]],
        staff_roles: dict[int, str],
        first_day: str,
        end_day: str,
        weeks: float,
    ) -> ReportFigures:
        """Every figure of the period [start, end). `windows`: the working hours (ISO UTC
        pairs) covering every span that may be measured; `staff_roles`: the staff's chats and
        roles (the school file's, not the database's); `first_day`/`end_day`: the period's
        dates (YYYY-MM-DD) for the weekly summaries, by the Monday of their week; `weeks`:
        the period's length in weeks, for "at least twice a week"."""
        s, e = utc_iso(start), utc_iso(end)
        p = {"s": s, "e": e}
        f = ReportFigures()
        row = await self.db.fetch_one(
            "SELECT COUNT(*) FILTER (WHERE created_at >= :s AND created_at < :e) AS filed, "
            "COUNT(*) FILTER (WHERE resolved_at >= :s AND resolved_at < :e) AS resolved, "
            "COUNT(*) FILTER (WHERE closed_at >= :s AND closed_at < :e) AS closed, "
            "COUNT(*) FILTER (WHERE created_at < :e AND (resolved_at IS NULL OR resolved_at >= :e) "
            "                 AND (closed_at IS NULL OR closed_at >= :e)) AS waiting "
            "FROM requests", p)
        assert row is not None
        f.filed, f.resolved, f.closed, f.waiting_at_end = row["filed"], row["resolved"], row["closed"], row["waiting"]
        f.by_kind = await self._counts(
            "SELECT kind, COUNT(*) FROM requests WHERE created_at >= :s AND created_at < :e GROUP BY kind", p)
        f.by_area = await self._counts(
            "SELECT area, COUNT(*) FROM requests WHERE created_at >= :s AND created_at < :e GROUP BY area", p)
        f.waiting_by_area = await self._counts(
            "SELECT area, COUNT(*) FROM requests WHERE created_at < :e AND (resolved_at IS NULL OR resolved_at >= :e) "
            "AND (closed_at IS NULL OR closed_at >= :e) GROUP BY area", p)
        for r in await self.db.fetch_all(
            "SELECT taken_by, COUNT(*) FILTER (WHERE taken_at >= :s AND taken_at < :e) AS taken, "
            "COUNT(*) FILTER (WHERE first_answer_at >= :s AND first_answer_at < :e) AS answered, "
            "COUNT(*) FILTER (WHERE resolved_at >= :s AND resolved_at < :e) AS resolved "
            "FROM requests WHERE taken_by IS NOT NULL GROUP BY taken_by", p):
            if r["taken"] or r["answered"] or r["resolved"]:
                f.by_specialist[r["taken_by"]] = (r["taken"], r["answered"], r["resolved"])
        for r in await self.db.fetch_all(_TIMINGS, {**p, "windows": json.dumps(windows)}):
            f.timings[(r["measure"], r["basis"])] = Timing(r["n"], r["median"], r["p90"])
        marks = ", ".join(f"'{name}'" for name in COURTESY_EVENTS)
        f.events = await self._counts(
            f"SELECT event, COUNT(*) FROM request_events WHERE at >= :s AND at < :e AND event IN ({marks}) "
            "GROUP BY event", p)
        # Marks of conduct violations made in the period and still in force (a wrong one removed
        # with a reason does not count).
        f.events["courtesy_mark"] = await self.db.fetch_value(
            "SELECT COUNT(*) FROM courtesy_marks WHERE marked_at >= :s AND marked_at < :e AND removed_at IS NULL", p)
        f.complaints = await self.db.fetch_value("SELECT COUNT(*) FROM complaints WHERE at >= :s AND at < :e", p)
        f.ratings = {int(k): v for k, v in (await self._counts(_RATINGS, p)).items() if k is not None}
        rated = sum(f.ratings.values())
        f.rating_average = sum(k * v for k, v in f.ratings.items()) / rated if rated else None
        f.active_by_role = await self._counts(
            _ACTIVE, {**p, "staff": json.dumps({str(k): v for k, v in staff_roles.items()})})
        row = await self.db.fetch_one(_CHECKS, {**p, "twice": 2 * weeks})
        assert row is not None
        f.checks, f.checks_ack, f.checks_open = row["checks"], row["acks"], row["opens"]
        f.parents_checking, f.parents_twice_weekly, f.parents_linked = row["parents"], row["twice"], row["linked"]
        f.summaries_acknowledged = row["acknowledged"]
        row = await self.db.fetch_one(_SUMMARIES, {"first_day": first_day, "end_day": end_day})
        assert row is not None
        f.summaries_queued, f.summaries_delivered, f.summaries_unreachable = (
            row["queued"], row["delivered"], row["unreachable"])
        return f

    async def earliest_open_start(self, end: datetime) -> str | None:
        """The earliest filing among requests answered or resolved before `end`, for the
        working windows' first day."""
        earliest: str | None = await self.db.fetch_value(
            "SELECT MIN(created_at) FROM requests WHERE (first_answer_at IS NOT NULL OR resolved_at IS NOT NULL) "
            "AND created_at < ?", (utc_iso(end),))
        return earliest

    async def _counts(self, sql: str, params: dict[str, Any]) -> dict[Any, Any]:
        return {row[0]: row[1] for row in await self.db.fetch_all(sql, params)}

    # --- the runs ------------------------------------------------------------------------------

    @staticmethod
    async def claim_in(conn: aiosqlite.Connection, kind: str, period: str, now: datetime) -> bool:
        """The run's row, inside the caller's transaction; False: this report was made already
        (here or before a restart)."""
        cursor = await conn.execute(
            "INSERT INTO report_runs (kind, period, made_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            (kind, period, utc_iso(now)))
        return bool(cursor.rowcount)

    async def reclaim(self, kind: str, period: str, now: datetime, stale_before: datetime) -> bool:
        """A run claimed but never marked sent (the process ended while making or sending its
        files), taken over again once its claim is older than `stale_before`: compare-and-set
        on made_at, so only one taker wins."""
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE report_runs SET made_at = ? WHERE kind = ? AND period = ? AND sent_at IS NULL AND made_at < ?",
                (utc_iso(now), kind, period, utc_iso(stale_before)))
            return cursor.rowcount == 1

    async def mark_sent(self, kind: str, period: str, now: datetime, path: str | None) -> None:
        await self.db.execute(
            "UPDATE report_runs SET sent_at = ?, path = COALESCE(?, path) WHERE kind = ? AND period = ?",
            (utc_iso(now), path, kind, period))

    async def record(self, kind: str, period: str, now: datetime, path: str) -> None:
        """A report made on demand: its files are where `path` says (the yearly archive, above
        all, which the retention of old entries waits for)."""
        await self.db.execute(
            "INSERT INTO report_runs (kind, period, made_at, sent_at, path) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (kind, period) DO UPDATE SET path = excluded.path, "
            "sent_at = COALESCE(report_runs.sent_at, excluded.sent_at)",
            (kind, period, utc_iso(now), utc_iso(now), path))

    async def texts_waiting(self, kind: str, period: str) -> int:
        """The run's texts (outbox rows) not yet through to Telegram."""
        waiting: int = await self.db.fetch_value(
            "SELECT COUNT(*) FROM outbox WHERE dedupe_key LIKE ? AND status IN ('pending', 'sending')",
            (f"report:{kind}:{period}:%",))
        return waiting

    async def run(self, kind: str, period: str) -> aiosqlite.Row | None:
        return await self.db.fetch_one(
            "SELECT kind, period, made_at, sent_at, path FROM report_runs WHERE kind = ? AND period = ?", (kind, period))

    async def archive_exists(self, year: int) -> bool:
        """Whether the yearly archive of the register of `year` was made (R6.3)."""
        return bool(await self.db.fetch_value(
            "SELECT 1 FROM report_runs WHERE kind = 'archive' AND period = ? AND path IS NOT NULL", (str(year),)))
