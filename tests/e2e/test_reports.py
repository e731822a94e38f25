"""The monthly report through the real bot: it arrives by itself on the school's day with the
month's figures; people who are not administrators are refused /report and /archive."""

from __future__ import annotations

import asyncio
import io

from openpyxl import load_workbook

from tests.e2e.test_helpdesk import ADMIN, SPECIALIST_A, register, to_confirmation

OCTOBER_TUESDAY = "2026-10-06T14:45:00+03:00"  # Specialist A on duty


async def logged(bot, line: str, timeout: float = 10.0) -> None:
    """Waits until the bot's log has this line."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while line not in bot.log():
        assert loop.time() < deadline, f"not logged in {timeout}s: {line}"
        await asyncio.sleep(0.05)


async def file_request(person, name: str) -> str:
    await register(person)
    await to_confirmation(person, name)
    await person.press("📨 Отправить")
    receipt = await person.wait_for("зарегистрировано")
    return receipt.text.split("№\u00a0")[1].split()[0]


async def test_the_monthly_report_arrives_by_itself_on_the_day(bot, standin):
    first = standin.user(16001, first_name="Ольга", language_code="ru")
    second = standin.user(16002, first_name="Пётр", language_code="ru")
    specialist = standin.user(SPECIALIST_A, first_name="Специалист", language_code="ru")
    admin = standin.user(ADMIN, first_name="Админ", language_code="ru")
    # The specialist opens the bot: on the shared bot an earlier test's cards to a chat never
    # opened may have left it known as unreachable, and the card would go to someone else.
    await specialist.send("/start")
    # October: two requests; one is taken, answered, resolved and rated 4, the other waits.
    bot.clock.set(OCTOBER_TUESDAY)
    number = await file_request(first, "Орлова Ольга Петровна")
    card = await specialist.wait_for(lambda m: number in m.text and "📩" in m.text)
    await specialist.press("✋ Взять", message=card)
    await specialist.press("💬 Ответить", message=card)
    await specialist.wait_for("Напишите ответ")
    await specialist.send("Обновите страницу, пожалуйста")
    await first.wait_for("Обновите страницу")
    await specialist.press("✅ Решено", message=card)
    resolved = await first.wait_for("решённое")
    await first.press("⭐⭐⭐⭐", message=resolved)
    await file_request(second, "Петров Пётр Петрович")

    bot.clock.set("2026-11-15T07:59:00+03:00")  # the school's day is the 15th, at 08:00
    await admin.send("/id")  # a round trip: the ticks at 07:59 have had their chance
    await admin.wait_for("100002")
    assert not [m for m in admin.unread() if "октябрь 2026" in m.text]

    bot.clock.set("2026-11-15T08:00:00+03:00")
    report = await admin.wait_for("октябрь 2026", timeout=20)
    assert report.content_type == "text"  # the text first, then the files
    assert "Поступило 2 обращения, решено — 1, ожидают на конец периода — 1." in report.text
    assert "Средняя оценка: 4,0 (оценок: 1)" in report.text
    assert "Активных участников: 3." in report.text  # two parents and Specialist A
    workbook = await admin.wait_for(lambda m: m.content_type == "document" and "октябрь 2026" in m.text, timeout=20)
    chart = await admin.wait_for(lambda m: m.content_type == "photo" and "октябрь 2026" in m.text, timeout=20)
    assert admin.download(chart).startswith(b"\x89PNG")
    book = load_workbook(io.BytesIO(admin.download(workbook)))
    summary = {row[0]: row[1] for row in book["Сводка"].iter_rows(min_row=3, values_only=True)}
    assert (summary["Поступило обращений"], summary["Решено обращений"], summary["Ожидают на конец периода"]) == (
        2, 1, 1)
    assert summary["Средняя оценка"] == 4
    roles = {row[0]: row[1] for row in book["Активность"].iter_rows(min_row=3, values_only=True)}
    assert roles == {"Родители": 2, "Специалисты": 1, "Итого": 3}
    times = list(book["Сроки"].iter_rows(min_row=3, values_only=True))
    assert times[0][:2] == ("До первого ответа", 1) and times[1][:2] == ("До решения", 1)

    # Once a month: later ticks and the next day send nothing more.
    bot.clock.set("2026-11-16T09:00:00+03:00")
    await admin.send("/id")
    await admin.wait_for("100002")
    assert not [m for m in admin.unread() if "октябрь 2026" in m.text]
    await logged(bot, "report monthly 2026-10 made and sent")  # the run ends after the head's files too
    assert bot.log().count("report monthly 2026-10 made and sent") == 1

    # On demand: any month, and the register's archive of a year.
    await admin.send("/report 2026-10")
    again = await admin.wait_for("октябрь 2026", timeout=20)
    assert "Поступило 2 обращения" in again.text
    await admin.wait_for(lambda m: m.content_type == "document" and "октябрь 2026" in m.text, timeout=20)
    await admin.wait_for(lambda m: m.content_type == "photo" and "октябрь 2026" in m.text, timeout=20)
    await admin.send("/archive 2026")
    archive = await admin.wait_for("Годовой архив журнала", timeout=20)
    assert "2026 год" in archive.text
    pdf = await admin.wait_for(lambda m: m.content_type == "document" and "для печати и подписи" in m.text, timeout=20)
    assert admin.download(pdf).startswith(b"%PDF")
    copy = await admin.wait_for(lambda m: m.content_type == "document" and "электронная копия" in m.text, timeout=20)
    rows = list(load_workbook(io.BytesIO(admin.download(copy))).active.iter_rows(min_row=3, values_only=True))
    assert number in [row[0] for row in rows]


async def test_people_who_are_not_administrators_are_refused_reports(bot, standin):
    parent = standin.user(16003, first_name="Инна", language_code="ru")
    specialist = standin.user(SPECIALIST_A, first_name="Специалист", language_code="ru")
    await register(parent)
    for person in (parent, specialist):
        for command in ("/report", "/report 2026-10", "/archive 2025"):
            await person.send(command)
            refusal = await person.wait_for("Отчёты доступны только администрации.")
            assert refusal.content_type == "text"
    assert not [m for m in parent.unread() + specialist.unread() if m.content_type in ("document", "photo")]
    log = bot.log()
    assert "/report refused: chat 16003 is not an administrator" in log
    assert f"/archive refused: chat {SPECIALIST_A} is not an administrator" in log
