"""Announcements through the real bot: an administrator's announcement to the parents of a class
reaches exactly them, once, after a preview and a confirmation; a parent who muted the kind
gets nothing; a non-administrator is refused politely, and the refusal is logged."""

from __future__ import annotations

import asyncio
import sqlite3

from tests.e2e.test_helpdesk import ADMIN, register
from tests.e2e.test_weekly_summary import follow, invite

TEACHER_5A, TEACHER_9B = 300001, 300002
TEXT = "Вторая четверть заканчивается 27 декабря, итоговые отметки будут в ЭлЖур 29 декабря"


def parents_of(database, class_name: str) -> set[int]:
    with sqlite3.connect(database) as conn:
        return {r[0] for r in conn.execute(
            "SELECT l.telegram_id FROM links l JOIN students s ON s.id = l.student_id "
            "WHERE l.relation = 'parent' AND s.class_name = ?", (class_name,))}


def received(person) -> int:
    return sum(TEXT in m.text for m in person.messages)


async def test_announcement_to_the_parents_of_a_class_reaches_exactly_them_once(bot, standin):
    admin = standin.user(ADMIN, first_name="Админ", language_code="ru")
    mother = standin.user(7201, first_name="Марина", language_code="ru")
    father = standin.user(7202, first_name="Олег", language_code="ru")
    other_class = standin.user(7203, first_name="Ирина", language_code="ru")
    no_child = standin.user(7204, first_name="Пётр", language_code="ru")
    await follow(mother, await invite(standin.user(TEACHER_5A), "Лебедев Артём"))
    await follow(father, await invite(standin.user(TEACHER_5A), "Лебедева Ксения"))
    await follow(other_class, await invite(standin.user(TEACHER_9B), "Орлов Глеб"))
    await register(no_child)

    # the father does not want announcements of this kind
    await father.send("/announcements")
    settings = await father.wait_for("Объявления школы")
    assert "обязательные" in settings.text  # the training and the timetable cannot be muted
    await father.press("🔕 Отключить: Окончание учебного периода", message=settings)
    await father.wait_for(lambda m: "Окончание учебного периода: отключены" in m.text)

    # a non-administrator is refused, politely, and the refusal is logged
    await no_child.send("/announce")
    await no_child.wait_for("доступно только администрации")
    for _ in range(50):
        if f"/announce refused: chat {no_child.id}" in bot.log():
            break
        await asyncio.sleep(0.05)
    assert f"/announce refused: chat {no_child.id}" in bot.log()

    await admin.send("/announce")
    await admin.press("Окончание учебного периода")
    await admin.press("Родители учеников класса")
    await admin.wait_for("Напишите класс")
    await admin.send("5 а")
    await admin.wait_for("Отправьте текст объявления")
    await admin.send(TEXT)
    preview = await admin.wait_for(TEXT)
    assert "Объявление: окончание учебного периода" in preview.text
    confirm = await admin.wait_for("Будет отправлено")
    assert "Получатели: Родители учеников класса: 5А" in confirm.text
    expected = parents_of(bot.database, "5А") - {father.id}
    assert {mother.id, father.id} <= parents_of(bot.database, "5А") and other_class.id not in expected
    assert f"Будет отправлено: {len(expected)} " in confirm.text and "Отключили объявления этого вида: 1 человек" in confirm.text
    assert received(mother) == 0, "nothing goes before the confirmation"

    await admin.press("📣 Отправить", message=confirm)
    await admin.wait_for("поставлено в очередь")
    done = await admin.wait_for(lambda m: "✅ Объявление разослано" in m.text, timeout=15)
    assert f"доставлено {len(expected)} из {len(expected)}" in done.text
    progress = [m for m in admin.messages if "Объявление рассылается" in m.text or "Объявление разослано" in m.text]
    assert progress == [done]  # one progress message, edited

    got = await mother.wait_for(TEXT)
    assert "Объявление: окончание учебного периода" in got.text
    with sqlite3.connect(bot.database) as conn:
        rows = conn.execute("SELECT chat_id, status FROM outbox WHERE purpose = 'announcement' AND batch = "
                            "(SELECT 'announcement:' || MAX(id) FROM announcements)").fetchall()
    assert sorted(chat for chat, _ in rows) == sorted(expected) and {s for _, s in rows} == {"sent"}
    assert received(mother) == 1
    for person in (father, other_class, no_child):
        assert received(person) == 0, person.id

    # the button under the announcement mutes its kind for the reader
    await mother.press("🔕 Не получать такие объявления", message=got)
    assert "больше не будут приходить" in (mother.last_callback_answer or "")
    with sqlite3.connect(bot.database) as conn:
        assert conn.execute("SELECT kind FROM announcement_mutes WHERE telegram_id = ?",
                            (mother.id,)).fetchall() == [("period_end",)]


async def test_an_obligatory_announcement_with_a_file_reaches_the_specialists_without_a_mute_button(
    own_bot, own_standin
):
    # A bot of its own: specialists who never opened the bot are marked unreachable by this
    # announcement, and the shared bot's routing would then skip them in other tests.
    standin = own_standin
    admin = standin.user(ADMIN, first_name="Админ", language_code="ru")
    specialist = standin.user(200001, first_name="Специалист", language_code="ru")
    await admin.send("/announce")
    await admin.press("Обучение сотрудников")
    await admin.press("Специалисты")
    await admin.wait_for("Отправьте текст объявления")
    await admin.send_document(b"%PDF-1.4 plan", "plan.pdf", caption="План обучения на третью четверть")
    preview = await admin.wait_for(lambda m: m.content_type == "document" and "План обучения" in m.text)
    assert "Объявление: обучение сотрудников" in preview.text
    confirm = await admin.wait_for("Будет отправлено")
    await admin.press("📣 Отправить", message=confirm)
    got = await specialist.wait_for(lambda m: m.content_type == "document" and "План обучения" in m.text)
    assert specialist.download(got) == b"%PDF-1.4 plan"
    assert got.buttons == []  # obligatory: nobody can mute it
    await admin.wait_for(lambda m: "✅ Объявление разослано" in m.text, timeout=15)
