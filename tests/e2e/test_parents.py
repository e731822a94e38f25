"""A class teacher invites, a parent follows the link through consent and is linked; the code works once."""

from __future__ import annotations

import re

from tests.e2e.test_helpdesk import register

CLASS_TEACHER_5A = 300001


async def test_invitation_links_a_new_parent_once(bot, standin):
    teacher = standin.user(CLASS_TEACHER_5A, first_name="Учитель", language_code="ru")
    await teacher.send("/invite")
    await teacher.wait_for("ФИО ученика")
    await teacher.send("Зайцев Миша")
    issued = await teacher.wait_for("Приглашение для родителя")
    assert "5А" in issued.text and "https://t.me/school_helpdesk_bot?start=" in issued.text
    code = re.search(r"start=(\S+)", issued.text).group(1)

    mother = standin.user(6001, first_name="Светлана", language_code="ru")
    await mother.send(f"/start {code}")
    await mother.press("✅ Даю согласие")
    await mother.press("Родитель")
    linked = await mother.wait_for("связь установлена")
    assert "Зайцев Миша" in linked.text and "5А" in linked.text
    await mother.send("/children")
    assert "Зайцев Миша, 5А" in (await mother.wait_for("Ваши дети")).text

    stranger = standin.user(6002, first_name="Некто", language_code="ru")
    await register(stranger)
    await stranger.send(f"/link {code}")
    await stranger.wait_for("уже использовано")
    await stranger.send("/children")
    await stranger.wait_for("не связаны")


async def test_only_class_teachers_and_administrators_invite(bot, standin):
    parent = standin.user(6003, first_name="Папа", language_code="ru")
    await parent.send("/invite")
    await parent.wait_for("выдают классные руководители")



async def test_class_teacher_keeps_the_register_of_parents_who_declined_the_web_diary(bot, standin):
    teacher = standin.user(300002, first_name="Учитель 9Б", language_code="ru")
    await teacher.send("/optout")
    await teacher.wait_for("ФИО ученика")
    await teacher.send("Морозова Дарья")
    await teacher.wait_for("ФИО родителя")
    await teacher.send("Морозов Олег Петрович")
    await teacher.wait_for("Дата письменного заявления")
    await teacher.send("31.12.2026")  # after "today" (24.11.2026): refused, the answers so far kept
    await teacher.wait_for("не позже сегодняшнего дня")
    await teacher.send("20.11.2026")
    await teacher.press("Распечатка (бумага)")
    saved = await teacher.wait_for("записано в реестр")
    assert "Ученик: Морозова Дарья, 9Б" in saved.text and "Дата заявления: 20.11.2026" in saved.text
    assert "Форма информирования: распечатка" in saved.text  # not the button's capitalised label

    await teacher.send("/optouts")
    listing = await teacher.wait_for("Реестр отказавшихся")
    assert ("9Б, ученик: Морозова Дарья; родитель: Морозов Олег Петрович; заявление от 20.11.2026; распечатка"
            in listing.text)

    other = standin.user(CLASS_TEACHER_5A, first_name="Учитель 5А", language_code="ru")
    for _ in other.unread():
        await other.next_message()  # earlier tests' messages to this teacher
    await other.send("/optouts")
    answer = await other.wait_for(lambda m: "Реестр отказавшихся" in m.text or "никого нет" in m.text)
    assert "Морозова" not in answer.text  # a class teacher sees their own class only
