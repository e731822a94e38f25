"""The ЭлЖур pull through the running bot, against the local fake of the API. The bot's
account is a parent's, related to two of the school's three students. The pull at start
finds no entry for one of them: that student's marks from an earlier pull stay, the other's
are refreshed, the administrators are told once that the pull was partial; the class
teacher learns which student stays on the file import; the parent's /marks shows the pulled
marks; /status says what the account can read."""

from __future__ import annotations

import asyncio
import re
import sqlite3

import pytest

from storage.db import Database
from tests.e2e.harness import BotProcess
from tests.e2e.test_weekly_summary import ADMIN, TEACHER_5A
from tests.fakes.eljur_api import DEVKEY, LOGIN, PASSWORD, VENDOR, EljurFake, mark

pytestmark = pytest.mark.e2e

FRIDAY = "2026-11-20T10:00:00+03:00"
SCHOOL = (("1001", "Петров Иван", "5А"), ("1002", "Сидорова Мария", "5А"), ("1003", "Кузнецов Олег", "5А"))
# What an earlier pull left: a mark of 1001 since removed in ЭлЖур, and 1002's mark.
EARLIER = (("1001", "Математика", "2026-11-19", "2"), ("1002", "Физика", "2026-11-17", "4"))


async def link_parent(teacher, parent, student: str) -> None:  # type: ignore[no-untyped-def]
    """The class teacher invites, the parent follows the invitation as a parent."""
    await teacher.send("/invite")
    await teacher.next_message()
    await teacher.send(student)
    issued = await teacher.wait_for(lambda m: "start=" in m.text)
    invitation = re.search(r"start=(\S+)", issued.text)
    assert invitation, issued.text
    await parent.send("/start " + invitation.group(1))
    await parent.press("✅", partial=True)  # the consent
    await parent.press("Родител", partial=True)
    await parent.next_message()


async def test_a_pull_reaches_the_parents_marks_and_a_partial_answer_deletes_nothing(own_standin, tmp_path):
    journal = EljurFake()
    journal.add_student("1001", "Петров Иван", {
        "Математика": [mark("5", "2026-11-16", weight=2, mtype="Контрольная работа", lesson_comment="Дроби"),
                       mark("4", "2026-11-17"), mark("", "2026-11-18")],
        "История": [mark("Н", "2026-11-18", count=False)],
    })
    journal.add_student("1002", "Сидорова Мария", {"Физика": [mark("5", "2026-11-18")]})
    journal.raw_marks["1002"] = {"students": {}}  # the answer for 1002 lacks 1002's entry
    journal.add_student("1003", "Кузнецов Олег", {"Физика": [mark("3", "2026-11-17")]}, related=False)
    url = await journal.start()
    process = BotProcess(own_standin, tmp_path, extra_env={
        "ELJUR_VENDOR": VENDOR, "ELJUR_DEVKEY": DEVKEY, "ELJUR_LOGIN": LOGIN, "ELJUR_PASSWORD": PASSWORD,
        "ELJUR_API_URL": url})
    process.clock.set(FRIDAY)
    db = await Database(process.database).connect()  # the school's students, as an import leaves them
    ids = {}
    for journal_id, name, klass in SCHOOL:
        ids[journal_id] = await db.execute(
            "INSERT INTO students (full_name, class_name, journal_id, created_at) VALUES (?, ?, ?, ?)",
            (name, klass, journal_id, "2026-11-01T00:00:00+00:00"))
    for journal_id, subject, day, written in EARLIER:
        await db.execute(
            "INSERT INTO marks (student_id, subject, day, written, value, weight, counts, source, imported_at) "
            "VALUES (?, ?, ?, ?, ?, 1, 1, 'eljur', '2026-11-19T12:00:00+00:00')",
            (ids[journal_id], subject, day, written, float(written)))
    await db.close()

    def marks_of(journal_id: str) -> list[tuple[str, str | None]]:
        with sqlite3.connect(process.database) as conn:
            return conn.execute("SELECT m.written, m.lesson_comment FROM marks m JOIN students s "
                                "ON s.id = m.student_id WHERE s.journal_id = ? ORDER BY m.day, m.written",
                                (journal_id,)).fetchall()

    admin = own_standin.user(ADMIN, first_name="Админ", language_code="ru")
    teacher = own_standin.user(TEACHER_5A, first_name="Учитель", language_code="ru")
    mother = own_standin.user(7101, first_name="Ольга", language_code="ru")
    try:
        await process.start(timeout=60)
        listed = await teacher.wait_for("Класс 5А", timeout=15)  # at start: who stays on the file import
        assert "Кузнецов Олег" in listed.text and "Петров" not in listed.text and "/import" in listed.text
        notice = await admin.wait_for("ЭлЖур ответил не по всем ученикам", timeout=15)
        assert "Обновлено учеников: 1" in notice.text and "нет в ответе: 1" in notice.text
        assert await asyncio.to_thread(marks_of, "1001") == [("5", "Дроби"), ("4", None)]  # "2" is gone
        assert await asyncio.to_thread(marks_of, "1002") == [("4", None)]  # kept, not wiped
        assert await asyncio.to_thread(marks_of, "1003") == []
        assert [q["student"] for m, q in journal.requests if m == "getmarks"] == ["1001", "1002"]

        await link_parent(teacher, mother, "Петров Иван")
        await mother.send("/marks")
        summary = await mother.wait_for("Математика", timeout=15)
        # (5·2 + 4·1) / 3: the weight the journal gave, the phantom mark left out
        assert "Петров Иван" in summary.text and "4,67" in summary.text and "Контрольная работа" in summary.text

        await admin.send("/status")
        status = await admin.wait_for("Состояние бота")
        assert "роль учётной записи — родитель; отметки доступны по 2 ученикам из 3 учеников" in status.text
        assert "5А: 1" in status.text and "обновлено учеников — 1, без изменений — 1" in status.text
        assert sum("не по всем ученикам" in m.text for m in admin.messages) == 1
    finally:
        code = await process.stop()
        await journal.stop()
    assert code in (0, -15, None) and "Traceback" not in process.log(), process.log()
