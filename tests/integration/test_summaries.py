"""Marks in the database and the weekly summaries built from them (R5.1–R5.5), without Telegram.

What would be sent is read from the outbox; the school's clock is set by the test.
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path

import pytest

from bot.domain.marks import GradingRules, Mark, summarize_week
from bot.domain.school import load_school_config
from bot.i18n import I18n
from bot.services.marks_import import parse_table, read_table
from bot.services.people import Directory
from bot.services.summaries import FORECAST, WEEKLY, Summaries
from bot.views.present import Views
from bot.views.summaries import views_line
from storage.db import Database
from storage.links import LinkRepository, OptOutRepository
from storage.marks import NewMark
from storage.outbox import OutboxItem
from tests.fakes.clock import SetClock, set_clock

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "marks-example.csv"
PARENT, OTHER_PARENT, TEACHER_5A = 700001, 700002, 300001
SATURDAY_NOON = "2026-11-21T12:00:00+03:00"


@pytest.fixture
async def summaries(tmp_path):
    school = load_school_config(ROOT / "schools" / "example.toml")
    db = await Database(tmp_path / "marks.sqlite3").connect()
    service = Summaries(db, school, SetClock("2026-11-20T10:00:00+03:00"), views=Views(Directory(school, I18n(), db)))
    yield service
    await db.close()


async def import_sample(s: Summaries):
    parsed = parse_table(read_table(SAMPLE.read_bytes(), SAMPLE.name), s.rules)
    return await s.marks.store(parsed.marks, parsed.absences, source="file", now=s.clock.now())


async def link_and_opt_out(s: Summaries, telegram_id: int, name: str, channel: str = "telegram") -> int:
    links = LinkRepository(s.db)
    student = await links.student(name, "5А", s.clock.now())
    code = await links.issue(student, "parent", TEACHER_5A, s.clock.now(), days=7)
    await links.redeem(code, telegram_id, s.clock.now())
    await OptOutRepository(s.db).record(student, "Мама", date(2026, 9, 1), channel, TEACHER_5A, s.clock.now())
    return student.id


async def summaries_in_outbox(s: Summaries) -> list[tuple[int, str, str]]:
    rows = await s.db.fetch_all("SELECT chat_id, dedupe_key, payload FROM outbox WHERE purpose = 'summary' ORDER BY id")
    return [(r[0], r[1], json.loads(r[2])["text"]) for r in rows]


async def test_reimporting_the_same_file_adds_nothing(summaries: Summaries) -> None:
    first = await import_sample(summaries)
    assert (first.marks_added, first.absences_added, first.students_added) == (11, 4, 2)
    again = await import_sample(summaries)
    assert (again.marks_added, again.absences_added, again.unchanged) == (0, 0, 15)


async def test_a_failing_store_keeps_nothing(summaries: Summaries) -> None:
    parsed = parse_table(read_table(SAMPLE.read_bytes(), SAMPLE.name), summaries.rules)
    bad = NewMark(("Петров Иван", "5А"), None, Mark(0, "Физика", date(2026, 11, 16), "5", 5.0, -1.0, True))
    with pytest.raises(Exception):  # noqa: B017 - whatever the store trips over, it keeps nothing
        await summaries.marks.store([*parsed.marks, bad], parsed.absences, source="file", now=summaries.clock.now())
    assert await summaries.db.fetch_value("SELECT count(*) FROM marks") == 0
    assert await summaries.db.fetch_value("SELECT count(*) FROM students") == 0


async def test_the_weekly_summary_has_the_right_averages_and_goes_only_to_linked_opted_out_parents(
    summaries: Summaries,
) -> None:
    await import_sample(summaries)
    await link_and_opt_out(summaries, PARENT, "Петров Иван")
    sidorova = await LinkRepository(summaries.db).student("Сидорова Мария", "5А", summaries.clock.now())
    assert sidorova.id  # imported, but nobody is linked to her: OTHER_PARENT gets nothing
    assert summaries.due_weekly(summaries.clock.now()) == date(2026, 11, 9)  # Friday: last week's run is the due one
    set_clock(summaries.clock, SATURDAY_NOON)
    assert summaries.due_weekly(summaries.clock.now()) == date(2026, 11, 16)
    await summaries.tick()
    sent = await summaries_in_outbox(summaries)
    assert [(chat, key) for chat, key, _ in sent] == [(PARENT, f"weekly:2026-11-16:{PARENT}:1")]
    text = sent[0][2]
    assert "Ученик: Петров Иван, 5А" in text and "2 четверть" in text
    # Математика: 4 (10.11, w1) before the week; 5 (w2), 4- (w1), 3/5 (w1.5 ×2) this week → 30/7
    assert "<b>Математика</b>: средний балл 4,29 (за неделю: +0,29), прогноз «4»" in text
    assert "3/5 <i>(Самостоятельная работа)</i>" in text
    # Русский язык: 4 (w1) and 5 (w2) → 14/3, only two marks: the warning, no forecast
    assert "<b>Русский язык</b>: средний балл 4,67\n" in text
    assert "Для отметки за четверть нужно не меньше 3 отметок; сейчас отметок: 2." in text
    # A missed lesson and a late arrival are counted apart: lateness is no missed lesson.
    assert "Пропуски уроков: причина не указана (н) — 1" in text
    assert "Опоздания (оп): 1" in text
    assert "Пропущено уроков: 1, опозданий: 1." in text
    assert "средневзвешенный (с учётом веса каждой отметки), с начала четверти" in text
    # The next tick and a second run queue nothing more.
    await summaries.tick()
    assert await summaries.run(WEEKLY, date(2026, 11, 16)) == 0
    assert len(await summaries_in_outbox(summaries)) == 1


async def test_sql_sums_agree_with_the_reference_computation(summaries: Summaries) -> None:
    rng = random.Random(7)
    rules = summaries.rules
    students = [f"Ученик{chr(0x410 + i)} Тест" for i in range(6)]
    rows = ["ФИО ученика;Класс;Предмет;Дата;Отметка;Вес;Учитывается;Урок"]
    for name in students:
        for n in range(60):
            day = date(2026, 11, 5) + timedelta(days=rng.randrange(18))
            written = rng.choice(["5", "4", "4-", "3", "2", "3/5", "н", "н/а", "оп", "н/4"])
            weight = rng.choice(["", "1", "2", "0,5"])
            counts = rng.choice(["", "", "нет"])
            rows.append(f"{name};5А;{rng.choice(['Алгебра', 'Химия', 'Биология'])};{day:%d.%m.%Y};{written};{weight};{counts};{n % 7 + 1}")
    parsed = parse_table(read_table("\n".join(rows).encode(), "r.csv"), rules)
    assert parsed.errors == []
    await summaries.marks.store(parsed.marks, parsed.absences, source="file", now=summaries.clock.now())
    week = date(2026, 11, 16)
    got = await summaries.week_summaries(None, week)
    for sid, summary in got.items():
        marks = await summaries.marks.period_marks(sid, date(2026, 11, 5), week + timedelta(days=6))
        absences = await summaries.marks.week_absences([sid], week, week + timedelta(days=6))
        expected = summarize_week(sid, marks, absences, week, week + timedelta(days=6), rules)
        assert [s.subject for s in summary.subjects] == [s.subject for s in expected.subjects]
        for mine, reference in zip(summary.subjects, expected.subjects, strict=True):
            assert mine.average == pytest.approx(reference.average)
            assert mine.previous_average == pytest.approx(reference.previous_average)
            assert mine.counting_marks == reference.counting_marks
            assert mine.forecast == reference.forecast
            assert mine.absences == reference.absences
            assert sorted(m.written for m in mine.week_marks) == sorted(m.written for m in reference.week_marks)


async def test_a_blocked_parent_is_left_out_and_the_class_teacher_is_told(summaries: Summaries) -> None:
    await import_sample(summaries)
    sid = await link_and_opt_out(summaries, PARENT, "Петров Иван")
    item = OutboxItem(1, PARENT, "SendMessage", {}, "summary", sid, 1, 10)
    await summaries.unreachable(item, "Forbidden: bot was blocked by the user")
    await summaries.unreachable(item, "Forbidden: bot was blocked by the user")  # told once
    notices = await summaries.db.fetch_all("SELECT chat_id, payload FROM outbox WHERE purpose = 'notice'")
    assert [n[0] for n in notices] == [TEACHER_5A]
    assert "Петров Иван" in json.loads(notices[0][1])["text"] and "/printout" in json.loads(notices[0][1])["text"]
    assert await summaries.recipients() == []
    assert await summaries.printout_students("5А") == [(sid, "Петров Иван")]
    await summaries.reachable_again(PARENT)
    assert [r.telegram_id for r in await summaries.recipients()] == [PARENT]


async def test_the_forecast_goes_out_two_weeks_before_the_period_ends(summaries: Summaries) -> None:
    await import_sample(summaries)
    await link_and_opt_out(summaries, PARENT, "Петров Иван")
    set_clock(summaries.clock, "2026-12-12T09:00:00+03:00")  # 2 четверть ends 27.12
    assert summaries.due_forecast(summaries.clock.now()) is None
    set_clock(summaries.clock, "2026-12-13T09:00:00+03:00")
    period = summaries.due_forecast(summaries.clock.now())
    assert period is not None and period.name == "2 четверть"
    await summaries.tick()
    forecasts = [s for s in await summaries_in_outbox(summaries) if s[1].startswith(FORECAST)]
    assert len(forecasts) == 1 and "Прогноз отметок" in forecasts[0][2] and "прогноз «4»" in forecasts[0][2]


def lines(report):
    """The report's two lists as the class teacher reads them, one line per parent."""
    t = I18n().get(None)
    return tuple([views_line(row, t) for row in rows] for rows in report)


async def test_views_report_tells_who_looked_twice(summaries: Summaries) -> None:
    await import_sample(summaries)
    sid = await link_and_opt_out(summaries, PARENT, "Петров Иван")
    now = summaries.clock.now()
    await summaries.viewed(PARENT, sid, "ack")
    checked, unchecked = lines(await summaries.views_report("5А", now - timedelta(days=7), now + timedelta(minutes=1)))
    assert checked == [] and unchecked == [f"• Родитель: #{PARENT}; ученик: Петров Иван; просмотров: 1"]
    await summaries.viewed(PARENT, sid, "open")
    checked, _ = lines(await summaries.views_report("5А", now - timedelta(days=7), now + timedelta(minutes=1)))
    assert checked == [f"• Родитель: #{PARENT}; ученик: Петров Иван; просмотров: 2"]


def test_rules_come_from_the_school_file() -> None:
    school = load_school_config(ROOT / "schools" / "example.toml")
    rules = GradingRules.from_settings(school.grading)
    assert rules.thresholds == (2.5, 3.5, 4.5) and rules.weights["контрольная работа"] == 2.0


async def test_final_marks_are_announced_once_and_na_is_refused(summaries: Summaries) -> None:
    await import_sample(summaries)
    await link_and_opt_out(summaries, PARENT, "Петров Иван")
    text = ("ФИО ученика;Класс;Предмет;Дата;Отметка;Вид работы\n"
            "Петров Иван;5А;Математика;25.12.2026;н/а;Четвертная\n")
    refused = parse_table(read_table(text.encode(), "f.csv"), summaries.rules)
    assert [(e.row, e.key) for e in refused.errors] == [(2, "import-error-final-not-attested")]
    text = ("ФИО ученика;Класс;Предмет;Дата;Отметка;Вид работы\n"
            "Петров Иван;5А;Математика;25.12.2026;4;Четвертная\n"
            "Петров Иван;5А;История;25.12.2026;5;четвертная\n")
    parsed = parse_table(read_table(text.encode(), "f.csv"), summaries.rules)
    assert parsed.errors == [] and not any(m.mark.counts for m in parsed.marks)  # in no average
    await summaries.marks.store(parsed.marks, parsed.absences, source="file", now=summaries.clock.now())
    assert await summaries.announce_finals() == 1
    assert await summaries.announce_finals() == 0
    finals = await summaries.db.fetch_all("SELECT chat_id, payload FROM outbox WHERE dedupe_key LIKE 'final:%'")
    assert len(finals) == 1 and finals[0][0] == PARENT
    body = json.loads(finals[0][1])["text"]
    assert "Итоговые отметки</b>\nУченик: Петров Иван, 5А" in body and "Математика — «4»" in body and "История — «5»" in body
