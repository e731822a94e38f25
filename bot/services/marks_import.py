"""Marks from a CSV or XLSX file (the embedded default source; layout in docs/marks-import.md).

All or nothing: every row is checked first; a file with any bad row changes nothing, and
the answer names each bad row by its number as the spreadsheet shows it (the header is
row 1). Re-importing the same file adds nothing (the cells are unique in the database).

A file is someone else's bytes. Rows are streamed (openpyxl's read-only mode, the csv
reader) and reading stops at a row limit and a column limit; an XLSX's own account of its
size (the sheet's declared dimension, which openpyxl would otherwise pad every row to) is
never believed, nor is a ZIP that unpacks to more than `MAX_UNPACKED`. The handler runs
all of it in a worker thread, so a large file does not stand the bot still for others.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from bot.domain.marks import Absence, GradingRules, ImportRow, Mark, MarkError, read_written
from bot.domain.validation import Invalid, check_full_name, normalize_class
from storage.marks import NewAbsence, NewMark

MAX_ROWS = 20_000  # rows of marks in one file; the school file's [import] max_rows changes it
MAX_COLUMNS = 50  # [import] max_columns; the layout has 11
MAX_BYTES = 15 * 1024 * 1024  # Telegram lets a bot download up to 20 MB
MAX_UNPACKED = 50 * 1024 * 1024  # an XLSX is a ZIP: what it unpacks to, all parts together
MAX_RECORD_CHARS = 100_000  # one CSV record (a quoted field may span lines)
SHOWN_CHARS = 60  # of a bad cell, quoted back in the answer


@dataclass(frozen=True, slots=True)
class Limits:
    rows: int = MAX_ROWS
    columns: int = MAX_COLUMNS

    @classmethod
    def from_section(cls, section: dict[str, Any]) -> Limits:
        """From the school file's `[import]` table; a missing or senseless value: the default."""
        def number(key: str, default: int, most: int) -> int:
            value = section.get(key)
            return value if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= most else default
        return cls(rows=number("max_rows", MAX_ROWS, 1_000_000), columns=number("max_columns", MAX_COLUMNS, 1_000))

# Column → the header names it is known by (case and spaces do not matter).
COLUMNS: dict[str, tuple[str, ...]] = {
    "student": ("фио ученика", "ученик", "фио", "student", "student name"),
    "class": ("класс", "class"),
    "subject": ("предмет", "subject"),
    "date": ("дата", "date"),
    "mark": ("отметка", "оценка", "mark"),
    "weight": ("вес", "weight"),
    "counts": ("учитывается", "в среднем", "counts"),
    "kind_of_work": ("вид работы", "kind of work", "work"),
    "lesson": ("урок", "№ урока", "lesson"),
    "comment": ("комментарий", "comment"),
    "journal_id": ("id в журнале", "journal id", "journal_id"),
}
REQUIRED = ("student", "class", "subject", "date", "mark")
# How a required column is named in the answers (as in the sample file).
SHOWN = {"student": "ФИО ученика", "class": "Класс", "subject": "Предмет", "date": "Дата", "mark": "Отметка"}
NOT_ATTESTED = {"н/а", "на"}  # «не аттестован»: the school's rules allow it for no period mark
_YES = {"да", "1", "true", "yes", "+", "y", "д"}
_NO = {"нет", "0", "false", "no", "-", "n", "н"}
_DATE_DMY = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


@dataclass(frozen=True, slots=True)
class RowError:
    row: int  # as the spreadsheet numbers it: the header is row 1
    key: str  # a locale key: import-error-…
    args: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class ParsedImport:
    marks: list[NewMark] = field(default_factory=list)
    absences: list[NewAbsence] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    rows: int = 0
    classes: set[str] = field(default_factory=set)


class ImportFileError(ValueError):
    """The file as a whole cannot be read; `key` is a locale key."""

    def __init__(self, key: str, **args: Any) -> None:
        super().__init__(key)
        self.key = key
        self.args_ = args


def read_table(data: bytes, filename: str, limits: Limits = Limits()) -> list[list[Any]]:
    """The file's rows as lists of cells (XLSX: the first sheet; CSV: ; or , separated,
    UTF-8 or Windows-1251, as Excel saves it in Russia). More rows or columns than
    `limits` allow: ImportFileError, as soon as the first one too many is read."""
    if len(data) > MAX_BYTES:
        raise ImportFileError("import-error-too-big", mb=MAX_BYTES // 1024 // 1024)
    name = filename.lower()
    if name.endswith(".xlsx"):
        rows = _xlsx_rows(data)
    elif name.endswith((".csv", ".txt")):
        rows = _csv_rows(data)
    else:
        raise ImportFileError("import-error-format")
    table: list[list[Any]] = []
    for row in rows:
        if len(row) > limits.columns:
            if any(_cell(c) for c in row[limits.columns:]):
                raise ImportFileError("import-error-too-many-columns", limit=limits.columns)
            row = row[: limits.columns]
        table.append(list(row))
        if len(table) > limits.rows + 1:  # the header and `limits.rows` rows of marks
            raise ImportFileError("import-error-too-many", limit=limits.rows)
    return table


def _xlsx_rows(data: bytes) -> Iterator[Sequence[Any]]:
    import zipfile

    from openpyxl import load_workbook  # imported on use: it is only needed here

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            # zipfile never reads a member past its declared size, so the sum is a true bound.
            unpacked = sum(item.file_size for item in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ImportFileError("import-error-unreadable") from None
    if unpacked > MAX_UNPACKED:
        raise ImportFileError("import-error-too-large-inside", mb=MAX_UNPACKED // 1024 // 1024)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged file
        raise ImportFileError("import-error-unreadable") from None
    try:
        sheet = book.worksheets[0]
        # The sheet's <dimension ref="A1:XFD1048576"/> is whatever the file says: openpyxl
        # would make every row that wide and invent every row up to that height. Without it,
        # each row is as wide as its own last cell (at most the format's 16,384), and the
        # rows stop where the file's rows stop, or at the limit (read_table).
        sheet.reset_dimensions()
        yield from sheet.iter_rows(min_row=1, values_only=True)
    except ImportFileError:
        raise
    except Exception:
        raise ImportFileError("import-error-unreadable") from None
    finally:
        book.close()


class _RecordTooLong(Exception):
    pass


class _Lines:
    """The text's lines for the csv reader, with a bound on one record's length: a record
    (its quoted fields may span lines) never grows past `MAX_RECORD_CHARS`."""

    def __init__(self, text: str) -> None:
        self._lines = iter(io.StringIO(text))
        self.record = 0  # characters of the record being read

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self.record += len(line)
        if self.record > MAX_RECORD_CHARS:
            raise _RecordTooLong
        return line


def _csv_rows(data: bytes) -> Iterator[Sequence[Any]]:
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportFileError("import-error-unreadable")
    first = text[: text.find("\n")] if "\n" in text else text
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    lines = _Lines(text)
    try:
        for row in csv.reader(lines, delimiter=delimiter):
            lines.record = 0
            yield row
    except _RecordTooLong:
        raise ImportFileError("import-error-row-too-long", chars=MAX_RECORD_CHARS) from None
    except csv.Error:
        raise ImportFileError("import-error-unreadable") from None


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _shown(text: str) -> str:
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"


def _header(cells: list[Any]) -> tuple[dict[str, int], list[str]]:
    known = {alias: column for column, aliases in COLUMNS.items() for alias in aliases}
    positions: dict[str, int] = {}
    unknown = []
    for index, cell in enumerate(cells):
        title = " ".join(_cell(cell).lower().split())
        if not title:
            continue
        column = known.get(title)
        if column is None:
            unknown.append(_shown(_cell(cell)))
        elif column not in positions:
            positions[column] = index
    return positions, unknown


def _date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _cell(value)
    found = _DATE_DMY.match(text)
    try:
        if found:
            return date(int(found.group(3)), int(found.group(2)), int(found.group(1)))
        return date.fromisoformat(text)
    except ValueError:
        return None


def parse_table(
    table: list[list[Any]], rules: GradingRules, *, allowed_classes: Iterable[str] | None = None
) -> ParsedImport:
    """Check every row; `allowed_classes` None: any class (an administrator's file)."""
    result = ParsedImport()
    header_at = next((i for i, row in enumerate(table) if any(_cell(c) for c in row)), None)
    if header_at is None:
        raise ImportFileError("import-error-empty")
    positions, unknown = _header(table[header_at])
    missing = [c for c in REQUIRED if c not in positions]
    if missing or unknown:
        named = unknown[:10] + (["…"] if len(unknown) > 10 else [])  # the answer fits one message
        key = "import-error-header" if missing and unknown else (
            "import-error-header-missing" if missing else "import-error-header-unknown")
        raise ImportFileError(key, missing=", ".join(SHOWN[c] for c in missing), unknown=", ".join(named))
    allowed = set(allowed_classes) if allowed_classes is not None else None
    for index in range(header_at + 1, len(table)):
        raw = table[index]
        if not any(_cell(c) for c in raw):
            continue
        result.rows += 1
        row = parse_row(raw, positions, index + 1, rules, allowed, result.errors)
        if row is not None:
            add_row(result, row, rules)
    if result.rows == 0:
        raise ImportFileError("import-error-empty")
    return result


def read_and_parse(
    data: bytes, filename: str, rules: GradingRules, *, allowed_classes: Iterable[str] | None = None,
    limits: Limits = Limits(),
) -> ParsedImport:
    """The whole file, read and checked: what the handler runs in a worker thread."""
    return parse_table(read_table(data, filename, limits), rules, allowed_classes=allowed_classes)


def parse_row(
    raw: list[Any], positions: dict[str, int], number: int, rules: GradingRules,
    allowed: set[str] | None, errors: list[RowError],
) -> ImportRow | None:
    def get(column: str) -> Any:
        index = positions.get(column)
        return raw[index] if index is not None and index < len(raw) else None

    def empty(column: str) -> bool:
        """An empty required cell is named by its column, not shown as «»."""
        if _cell(get(column)):
            return False
        errors.append(RowError(number, "import-error-empty-cell", {"column": SHOWN[column]}))
        return True

    before = len(errors)
    name = check_full_name(_cell(get("student")))
    if isinstance(name, Invalid) and not empty("student"):
        errors.append(RowError(number, "import-error-name", {"value": _cell(get("student"))}))
    klass = normalize_class(_cell(get("class")))
    if klass is None and not empty("class"):
        errors.append(RowError(number, "import-error-class", {"value": _cell(get("class"))}))
    elif allowed is not None and klass not in allowed:
        errors.append(RowError(number, "import-error-not-your-class", {"value": klass}))
    subject = " ".join(_cell(get("subject")).split())
    if (not subject and not empty("subject")) or len(subject) > 80:
        errors.append(RowError(number, "import-error-subject", {"value": subject, "max": 80}))
    day = _date(get("date"))
    if day is None and not empty("date"):
        errors.append(RowError(number, "import-error-date", {"value": _cell(get("date"))}))
    written = _cell(get("mark"))
    try:
        reading = read_written(written, rules)
        if rules.is_final(_cell(get("kind_of_work"))) and (len(reading.values) != 1 or reading.absence):
            # R5.7 (the school's instruction, 5.3): «н/а», an absence or two marks is no period
            # mark; for «н/а» the answer says what the school does instead (docs/marks-import.md).
            key = ("import-error-final-not-attested" if written.strip().lower().replace(" ", "") in NOT_ATTESTED
                   else "import-error-final")
            errors.append(RowError(number, key, {"value": written}))
    except MarkError:
        if not empty("mark"):
            errors.append(RowError(number, "import-error-mark", {"value": written}))
    weight: float | None = None
    if _cell(get("weight")):
        try:
            weight = float(_cell(get("weight")).replace(",", "."))
            if not 0 < weight <= 10:
                raise ValueError
        except ValueError:
            errors.append(RowError(number, "import-error-weight", {"value": _cell(get("weight"))}))
    counts: bool | None = None
    if _cell(get("counts")):
        flag = _cell(get("counts")).lower()
        if flag in _YES:
            counts = True
        elif flag in _NO:
            counts = False
        else:
            errors.append(RowError(number, "import-error-counts", {"value": _cell(get("counts"))}))
    lesson: int | None = None
    if _cell(get("lesson")):
        try:
            lesson = int(_cell(get("lesson")))
            if not 1 <= lesson <= 12:
                raise ValueError
        except ValueError:
            errors.append(RowError(number, "import-error-lesson", {"value": _cell(get("lesson"))}))
    if len(errors) > before:
        for error in errors[before:]:  # a bad cell is quoted back, but not a whole page of it
            if isinstance(error.args.get("value"), str):
                error.args["value"] = _shown(error.args["value"])
        return None
    assert isinstance(name, str) and klass is not None and day is not None
    return ImportRow(
        student_name=name, class_name=klass, subject=subject, day=day, written=written, weight=weight,
        counts=counts, kind_of_work=_cell(get("kind_of_work")) or None, comment=_cell(get("comment")) or None,
        lesson=lesson, journal_id=_cell(get("journal_id")) or None,
    )


def add_row(result: ParsedImport, row: ImportRow, rules: GradingRules) -> None:
    """An already checked row becomes a mark, an absence, or both ("н/5")."""
    reading = read_written(row.written, rules)
    key = (row.student_name, row.class_name)
    result.classes.add(row.class_name)
    if reading.absence is not None:
        result.absences.append(NewAbsence(key, row.journal_id, Absence(0, row.subject, row.day, reading.absence, row.lesson)))
    if reading.values or reading.absence is None:
        counts = bool(reading.values) and (row.counts if row.counts is not None else True)
        if rules.is_final(row.kind_of_work):
            counts = False  # the period's final mark is not one of the marks it is made of
        value = sum(reading.values) / len(reading.values) if reading.values else None
        result.marks.append(NewMark(key, row.journal_id, Mark(
            0, row.subject, row.day, row.written.strip(), value, rules.weight_for(row.kind_of_work, row.weight),
            counts, row.kind_of_work, row.comment, max(1, len(reading.values)), row.lesson_comment,
        ), row.lesson, rules.is_final(row.kind_of_work)))


def rows_to_import(rows: Iterable[ImportRow], rules: GradingRules) -> ParsedImport:
    """Rows from the ЭлЖур connector: a mark it sends that the rules cannot read is skipped."""
    result = ParsedImport()
    for row in rows:
        result.rows += 1
        try:
            add_row(result, row, rules)
        except MarkError:
            result.errors.append(RowError(result.rows, "import-error-mark", {"value": row.written}))
    return result
