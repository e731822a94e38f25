"""Every text fits Telegram, and every chat is paced: long follow-ups, long captions, a very
full week, a large class's list, a long list of a file's errors all arrive (in parts, cut
between lines, never inside a tag), and a burst of cards to one chat draws no 429 from a
stand-in with Telegram's limits."""

from __future__ import annotations

import asyncio
import sqlite3

import pytest

from storage.db import Database
from tests.e2e.harness import BotProcess
from tests.e2e.test_helpdesk import SPECIALIST_A, register, to_confirmation

pytestmark = pytest.mark.e2e

CLASS_TEACHER_5A = 300001
ADMIN = 100002
SATURDAY_NOON = "2026-11-21T12:00:05+03:00"


def everything(person, since: int = 0) -> str:
    """All the text a person has been shown since message `since`, parts joined."""
    return "\n".join(m.text for m in person.messages if m.message_id > since)


async def taken_request(standin, parent_id: int, name: str):
    parent = standin.user(parent_id, first_name="Родитель", language_code="ru")
    specialist = standin.user(SPECIALIST_A, first_name="Специалист", language_code="ru")
    await register(parent)
    await to_confirmation(parent, name)
    await parent.press("📨 Отправить")
    number = (await parent.wait_for("зарегистрировано")).text.split("№\u00a0")[1].split()[0]
    card = await specialist.wait_for(lambda m: number in m.text and "📩" in m.text)
    await specialist.press("✋ Взять", message=card)
    await parent.wait_for("взял в работу")
    return parent, specialist, number


async def test_a_follow_up_of_4096_characters_reaches_the_specialist(bot, standin):
    parent, specialist, number = await taken_request(standin, 5101, "Белова Вера Петровна")
    lines = [f"Строка {n:03d}: на странице оценок <нет> данных & ничего не грузится." for n in range(200)]
    text = "\n".join(lines)[:4090].rsplit("\n", 1)[0]
    text += "\n" + "К" * (4096 - len(text) - 1 - 5) + " ВСЁ."
    assert len(text) == 4096  # Telegram's most; the relay's header makes it longer
    before = specialist.messages[-1].message_id
    await parent.send(text)
    await specialist.wait_for(lambda m: m.text.endswith("ВСЁ."), timeout=10)
    relayed = everything(specialist, before)
    assert number in relayed
    for line in lines[:5]:
        assert line in relayed  # people's words arrive as written, "<нет>" and "&" too


async def test_a_photo_with_a_caption_of_990_characters_is_relayed(bot, standin):
    parent, specialist, number = await taken_request(standin, 5102, "Громова Галина Юрьевна")
    caption = ("Скриншот ошибки: " + "страница не открывается, " * 40)[:980] + " КОНЕЦ."
    assert len(caption) > 985
    before = specialist.messages[-1].message_id
    await parent.send_photo(caption=caption)
    photo = await specialist.wait_for(lambda m: m.content_type == "photo", timeout=10)
    assert number in photo.text
    await specialist.wait_for(lambda m: m.text.endswith("КОНЕЦ."), timeout=10)
    relayed = everything(specialist, before)
    assert "Скриншот ошибки" in relayed
    assert relayed.count("страница не открывается") == caption.count("страница не открывается")


async def test_a_rejected_marks_file_with_a_long_list_of_errors_is_answered(bot, standin):
    teacher = standin.user(CLASS_TEACHER_5A, first_name="Учитель", language_code="ru")
    await teacher.send("/import")
    await teacher.wait_for("Отправьте файл")
    await teacher.wait_for(lambda m: m.content_type == "document")  # the sample to fill in
    # A file exported with the wrong template: forty columns nobody knows, each named at length.
    unknown = [f"Непонятная колонка номер {n:02d} из выгрузки другой программы, " + "очень подробно " * 6
               for n in range(40)]
    header = ";".join(["ФИО ученика", "Класс", "Предмет", "Дата", "Отметка", *unknown])
    data = (header + "\n" + "Петров Иван;5А;Физика;16.11.2026;5" + ";" * 40 + "\n").encode()
    before = teacher.messages[-1].message_id if teacher.messages else 0
    await teacher.send_document(data, "long-errors.csv", mime_type="text/csv")
    for _ in range(100):  # the answer's last line, "…отправьте его снова…", ends it, in one part or more
        if "отправьте его снова" in everything(teacher, before):
            break
        await asyncio.sleep(0.1)
    answer = everything(teacher, before)
    assert answer.startswith("Файл не принят") and answer.rstrip().endswith("пока ничего не записано."), answer
    assert all(f"номер {n:02d}" in answer for n in range(10))  # the first ten named; the rest "…"
    await teacher.send("/cancel")


def _seed_full_week_and_large_class(database, mother: int, parents: int) -> None:
    """One student whose week is very full (20 subjects, 10 marks each, long kinds of work) with
    a linked mother; and `parents` more linked parents in 5А for the class teacher's list."""
    now = "2026-11-01T00:00:00+00:00"
    db = sqlite3.connect(database)
    with db:
        db.execute("INSERT INTO students (id, full_name, class_name, created_at) VALUES (1, 'Петров Иван', '5А', ?)",
                   (now,))
        students = [(100 + n, f"Ученица{n:03d} Константинопольская", "5А", now) for n in range(parents)]
        db.executemany("INSERT INTO students (id, full_name, class_name, created_at) VALUES (?, ?, ?, ?)", students)
        people = [(mother, "Петрова Ольга Сергеевна")] + [
            (900000 + n, f"Константинопольская-Преображенская Анастасия {n:03d}") for n in range(parents)]
        db.executemany(
            "INSERT INTO users (telegram_id, language, consent_at, consent_version, role, full_name, created_at, "
            "updated_at) VALUES (?, 'ru', ?, '2026-11', 'parent', ?, ?, ?)",
            [(tid, now, name, now, now) for tid, name in people])
        links = [(mother, 1)] + [(900000 + n, 100 + n) for n in range(parents)]
        db.executemany("INSERT INTO links (telegram_id, student_id, relation, linked_at) VALUES (?, ?, 'parent', ?)",
                       [(tid, sid, now) for tid, sid in links])
        db.executemany(
            "INSERT INTO diary_optouts (student_id, parent_name, application_date, channel, recorded_by, recorded_at) "
            "VALUES (?, 'Родитель', '2026-09-01', 'telegram', 300001, ?)", [(sid, now) for _, sid in links])
        # The class's other parents have no chat with the bot here: their summaries are not sent.
        db.executemany("INSERT INTO unreachable (telegram_id, since) VALUES (?, ?)",
                       [(900000 + n, now) for n in range(parents)])
        marks = []
        for s in range(20):
            for k in range(10):
                marks.append((1, f"Предмет {s:02d}", f"2026-11-{16 + k % 5}", k + 1, "5" if k % 2 else "4",
                              5.0 if k % 2 else 4.0, f"Контрольная работа по теме «Дроби и проценты» № {k}", now))
        db.executemany(
            "INSERT INTO marks (student_id, subject, day, lesson, written, value, weight, counts, kind_of_work, "
            "source, imported_at) VALUES (?, ?, ?, ?, ?, ?, 1, 1, ?, 'file', ?)", marks)
    db.close()


async def test_a_very_full_week_and_a_large_class_list_are_delivered(own_standin, tmp_path):
    process = BotProcess(own_standin, tmp_path)
    await (await Database(process.database).connect()).close()  # the bot's own migrations
    mother = own_standin.user(7101, first_name="Ольга", language_code="ru")
    teacher = own_standin.user(CLASS_TEACHER_5A, first_name="Учитель", language_code="ru")
    own_standin.user(ADMIN, first_name="Админ", language_code="ru")
    _seed_full_week_and_large_class(process.database, mother.id, parents=150)
    process.clock.set(SATURDAY_NOON)
    await process.start()
    try:
        await mother.wait_for("Успеваемость", timeout=15)
        last = await mother.wait_for(lambda m: "Ознакомлен" in str(m.buttons), timeout=15)
        summary = everything(mother)
        assert len(summary) > 4096
        assert "Предмет 00" in summary and "Предмет 19" in summary and "Нажмите «Ознакомлен(а)»" in last.text
        assert summary.count("Контрольная работа по теме") == 200  # nothing cut off
        await mother.press("✅ Ознакомлен(а)", message=last)
        assert mother.last_callback_answer == "Спасибо, отмечено."

        await teacher.wait_for("родители и отметки", timeout=15)
        await teacher.wait_for(lambda m: "Ученица149" in m.text, timeout=15)
        listing = everything(teacher)
        assert len(listing) > 4096 and all(f"Ученица{n:03d}" in listing for n in range(150))
    finally:
        await process.stop()
    log = process.log()
    assert "can't parse entities" not in log and "too long" not in log and "rejected" not in log, log


def _seed_blocked_parents(database, first: int, parents: int) -> None:
    """`parents` linked parents in 5А, each with a summary due on Saturday."""
    now = "2026-11-01T00:00:00+00:00"
    db = sqlite3.connect(database)
    with db:
        db.executemany("INSERT INTO students (id, full_name, class_name, created_at) VALUES (?, ?, '5А', ?)",
                       [(10 + n, f"Ученик{n:02d} Тестов", now) for n in range(parents)])
        db.executemany(
            "INSERT INTO users (telegram_id, language, consent_at, consent_version, role, created_at, updated_at) "
            "VALUES (?, 'ru', ?, '2026-11', 'parent', ?, ?)", [(first + n, now, now, now) for n in range(parents)])
        db.executemany("INSERT INTO links (telegram_id, student_id, relation, linked_at) VALUES (?, ?, 'parent', ?)",
                       [(first + n, 10 + n, now) for n in range(parents)])
        db.executemany(
            "INSERT INTO diary_optouts (student_id, parent_name, application_date, channel, recorded_by, recorded_at) "
            "VALUES (?, 'Родитель', '2026-09-01', 'telegram', 300001, ?)", [(10 + n, now) for n in range(parents)])
        db.executemany(
            "INSERT INTO marks (student_id, subject, day, written, value, weight, counts, source, imported_at) "
            "VALUES (?, 'Математика', '2026-11-17', '5', 5, 1, 1, 'file', ?)", [(10 + n, now) for n in range(parents)])
    db.close()


async def test_a_burst_of_notices_to_one_chat_draws_no_429_under_telegrams_limits(own_standin, tmp_path):
    """Eight parents of one class have blocked the bot: on Saturday the class teacher gets eight
    notices at once. Under Telegram's limits (3 at once, then 1 a second) none is refused."""
    process = BotProcess(own_standin, tmp_path, extra_env={"PER_CHAT_RATE": "1", "PER_CHAT_BURST": "3"})
    await (await Database(process.database).connect()).close()
    parents = 8
    _seed_blocked_parents(process.database, 8100, parents)
    for n in range(parents):
        own_standin.user(8100 + n)
        own_standin.block(8100 + n)
    teacher = own_standin.user(CLASS_TEACHER_5A, first_name="Учитель", language_code="ru")
    own_standin.user(ADMIN, first_name="Админ", language_code="ru")
    own_standin.rate_limits.enable(global_per_second=30, per_chat_per_second=1, per_chat_burst=3)
    process.clock.set(SATURDAY_NOON)
    await process.start()
    try:
        for _ in range(200):
            if sum("заблокировал" in m.text for m in teacher.messages) >= parents:
                break
            await asyncio.sleep(0.1)
        assert sum("заблокировал" in m.text for m in teacher.messages) == parents
        assert own_standin.too_many_requests == 0, dict(own_standin.stats)
    finally:
        own_standin.rate_limits.disable()
        await process.stop()
    assert "too long" not in process.log()
