"""Hostile and mistaken input, rule by rule: formula cells in exports, files that lie about
their size, callback data that was never ours, periods that overflow the calendar."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import pytest
from aiogram.filters.callback_data import CallbackData
from openpyxl import Workbook, load_workbook

import bot.views.callbacks as callbacks
from bot.domain.timetable import substitution_problem
from bot.handlers.admin import parse_register_args
from bot.i18n import I18n
from bot.services.marks_import import ImportFileError, Limits, read_table
from bot.views.callbacks import CardCb, FormCb, HandoverCb, MineCb, SubstituteCb, SummaryCb
from bot.views.documents import neutralise, to_csv, to_xlsx

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = ["=HYPERLINK(\"http://x\",\"Нажмите\")", "+7 999 не работает", "-1+2", "@SUM(A1)", "\tтабуляция", "\rвозврат"]


# --- exports ---------------------------------------------------------------------------------


def test_formula_like_texts_get_an_apostrophe_and_nothing_else_changes():
    assert [neutralise(v) for v in HOSTILE] == ["'" + v for v in HOSTILE]
    for harmless in ("Не открывается дневник", "2026-0042", "", 5, None, "—"):
        assert neutralise(harmless) == harmless


def test_the_xlsx_register_holds_no_formula():
    t = I18n().get("ru")
    rows = [["2026-0001", "24.11.2026 14:45", "Иванова Анна", *([""] * 5), text, *([""] * 10)] for text in HOSTILE]
    data = to_xlsx(rows, t, "Журнал")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml  # not a single formula in the file
    sheet = load_workbook(io.BytesIO(data)).active
    texts = [sheet.cell(row=3 + n, column=9) for n in range(len(HOSTILE))]
    assert [c.value for c in texts] == ["'" + v.replace("\r", "\n") for v in HOSTILE]  # XML keeps no bare CR
    assert all(c.data_type == "s" for c in texts)


def test_the_csv_register_holds_no_formula():
    t = I18n().get("ru")
    rows = [["2026-0001", text] for text in HOSTILE]
    read = list(csv.reader(io.StringIO(to_csv(rows, t).decode("utf-8-sig")), delimiter=";"))
    assert [r[1] for r in read[1:]] == ["'" + v for v in HOSTILE]
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for r in read[1:] for cell in r)


# --- imports ---------------------------------------------------------------------------------


def xlsx_declaring(ref: str, rows: list[list[object]], far_cell: tuple[int, int] | None = None) -> bytes:
    """A small, valid XLSX whose sheet says it spans `ref` (e.g. the whole sheet's grid),
    with `rows` from the top and one more cell at `far_cell` (row, column) when given."""
    book = Workbook()
    for row in rows:
        book.active.append(row)
    if far_cell is not None:
        book.active.cell(row=far_cell[0], column=far_cell[1], value=".")
    buffer = io.BytesIO()
    book.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = content.decode()
                begin = text.index("<dimension ref=\"") + len("<dimension ref=\"")
                content = (text[:begin] + ref + text[text.index("\"", begin):]).encode()
            target.writestr(item, content)
    return out.getvalue()


def test_an_xlsx_declaring_the_whole_grid_is_read_as_what_it_holds():
    """Observation 8: a 1.6 KB file declaring A1:XFD1048576, with one cell in its last row,
    made openpyxl hand over a million rows of 16,384 columns each. Read in a child process
    with 1.5 GB of address space, so the old behaviour fails with MemoryError instead of
    taking the machine down; now the sheet's own rows are read, up to the row limit."""
    header = ["ФИО ученика", "Класс", "Предмет", "Дата", "Отметка"]
    script = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_AS, (1_500_000_000, 1_500_000_000))\n"
        "from bot.services.marks_import import ImportFileError, read_table\n"
        "try:\n"
        "    table = read_table(sys.stdin.buffer.read(), 'm.xlsx')\n"
        "    print(len(table), max(len(r) for r in table))\n"
        "except ImportFileError as error:\n"
        "    print(error.key)\n"
    )

    def read_aside(data: bytes) -> str:
        done = subprocess.run([sys.executable, "-c", script], input=data, capture_output=True, cwd=ROOT, timeout=60)
        assert done.returncode == 0, done.stderr.decode()[-2000:]
        return done.stdout.decode().strip()

    data = xlsx_declaring("A1:XFD1048576", [header, ["Петров Иван", "5А", "Математика", "16.11.2026", 5]])
    assert len(data) < 8_000
    assert read_aside(data) == "2 5"  # as wide and as long as what it holds
    far = xlsx_declaring("A1:XFD1048576", [header], far_cell=(1_048_576, 16_384))
    assert len(far) < 8_000
    assert read_aside(far) == "import-error-too-many"


def test_a_cell_far_down_the_sheet_stops_at_the_row_limit():
    data = xlsx_declaring("A1:E3", [["ФИО ученика", "Класс", "Предмет", "Дата", "Отметка"]], far_cell=(1_000_000, 1))
    with pytest.raises(ImportFileError) as caught:
        read_table(data, "m.xlsx", Limits(rows=1000))
    assert caught.value.key == "import-error-too-many" and caught.value.args_ == {"limit": 1000}


def test_too_many_columns_is_refused_and_empty_ones_beyond_are_not_counted():
    wide = ";".join(f"c{n}" for n in range(60))
    with pytest.raises(ImportFileError) as caught:
        read_table(f"{wide}\n".encode(), "m.csv")
    assert caught.value.key == "import-error-too-many-columns" and caught.value.args_ == {"limit": 50}
    padded = "ФИО ученика;Класс" + ";" * 70 + "\n"
    assert read_table(padded.encode(), "m.csv") == [["ФИО ученика", "Класс"] + [""] * 48]
    book = Workbook()
    book.active.append(["ФИО ученика"] + [None] * 60 + ["лишнее"])
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(ImportFileError) as caught:
        read_table(buffer.getvalue(), "m.xlsx")
    assert caught.value.key == "import-error-too-many-columns"


def test_a_100000_row_csv_stops_at_the_limit():
    rows = ["ФИО ученика;Класс;Предмет;Дата;Отметка"] + ["Петров Иван;5А;Математика;16.11.2026;5"] * 100_000
    with pytest.raises(ImportFileError) as caught:
        read_table("\n".join(rows).encode(), "m.csv")
    assert caught.value.key == "import-error-too-many" and caught.value.args_ == {"limit": 20_000}


def test_a_record_without_end_and_a_zip_bomb_are_refused():
    endless = 'ФИО ученика;Класс\n"' + "x;" * 200_000
    with pytest.raises(ImportFileError) as caught:
        read_table(endless.encode(), "m.csv")
    assert caught.value.key == "import-error-row-too-long"
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", b" " * 60_000_000)
    with pytest.raises(ImportFileError) as caught:
        read_table(bomb.getvalue(), "m.xlsx")
    assert caught.value.key == "import-error-too-large-inside"


def test_what_a_refusal_quotes_back_fits_one_message():
    from bot.domain.marks import GradingRules
    from bot.domain.school import load_school_config
    from bot.services.marks_import import parse_table

    rules = GradingRules.from_settings(load_school_config(ROOT / "schools" / "example.toml").grading)
    headers = ";".join(f"Столбец{n}" + "я" * 1000 for n in range(40))
    with pytest.raises(ImportFileError) as caught:
        parse_table(read_table(f"{headers}\n".encode(), "m.csv"), rules)
    assert caught.value.key == "import-error-header" and len(caught.value.args_["unknown"]) < 1000
    row = "ФИО ученика;Класс;Предмет;Дата;Отметка\n" + ";".join(["Я" * 10_000] * 5) + "\n"
    parsed = parse_table(read_table(row.encode(), "m.csv"), rules)
    assert parsed.errors and all(len(str(e.args.get("value", ""))) <= 60 for e in parsed.errors)


def test_limits_come_from_the_school_file_within_reason():
    assert Limits.from_section({}) == Limits(20_000, 50)
    assert Limits.from_section({"max_rows": 5000, "max_columns": 20}) == Limits(5000, 20)
    assert Limits.from_section({"max_rows": -1, "max_columns": "many"}) == Limits(20_000, 50)


# --- callback data ---------------------------------------------------------------------------


def every_kind() -> list[type[CallbackData]]:
    return [c for c in vars(callbacks).values()
            if isinstance(c, type) and issubclass(c, CallbackData) and c is not CallbackData]


@pytest.mark.parametrize("kind", every_kind(), ids=lambda c: c.__prefix__)
def test_no_kind_of_button_unpacks_a_number_beyond_64_bits_or_garbage(kind):
    fields = len(kind.model_fields)
    for value in ("9" * 25, "-1", "x" * 30, "<b>", "../../etc"):
        forged = ":".join([kind.__prefix__, *([value] * fields)])
        with pytest.raises((TypeError, ValueError)):
            kind.unpack(forged)


def test_ids_are_positive_and_fit_sqlite():
    assert CardCb.unpack(f"cd1:t:{2**63 - 1}").rid == 2**63 - 1
    for rid in (2**63, 0, -5):
        with pytest.raises(ValueError):
            CardCb.unpack(f"cd1:t:{rid}")
    with pytest.raises(ValueError):
        MineCb.unpack("mr1:s:5:9")  # six stars
    with pytest.raises(ValueError):
        SummaryCb.unpack("sm1:a:5:20261399")  # no such day
    with pytest.raises(ValueError):
        FormCb.unpack("fm1:bogus:x")
    with pytest.raises(ValueError):
        SubstituteCb.unpack("sb1:absent:A")
    assert HandoverCb.unpack("ho1:5:a.technical").target == "a.technical"
    with pytest.raises(ValueError):
        HandoverCb.unpack("ho1:5:a.<script>")


def test_the_buttons_we_make_still_unpack():
    for made in (CardCb(action="t", rid=1), HandoverCb(rid=1, target="admins"), MineCb(action="s", rid=3, value=5),
                 FormCb(step="cancel", value="-"), FormCb(step="area", value="technical"),
                 SubstituteCb(step="days", value="14"), SummaryCb(action="a", sid=1, week="20261116")):
        assert type(made).unpack(made.pack()) == made


# --- periods ---------------------------------------------------------------------------------


def test_register_periods_outside_the_calendar_are_refused_not_overflowed():
    today = date(2026, 11, 24)
    assert parse_register_args("01.01.0001-31.12.9999", today) == "register-error-period-range"
    assert parse_register_args("31.12.2099-31.12.2099", today)[1] == (date(2099, 12, 31), date(2099, 12, 31))
    assert parse_register_args("30.02.2026-01.03.2026", today) == "register-error-period"


def test_a_substitution_must_end_today_or_later_and_last_at_most_a_year():
    today = date(2026, 11, 24)
    assert substitution_problem(date(2026, 11, 2), date(2026, 11, 6), today) == "sub-error-past"
    assert substitution_problem(date(2026, 11, 20), date(2026, 11, 24), today) is None
    assert substitution_problem(date(2026, 11, 25), date(2026, 11, 24), today) == "sub-error-period"
    assert substitution_problem(date(2026, 11, 24), date(2028, 1, 1), today) == "sub-error-too-long"
