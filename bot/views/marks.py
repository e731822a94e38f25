"""The answers to a marks file (/import): refused as a whole, rejected row by row, or stored
(bot/services/marks_import.py checks it, bot/services/summaries/journal.py stores it)."""

from __future__ import annotations

from bot.i18n import Markup, Translator
from bot.services.marks_import import ImportFileError, ParsedImport
from storage.marks import StoreResult

MAX_ERRORS_SHOWN = 15  # bad rows named in the answer; the rest are counted


def import_refused(error: ImportFileError, t: Translator) -> str:
    """The file as a whole could not be read."""
    reason = Markup(t(error.key, **error.args_))
    return t("import-file-refused", reason=reason) + "\n\n" + t("import-try-again")


def import_rejected(parsed: ParsedImport, t: Translator) -> str:
    """Bad rows: each named by its number as the spreadsheet shows it; nothing was stored."""
    lines = [t("import-rejected", errors=len(parsed.errors), rows=parsed.rows)]
    for row_error in parsed.errors[:MAX_ERRORS_SHOWN]:
        lines.append(t("import-row", row=row_error.row) + " " + t(row_error.key, **row_error.args))
    if len(parsed.errors) > MAX_ERRORS_SHOWN:
        lines.append(t("import-more-errors", count=len(parsed.errors) - MAX_ERRORS_SHOWN))
    lines.append(t("import-try-again"))
    return "\n".join(lines)


def import_done(parsed: ParsedImport, result: StoreResult, t: Translator) -> str:
    return t(
        "import-done", rows=parsed.rows, marks=result.marks_added, absences=result.absences_added,
        unchanged=result.unchanged, students=result.students_added, classes=", ".join(sorted(parsed.classes)),
    )
