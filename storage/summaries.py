"""What the weekly summaries keep beside the marks (bot/services/summaries/): the runs and
their progress messages, the final marks already announced, the parents whose chat refuses
the bot, what parents did with the summaries, and who receives them or a printout."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from storage.db import Database, utc_iso


@dataclass(frozen=True, slots=True)
class Recipient:
    telegram_id: int
    student_id: int
    student_name: str
    class_name: str
    language: str | None


@dataclass(frozen=True, slots=True)
class FinalMark:
    id: int
    student_id: int
    subject: str
    written: str
    day: date


@dataclass(frozen=True, slots=True)
class OpenRun:
    kind: str
    week: str  # ISO date, as the run's key
    queued: int
    started_at: datetime


@dataclass(frozen=True, slots=True)
class ParentViews:
    student_name: str
    parent: str  # the parent's name, or «#<telegram id>» when none is known
    count: int


class SummaryRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    # --- final marks (announced once) ---------------------------------------------------------------

    async def unannounced_finals(self) -> list[FinalMark]:
        rows = await self._db.fetch_all(
            "SELECT m.id, m.student_id, m.subject, m.written, m.day FROM marks m WHERE m.final = 1 "
            "AND NOT EXISTS (SELECT 1 FROM final_announced a WHERE a.mark_id = m.id) ORDER BY m.student_id, m.id"
        )
        return [FinalMark(r[0], r[1], r[2], r[3], date.fromisoformat(r[4])) for r in rows]

    async def finals_announced(self, mark_ids: Sequence[int], now: datetime) -> None:
        at = utc_iso(now)
        async with self._db.transaction() as conn:
            await conn.executemany("INSERT OR IGNORE INTO final_announced (mark_id, announced_at) VALUES (?, ?)",
                                   [(mark_id, at) for mark_id in mark_ids])

    # --- runs ------------------------------------------------------------------------------------------

    async def queued(self, kind: str, key: date) -> bool:
        """Whether the run of this kind and key has queued its messages."""
        value = await self._db.fetch_one(
            "SELECT queued FROM summary_runs WHERE kind = ? AND week = ?", (kind, key.isoformat())
        )
        return value is not None and value[0] is not None

    async def start_run(self, kind: str, week: date, now: datetime) -> None:
        await self._db.execute(
            "INSERT INTO summary_runs (kind, week, started_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            (kind, week.isoformat(), utc_iso(now)),
        )

    async def run_queued(self, kind: str, week: date, count: int) -> None:
        await self._db.execute(
            "UPDATE summary_runs SET queued = ? WHERE kind = ? AND week = ?", (count, kind, week.isoformat())
        )

    async def open_runs(self) -> list[OpenRun]:
        rows = await self._db.fetch_all(
            "SELECT kind, week, queued, started_at FROM summary_runs WHERE finished_at IS NULL AND queued IS NOT NULL"
        )
        return [OpenRun(r[0], r[1], r[2], datetime.fromisoformat(r[3])) for r in rows]

    async def finish_run(self, kind: str, week: str, now: datetime) -> None:
        await self._db.execute(
            "UPDATE summary_runs SET finished_at = ? WHERE kind = ? AND week = ?", (utc_iso(now), kind, week)
        )

    # --- the administrators' progress messages ----------------------------------------------------------

    async def progress_shown(self, kind: str, week: str) -> dict[int, tuple[int, str]]:
        """chat → (message id, text last shown) of this run's progress messages."""
        rows = await self._db.fetch_all(
            "SELECT chat_id, message_id, last_text FROM summary_progress WHERE kind = ? AND week = ?", (kind, week))
        return {r[0]: (r[1], r[2]) for r in rows}

    async def progress_sent(self, kind: str, week: str, chat_id: int, message_id: int, text: str) -> None:
        await self._db.execute(
            "INSERT OR REPLACE INTO summary_progress (kind, week, chat_id, message_id, last_text) "
            "VALUES (?, ?, ?, ?, ?)", (kind, week, chat_id, message_id, text))

    async def progress_edited(self, kind: str, week: str, chat_id: int, text: str) -> None:
        await self._db.execute(
            "UPDATE summary_progress SET last_text = ? WHERE kind = ? AND week = ? AND chat_id = ?",
            (text, kind, week, chat_id))

    # --- people ------------------------------------------------------------------------------------------

    async def recipients(self, class_name: str | None = None) -> list[Recipient]:
        """Linked parents of students whose family chose the bot instead of the web diary,
        except those whose chat refuses the bot."""
        rows = await self._db.fetch_all(
            "SELECT DISTINCT l.telegram_id, s.id, s.full_name, s.class_name, u.language "
            "FROM links l JOIN students s ON s.id = l.student_id "
            "JOIN diary_optouts o ON o.student_id = s.id AND o.channel = 'telegram' AND o.withdrawn_at IS NULL "
            "LEFT JOIN users u ON u.telegram_id = l.telegram_id "
            "WHERE l.relation = 'parent' AND (? IS NULL OR s.class_name = ?) "
            "AND NOT EXISTS (SELECT 1 FROM unreachable x WHERE x.telegram_id = l.telegram_id) "
            "ORDER BY s.class_name, s.full_name, l.telegram_id",
            (class_name, class_name),
        )
        return [Recipient(r[0], r[1], r[2], r[3], r[4]) for r in rows]

    async def journal_students(self) -> list[tuple[str, str, str]]:
        """(journal id, full name, class) of every student the journal's id is known for."""
        rows = await self._db.fetch_all(
            "SELECT journal_id, full_name, class_name FROM students WHERE journal_id IS NOT NULL ORDER BY id")
        return [(r[0], r[1], r[2]) for r in rows]

    async def student(self, student_id: int | None) -> tuple[str, str] | None:
        """(full name, class) of a student."""
        row = await self._db.fetch_one("SELECT full_name, class_name FROM students WHERE id = ?", (student_id,))
        return None if row is None else (row["full_name"], row["class_name"])

    async def printout_students(self, class_name: str, everyone: bool = False) -> list[tuple[int, str]]:
        """(id, name) of the class's students whose family is informed on paper, cannot be
        reached in Telegram, or chose Telegram but has no parent linked; `everyone`: all of them."""
        if everyone:
            rows = await self._db.fetch_all(
                "SELECT id, full_name FROM students WHERE class_name = ? ORDER BY full_name", (class_name,))
        else:
            rows = await self._db.fetch_all(
                "SELECT DISTINCT s.id, s.full_name FROM students s WHERE s.class_name = ? AND ("
                " EXISTS (SELECT 1 FROM diary_optouts o WHERE o.student_id = s.id AND o.channel = 'paper'"
                "         AND o.withdrawn_at IS NULL)"
                " OR EXISTS (SELECT 1 FROM links l JOIN unreachable x ON x.telegram_id = l.telegram_id"
                "            WHERE l.student_id = s.id AND l.relation = 'parent')"
                " OR (EXISTS (SELECT 1 FROM diary_optouts o WHERE o.student_id = s.id AND o.channel = 'telegram'"
                "             AND o.withdrawn_at IS NULL)"
                "     AND NOT EXISTS (SELECT 1 FROM links l WHERE l.student_id = s.id AND l.relation = 'parent'))"
                ") ORDER BY s.full_name",
                (class_name,),
            )
        return [(r[0], r[1]) for r in rows]

    # --- a chat that refuses the bot ---------------------------------------------------------------------

    async def unreachable(self, telegram_id: int, now: datetime, error: str) -> None:
        await self._db.execute(
            "INSERT INTO unreachable (telegram_id, since, error) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            (telegram_id, utc_iso(now), error[:300]),
        )

    async def reachable_again(self, telegram_id: int) -> None:
        await self._db.execute("DELETE FROM unreachable WHERE telegram_id = ?", (telegram_id,))

    # --- what parents did --------------------------------------------------------------------------------

    async def viewed(self, telegram_id: int, student_id: int, now: datetime, action: str) -> None:
        await self._db.execute(
            "INSERT INTO marks_views (telegram_id, student_id, at, action) VALUES (?, ?, ?, ?)",
            (telegram_id, student_id, utc_iso(now), action),
        )

    async def is_linked(self, telegram_id: int, student_id: int) -> bool:
        return bool(await self._db.fetch_value(
            "SELECT 1 FROM links WHERE telegram_id = ? AND student_id = ?", (telegram_id, student_id)))

    async def views(self, class_name: str, since: datetime, until: datetime) -> list[ParentViews]:
        """How often each linked parent of the class's opted-out students looked at the marks."""
        rows = await self._db.fetch_all(
            "SELECT s.full_name, coalesce(u.full_name, '#' || l.telegram_id), "
            "(SELECT count(*) FROM marks_views v WHERE v.telegram_id = l.telegram_id AND v.student_id = s.id "
            " AND v.at >= ? AND v.at < ?) "
            "FROM links l JOIN students s ON s.id = l.student_id "
            "JOIN diary_optouts o ON o.student_id = s.id AND o.channel = 'telegram' AND o.withdrawn_at IS NULL "
            "LEFT JOIN users u ON u.telegram_id = l.telegram_id "
            "WHERE l.relation = 'parent' AND s.class_name = ? ORDER BY s.full_name",
            (utc_iso(since), utc_iso(until), class_name),
        )
        return [ParentViews(r[0], r[1], r[2]) for r in rows]
