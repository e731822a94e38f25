"""The marks' way in: an imported file, and the ЭлЖур connector's side (bot/services/eljur.py)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from bot.domain.marks import ImportRow
from bot.services.summaries.schedule import SummarySchedule
from storage.marks import StoreResult

if TYPE_CHECKING:
    from bot.services.marks_import import ParsedImport


class JournalSide(SummarySchedule):
    async def journal_students(self) -> list[tuple[str, str, str]]:
        """(journal id, full name, class) of every student the journal's id is known for."""
        return await self.repo.journal_students()

    async def store_file(self, parsed: ParsedImport) -> StoreResult:
        """The marks and absences of an imported file (/import): new rows added, known ones kept."""
        return await self.marks.store(parsed.marks, parsed.absences, source="file", now=self.clock.now())

    async def store_pulled(self, rows: list[ImportRow], start: date, end: date, journal_ids: list[str]) -> int:
        """A pull gives the whole picture of its range for the students it read cleanly
        (`journal_ids`): their earlier rows there are replaced; nobody else's change."""
        from bot.services.marks_import import rows_to_import

        parsed = rows_to_import(rows, self.rules)
        ids = await self.marks.ids_of_journal(journal_ids)
        result = await self.marks.store(parsed.marks, parsed.absences, source="eljur", now=self.clock.now(),
                                        replace=(ids, start, end))
        return result.marks_added + result.absences_added
