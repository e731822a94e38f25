"""What parents and teachers read: the consent built from the school file, the period's name,
and the marks import's answers for empty cells and «н/а» as a period mark."""

from __future__ import annotations

from datetime import UTC, date
from pathlib import Path

import pytest

from bot.dialogs.onboarding import consent_text
from bot.domain.marks import GradingRules
from bot.domain.school import Period, Term, load_school_config
from bot.i18n import I18n
from bot.services.marks_import import ImportFileError, parse_table, read_table

ROOT = Path(__file__).resolve().parents[2]
I18N = I18n()


def school(name: str = "example.toml", **school_keys):
    config = load_school_config(ROOT / "schools" / name)
    info = config.school.model_copy(update=school_keys)
    return config.model_copy(update={"school": info})


def test_the_consent_names_the_operator_its_address_the_data_by_role_telegram_retention_and_withdrawal():
    text = consent_text(I18N.get("ru"), school())
    assert "Оператор персональных данных: Муниципальное бюджетное общеобразовательное учреждение" in text
    assert "адрес: 297000, Республика Крым" in text
    for words in ("отметки и пропуски ребёнка", "еженедельные сводки", "серверы мессенджера Telegram",
                  "за пределами России", "хранит 5 лет", "/forget", "«Положение об обработке персональных данных»",
                  "сбор, запись", "у родителей:", "у заявителей:", "у сотрудников школы:"):
        assert words in text, words
    assert "никому не передаются" not in text
    english = consent_text(I18N.get("en"), school())
    assert "Personal data operator:" in english and "for 5 years" in english and "Telegram" in english


def test_without_address_or_document_the_consent_leaves_them_out_and_names_the_school():
    text = consent_text(I18N.get("ru"), school("example-004.toml"))
    assert "Оператор персональных данных: МБОУ «Глазовская СОШ» (пример)." in text
    assert "адрес" not in text and "документе школы" not in text and "None" not in text


@pytest.mark.parametrize(("years", "ru", "en"), [(1, "1 год", "1 year"), (3, "3 года", "3 years"),
                                                 (5, "5 лет", "5 years"), (21, "21 год", "21 years")])
def test_the_retention_period_comes_from_the_school_file_with_its_plural(years, ru, en):
    config = school(retention_years=years)
    assert f"хранит {ru}." in consent_text(I18N.get("ru"), config)
    assert f"for {en}." in consent_text(I18N.get("en"), config)
    assert f"хранится {ru}." in I18N.get("ru")("privacy-text", operator="Школа", years=years)


def test_privacy_shows_the_consent_time_in_the_schools_time_zone():
    from datetime import datetime

    from bot.handlers.common import privacy_text
    from storage.users import User

    user = User(1, "ru", datetime(2026, 11, 20, 21, 30, tzinfo=UTC), None, None, None)
    text = privacy_text(I18N.get("ru"), user, school())  # Europe/Simferopol: UTC+3
    assert "Согласие дано: 21.11.2026 00:30 (время школы)." in text and "UTC" not in text
    assert "Оператор: Муниципальное бюджетное" in text and "хранится 5 лет" in text
    assert "Согласие не давалось" in privacy_text(I18N.get("ru"), None, school())


def test_declining_consent_names_no_e_mail_of_its_own():
    for language in ("ru", "en"):
        text = I18N.get(language)("consent-declined")
        assert "@" not in text and "почт" not in text and "mail" not in text


@pytest.mark.parametrize(("name", "term", "since"), [
    ("2 четверть", Term.QUARTER, "с начала четверти"), ("1 полугодие", Term.HALF, "с начала полугодия"),
    ("II триместр", Term.TRIMESTER, "с начала триместра"), ("2026/2027", Term.YEAR, "с начала учебного года"),
    ("Осенний модуль", Term.OTHER, "с начала учебного периода"),
])
def test_the_period_is_called_what_the_school_calls_it(name, term, since):
    period = Period(name=name, start=date(2026, 9, 1), end=date(2026, 10, 30))
    assert period.term is term
    assert since in I18N.get("ru")("summary-footer", term=period.term.value)
    assert "период" not in I18N.get("ru")("summary-footer", term="quarter")
    named = Period(name="Осенний модуль", start=date(2026, 9, 1), end=date(2026, 10, 30), kind="half")
    assert named.term is Term.HALF


HEADER = "ФИО ученика;Класс;Предмет;Дата;Отметка;Вид работы\n"


def parse(rows: str):
    return parse_table(read_table((HEADER + rows).encode(), "m.csv"), GradingRules())


def test_an_empty_cell_is_named_by_its_column_not_shown_as_a_dash():
    parsed = parse("Петров Иван;5А;Математика;;5;\n;5А;Математика;16.11.2026;;\n")
    assert [(e.row, e.key, e.args) for e in parsed.errors] == [
        (2, "import-error-empty-cell", {"column": "Дата"}),
        (3, "import-error-empty-cell", {"column": "ФИО ученика"}),
        (3, "import-error-empty-cell", {"column": "Отметка"}),
    ]
    assert I18N.get("ru")("import-error-empty-cell", column="Дата") == "не заполнен столбец «Дата»."


def test_not_attested_as_a_period_mark_says_what_the_school_does_instead():
    parsed = parse("Петров Иван;5А;Математика;25.12.2026;н/а;Четвертная\nПетров Иван;5А;Химия;25.12.2026;3/5;Четвертная\n")
    assert [(e.row, e.key) for e in parsed.errors] == [(2, "import-error-final-not-attested"), (3, "import-error-final")]
    text = I18N.get("ru")("import-error-final-not-attested", value="н/а")
    assert "выставляют в ЭлЖур после зачёта" in text and "Уберите эту строку" in text
    assert parse("Петров Иван;5А;Математика;16.11.2026;н/а;\n").errors == []  # a current «н/а» counts in nothing


def test_header_answers_name_only_what_is_wrong():
    with pytest.raises(ImportFileError) as caught:
        read = read_table("ФИО ученика;Класс;Предмет;Дата;Отметка;Цвет\nА;5А;1;1;1;1\n".encode(), "m.csv")
        parse_table(read, GradingRules())
    assert caught.value.key == "import-error-header-unknown" and caught.value.args_["unknown"] == "Цвет"
    with pytest.raises(ImportFileError) as caught:
        parse_table(read_table("ФИО ученика;Класс;Предмет;Отметка\nА;5А;1;1\n".encode(), "m.csv"), GradingRules())
    assert caught.value.key == "import-error-header-missing" and caught.value.args_["missing"] == "Дата"
