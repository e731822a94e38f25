"""The weekly summary as people meet it: a class teacher invites a parent, records the refusal
of the web diary and imports the marks; on Saturday at noon the parent gets the summary.
A parent without a link gets nothing; a blocked chat sends the class teacher a notice; a
restart in the middle of a run sends nothing twice."""

from __future__ import annotations

import asyncio
import re

import pytest

from bench.seed import seed_parents
from storage.db import Database
from tests.e2e.harness import ROOT, BotProcess
from tests.e2e.test_helpdesk import register

pytestmark = pytest.mark.e2e

TEACHER_5A = 300001
ADMIN = 100002
FRIDAY = "2026-11-20T10:00:00+03:00"
SATURDAY_NOON = "2026-11-21T12:00:05+03:00"
SAMPLE = ROOT / "samples" / "marks-example.csv"


async def invite(teacher, student: str) -> str:
    await teacher.send("/invite")
    await teacher.wait_for("ФИО ученика")
    await teacher.send(student)
    issued = await teacher.wait_for("Приглашение для родителя")
    invitation = re.search(r"start=(\S+)", issued.text)
    assert invitation, issued.text
    return invitation.group(1)


async def follow(parent, code: str) -> None:
    await parent.send(f"/start {code}")
    await parent.press("✅ Даю согласие")
    await parent.press("Родитель")
    await parent.wait_for("связь установлена")


async def opt_out(teacher, student: str, parent_name: str) -> None:
    await teacher.send("/optout")
    await teacher.wait_for("ФИО ученика")
    await teacher.send(student)
    await teacher.wait_for("ФИО родителя")
    await teacher.send(parent_name)
    await teacher.wait_for("Дата письменного заявления")
    await teacher.send("02.09.2026")
    await teacher.press("Через этого бота")
    await teacher.wait_for("Заявление записано в реестр")


@pytest.mark.school_clock(FRIDAY)
async def test_the_weekly_summary_reaches_the_linked_parent_only(own_bot, own_standin):
    standin = own_standin
    admin = standin.user(ADMIN, first_name="Админ", language_code="ru")
    teacher = standin.user(TEACHER_5A, first_name="Учитель", language_code="ru")
    mother = standin.user(7001, first_name="Ольга", language_code="ru")
    father = standin.user(7002, first_name="Павел", language_code="ru")
    stranger = standin.user(7003, first_name="Некто", language_code="ru")

    await follow(mother, await invite(teacher, "Петров Иван"))
    await follow(father, await invite(teacher, "Сидорова Мария"))
    await register(stranger)
    await opt_out(teacher, "Петров Иван", "Петрова Ольга Сергеевна")
    await opt_out(teacher, "Сидорова Мария", "Сидоров Павел Андреевич")

    await teacher.send("/import")
    asked = await teacher.wait_for("Отправьте файл")
    assert "samples/" not in asked.text  # the sample comes as a file, not as a path in the repository
    sample = await teacher.wait_for(lambda m: m.content_type == "document")
    assert teacher.download(sample) == SAMPLE.read_bytes() and "Образец" in sample.text
    await teacher.send_document("ФИО ученика;Класс;Предмет;Дата;Отметка\nПетров Иван;5А;Физика;16.11.2026;9\n".encode(),
                                "bad.csv", mime_type="text/csv")
    refused = await teacher.wait_for("Файл не принят")
    assert "Строка 2:" in refused.text and "«9»" in refused.text
    await teacher.send_document(SAMPLE.read_bytes(), "marks-example.csv", mime_type="text/csv")
    accepted = await teacher.wait_for("Файл принят")
    assert "Новых отметок: 11, новых пропусков: 4" in accepted.text
    await teacher.send("/import")
    await teacher.send_document(SAMPLE.read_bytes(), "marks-example.csv", mime_type="text/csv")
    assert "Новых отметок: 0, новых пропусков: 0, уже были в базе: 15" in (await teacher.wait_for("Файл принят")).text

    standin.block(father.id)
    own_bot.clock.set(SATURDAY_NOON)
    summary = await mother.wait_for("Успеваемость", timeout=15)
    assert "Ученик: Петров Иван, 5А" in summary.text
    assert "Математика: средний балл 4,29 (за неделю: +0,29), прогноз «4»" in summary.text
    assert "Русский язык: средний балл 4,67" in summary.text
    assert "нужно не меньше 3 отметок; сейчас отметок: 2" in summary.text
    assert "с начала четверти" in summary.text and "Опоздания (оп): 1" in summary.text
    notice = await teacher.wait_for("заблокировал бота", timeout=15)
    assert "Сидорова Мария" in notice.text
    await teacher.send("/printout")
    printout = await teacher.wait_for(lambda m: m.content_type == "document", timeout=15)
    assert printout.document.startswith(b"%PDF") and "Учеников в распечатке: 1" in printout.text
    progress = await admin.wait_for(lambda m: "Еженедельные сводки" in m.text, timeout=15)
    for _ in range(100):  # one message, edited until the run is over
        if progress.text.startswith("✅"):
            break
        await asyncio.sleep(0.1)
    assert progress.text.startswith("✅") and "отправлены: 1 из 2" in progress.text
    assert "Заблокировали бота: 1" in progress.text
    assert sum("Еженедельные сводки" in m.text for m in admin.messages) == 1

    await mother.press("✅ Ознакомлен(а)")
    assert mother.last_callback_answer == "Спасибо, отмечено."
    await mother.press("📊 График")
    chart = await mother.wait_for(lambda m: m.content_type == "photo", timeout=15)
    assert chart.photo and chart.photo.startswith(b"\x89PNG")

    await asyncio.sleep(1.0)  # a few more ticks: nothing is sent again
    assert [m.text for m in mother.messages].count(summary.text) == 1
    assert not any("Успеваемость" in (m.text or "") for m in stranger.messages)


async def test_a_restart_in_the_middle_of_a_run_sends_nothing_twice(own_standin, tmp_path):
    parents = 24
    process = BotProcess(own_standin, tmp_path, extra_env={"OUTBOX_RATE": "6"})
    await (await Database(process.database).connect()).close()  # the bot's own migrations
    seed_parents(process.database, parents)
    people = [own_standin.user(8000 + n, first_name=f"Родитель{n}", language_code="ru") for n in range(parents)]
    process.clock.set(SATURDAY_NOON)
    await process.start()

    def received() -> list[int]:
        return [sum("Успеваемость" in (m.text or "") for m in p.messages) for p in people]

    for _ in range(200):
        if sum(received()) >= parents // 3:
            break
        await asyncio.sleep(0.05)
    assert 0 < sum(received()) < parents, "the run should be stopped in its middle"
    await process.stop()
    await process.start()
    for _ in range(300):
        if all(received()):
            break
        await asyncio.sleep(0.05)
    await process.stop()
    assert received() == [1] * parents
    assert "Traceback" not in process.log(), process.log()
