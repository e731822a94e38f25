"""Files people are given: the register of requests as the school prints it (XLSX, Russian
headers) and as CSV, and what every file of the bot shares (the fonts, a PDF table, a sheet's
title and headers).

openpyxl writes the workbook: the register must open in Excel/LibreOffice with
proper columns and widths, which a CSV cannot promise for Cyrillic on Windows.

People's words never become formulas: a cell that begins like one (=, +, -, @, a tab or
a carriage return) gets a leading apostrophe, as OWASP recommends for CSV injection,
and in the workbook every text cell is stored as a string, never as a formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from bot.i18n import Translator
from bot.services.people import Directory
from bot.views.render import assignee_name, local, role_title, status_title
from storage.requests import Request

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@lru_cache(maxsize=1)
def fonts() -> tuple[Path, Path]:
    """DejaVu Sans, regular and bold, as matplotlib ships it (Cyrillic with no font of the system's)."""
    import matplotlib

    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    return folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"


def pdf_table(pdf: Any, headers: list[str], rows: Iterable[Iterable[object]], **options: Any) -> None:
    """A table with its headings repeated on each page, every value as text."""
    with pdf.table(text_align="LEFT", repeat_headings=1, **options) as table:
        heading = table.row()
        for title in headers:
            heading.cell(title)
        for values in rows:
            row = table.row()
            for value in values:
                row.cell(str(value))


def neutralise(value: object) -> object:
    """A text that a spreadsheet would read as a formula, made inert; other values unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


COLUMNS = (
    "register-col-number", "register-col-received", "register-col-name", "register-col-role", "register-col-class",
    "register-col-kind", "register-col-area", "register-col-topic", "register-col-text", "register-col-attachments",
    "register-col-taken-by", "register-col-taken-at", "register-col-first-answer", "register-col-resolved",
    "register-col-status", "register-col-outcome", "register-col-rating", "register-col-escalations",
    "register-col-courtesy",
)


def register_rows(requests: Sequence[Request], t: Translator, directory: Directory, tz: ZoneInfo) -> list[list[object]]:
    rows: list[list[object]] = []
    for r in sorted(requests, key=lambda item: item.id):
        rows.append([
            r.number,
            local(r.created_at, tz),
            r.requester_name,
            role_title(t, r.requester_role),
            r.requester_class or "",
            t(f"kind-{r.kind.value}"),
            directory.area_title(r.area, t.language),
            t(f"topic-{r.topic.value.replace('_', '-')}"),
            r.text,
            r.attachments,
            assignee_name(directory, t, r.taken_by) if r.taken_by else "",
            local(r.taken_at, tz) if r.taken_at else "",
            local(r.first_answer_at, tz) if r.first_answer_at else "",
            local(r.resolved_at, tz) if r.resolved_at else "",
            status_title(t, r.status, for_staff=True),
            t(f"outcome-{r.outcome.value.replace('_', '-')}") if r.outcome else "",
            r.rating or "",
            r.escalations,
            r.courtesy_marks,
        ])
    return rows


def fill_sheet(sheet: Any, title: str, headers: list[str], rows: list[list[object]], *, title_size: int) -> None:
    """A title line, bold wrapped headers, then the rows, every text kept as text (openpyxl
    would take a text beginning with "=" for a formula)."""
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=title_size)
    sheet.append(headers)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        sheet.append([neutralise(value) for value in row])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"


def to_xlsx(rows: list[list[object]], t: Translator, title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = t("register-sheet")[:31]
    headers = [t(key) for key in COLUMNS]
    fill_sheet(sheet, title, headers, rows, title_size=13)
    widths = {1: 11, 2: 16, 3: 26, 9: 60}
    for index in range(1, len(headers) + 1):
        sheet.column_dimensions[get_column_letter(index)].width = widths.get(index, 14)
    for row in sheet.iter_rows(min_row=3):
        row[8].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A3"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def to_csv(rows: list[list[object]], t: Translator) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([t(key) for key in COLUMNS])
    writer.writerows([neutralise(value) for value in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # BOM: Excel opens Cyrillic CSV correctly
