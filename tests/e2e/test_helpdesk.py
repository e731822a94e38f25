"""The help desk as parents, specialists and administrators meet it, through the real bot."""

from __future__ import annotations

import asyncio
import io

from openpyxl import load_workbook

from tests.e2e.conftest import TUESDAY_DURING_SLOT

SPECIALIST_A, SPECIALIST_B, SPECIALIST_E, ADMIN = 200001, 200002, 200005, 100002


async def register(person, role: str = "Родитель") -> None:
    await person.send("/start")
    await person.press("✅ Даю согласие")
    await person.press(role)
    await person.wait_for("Роль:")


async def to_confirmation(person, name: str, *, klass: str = "5А", problem: str = "Не открывается электронный дневник",
                          area: str = "Техническая поддержка", photo: bool = False) -> None:
    await person.send("/new")
    await person.press("Вопрос или проблема с журналом")
    await person.press("Вопрос")
    await person.press(area)
    await person.wait_for("фамилию")
    await person.send(name)
    await person.wait_for("класс")
    await person.send(klass)
    await person.wait_for("Опишите")
    await person.send(problem)
    await person.wait_for("Готово")
    if photo:
        await person.send_photo()
        await person.wait_for("Вложение принято")
    await person.press("Готово ➡️")
    await person.wait_for("Проверьте обращение")


async def test_tuesday_request_reaches_the_specialist_on_duty_and_goes_both_ways(bot, standin):
    parent = standin.user(5001, first_name="Анна", language_code="ru")
    specialist = standin.user(SPECIALIST_A, first_name="Специалист", language_code="ru")
    await register(parent)
    await to_confirmation(parent, "Кузнецова Анна Сергеевна", photo=True)
    await parent.press("📨 Отправить")
    receipt = await parent.wait_for("зарегистрировано")
    number = receipt.text.split("№\u00a0")[1].split()[0]
    assert "Специалист А. А." in receipt.text and "каб.\u00a013" in receipt.text

    card = await specialist.wait_for(lambda m: number in m.text and "📩" in m.text)
    assert "Кузнецова Анна Сергеевна" in card.text and "5А" in card.text
    screenshot = await specialist.wait_for(lambda m: m.content_type == "photo")
    assert number in screenshot.text

    await specialist.press("✋ Взять", message=card)
    await parent.wait_for("взял в работу")
    await specialist.press("💬 Ответить", message=card)
    await specialist.wait_for("Напишите ответ")
    await specialist.send_photo(caption="Нажмите <Обновить> вверху страницы")
    answer = await parent.wait_for(lambda m: m.content_type == "photo")
    assert "<Обновить>" in answer.text and number in answer.text

    thanks = await parent.send("Спасибо, получилось!")
    relayed = await specialist.wait_for("Спасибо, получилось!")
    assert number in relayed.text
    assert await parent.wait_for_reaction(thanks) == ["👌"]  # confirmed by a reaction, not a message

    await specialist.press("✅ Решено", message=card)
    resolved = await parent.wait_for("решённое")
    await parent.press("⭐⭐⭐⭐⭐", message=resolved)
    assert "5 из 5" in (parent.last_callback_answer or "")


async def test_sunday_evening_request_waits_and_reaches_the_specialist_when_the_slot_opens(bot, standin):
    bot.clock.set("2026-11-22T20:00:00+03:00")
    parent = standin.user(5002, first_name="Ольга", language_code="ru")
    specialist = standin.user(SPECIALIST_E, first_name="Специалист", language_code="ru")
    await register(parent)
    await to_confirmation(parent, "Смирнова Ольга Игоревна")
    await parent.press("📨 Отправить")
    receipt = await parent.wait_for("зарегистрировано")
    number = receipt.text.split("№\u00a0")[1].split()[0]
    assert "Сейчас консультаций нет" in receipt.text
    assert "Специалист Д. Д." in receipt.text and "Пн, 23.11.2026, 14:30–16:00, каб.\u00a014" in receipt.text

    bot.clock.set("2026-11-23T14:29:00+03:00")
    for message in specialist.unread():
        assert number not in message.text, "the card must wait for the slot"
    bot.clock.set("2026-11-23T14:30:00+03:00")
    card = await specialist.wait_for(lambda m: number in m.text and "📩" in m.text)
    assert "Смирнова Ольга Игоревна" in card.text


async def test_a_card_nobody_takes_is_escalated_to_the_administrators(bot, standin):
    parent = standin.user(5003, first_name="Ирина", language_code="ru")
    admin = standin.user(ADMIN, first_name="Админ", language_code="ru")
    specialist = standin.user(SPECIALIST_A, first_name="Специалист", language_code="ru")
    await register(parent)
    await to_confirmation(parent, "Волкова Ирина Павловна", problem="Не видно оценок <за четверть> & <b>итоговых")
    await parent.press("📨 Отправить")
    number = (await parent.wait_for("зарегистрировано")).text.split("№\u00a0")[1].split()[0]
    first = await specialist.wait_for(lambda m: number in m.text and "📩" in m.text)
    assert "Не видно оценок <за четверть> & <b>итоговых" in first.text  # people's words arrive as written
    bot.clock.set("2026-11-24T15:01:00+03:00")  # 16 minutes later, nobody pressed Take
    card = await admin.wait_for(lambda m: number in m.text and "📩" in m.text)
    assert "Передано дальше" in card.text
    moved = await parent.wait_for("передано администраторам")  # the requester hears where it went
    assert number in moved.text
    await admin.press("✋ Взять", message=card)
    assert "ваше" in (admin.last_callback_answer or "")
    await parent.wait_for("взял в работу")


async def test_a_substitute_receives_the_absent_specialists_request(bot, standin):
    bot.clock.set("2026-12-01T14:45:00+03:00")  # a Tuesday: only A's slot is on, and B stands in for A
    admin = standin.user(ADMIN, first_name="Админ", language_code="ru")
    substitute = standin.user(SPECIALIST_B, first_name="Специалист", language_code="ru")
    await admin.send("/substitute")
    absent = await admin.wait_for("Кто отсутствует")  # its own message: older ones have the same buttons
    await admin.press("Специалист А. А.", message=absent)
    chosen = await admin.wait_for("Кто замещает")
    await admin.press("Специалист Б. Б.", message=chosen)
    days = await admin.wait_for("На сколько дней")
    await admin.press("1 день", message=days)
    saved = await admin.wait_for("Замена")
    assert "01.12.2026–01.12.2026" in saved.text
    await substitute.wait_for("Вы замещаете")

    parent = standin.user(5004, first_name="Мария", language_code="ru")
    await register(parent)
    await to_confirmation(parent, "Орлова Мария Андреевна")
    await parent.press("📨 Отправить")
    receipt = await parent.wait_for("зарегистрировано")
    assert "Специалист Б. Б." in receipt.text
    card = await substitute.wait_for(lambda m: "Орлова Мария Андреевна" in m.text and "📩" in m.text)
    assert "Вы замещаете: Специалист А. А." in card.text

    # A is back: the administrator cancels the substitution from the same command.
    await admin.send("/substitute")
    await admin.wait_for("Кто отсутствует")
    running = await admin.wait_for("Замены сейчас и впереди")
    button = "❌ 01.12.2026–01.12.2026: Специалист А. А. → Специалист Б. Б."
    await asyncio.gather(admin.press(button, message=running), admin.press(button, message=running))  # a double press
    done = await admin.wait_for("Замена отменена")
    assert "Отсутствует: Специалист А. А." in done.text and "возвращены специалисту" in done.text
    assert "уже отменена" in (admin.last_callback_answer or "")  # the second press changed nothing
    assert not running.buttons  # nothing left to cancel
    await substitute.wait_for("Замена отменена")
    await asyncio.sleep(0.3)  # time for a second notice from the double press, which must not come
    assert sum("Замена отменена" in m.text for m in admin.messages) == 1
    assert sum("Замена отменена" in m.text for m in substitute.messages) == 1

    specialist_a = standin.user(SPECIALIST_A, first_name="Специалист", language_code="ru")
    later = standin.user(5014, first_name="Ольга", language_code="ru")
    await register(later)
    await to_confirmation(later, "Смирнова Ольга Петровна")
    await later.press("📨 Отправить")
    assert "Специалист А. А." in (await later.wait_for("зарегистрировано")).text
    await specialist_a.wait_for(lambda m: "Смирнова Ольга Петровна" in m.text and "📩" in m.text)


async def test_bad_input_gets_a_polite_answer_and_keeps_what_was_given(bot, standin):
    parent = standin.user(5005, first_name="Олег", language_code="ru")
    await register(parent)
    await parent.send("/new")
    await parent.press("Вопрос или проблема с журналом")
    await parent.press("Замечание")
    await parent.press("Техническая поддержка")
    await parent.wait_for("фамилию")
    await parent.send("Олег")
    await parent.wait_for("не похоже на ФИО")
    await parent.send_sticker()
    await parent.wait_for("Здесь нужен текст")
    await parent.send("Петров Олег Иванович")
    await parent.wait_for("класс")
    await parent.send("15Z")
    await parent.wait_for("Не удалось распознать класс")
    await parent.send("7 в")
    await parent.wait_for("Опишите")
    await parent.send("коротко")
    await parent.wait_for("подробнее")
    await parent.send("Оценки за четверть не видны <в дневнике> & в приложении")
    await parent.press("Готово ➡️")
    summary = await parent.wait_for("Проверьте обращение")
    assert "Петров Олег Иванович" in summary.text and "Класс: 7В" in summary.text
    assert "Вид: Замечание" in summary.text and "<в дневнике> & в приложении" in summary.text


async def test_pressing_send_twice_files_one_request(bot, standin):
    parent = standin.user(5006, first_name="Нина", language_code="ru")
    await register(parent)
    await to_confirmation(parent, "Новикова Нина Петровна")
    summary = parent.messages[-1]
    await asyncio.gather(*(parent.press("📨 Отправить", message=summary) for _ in range(2)))  # a double tap
    await parent.wait_for("зарегистрировано")
    await parent.send("/my")
    mine = await parent.wait_for("Ваши обращения")
    assert mine.text.count("№\u00a0") == 1


async def test_the_register_exports_as_xlsx_with_russian_columns(bot, standin):
    parent = standin.user(5007, first_name="Елена", language_code="ru")
    admin = standin.user(ADMIN, first_name="Админ", language_code="ru")
    await register(parent)
    await to_confirmation(parent, "Егорова Елена Викторовна")
    await parent.press("📨 Отправить")
    number = (await parent.wait_for("зарегистрировано")).text.split("№\u00a0")[1].split()[0]
    await admin.send("/register")
    listing = await admin.wait_for("Журнал регистрации обращений")
    assert number in listing.text
    await admin.press("XLSX", message=listing)
    document = await admin.wait_for(lambda m: m.content_type == "document")
    sheet = load_workbook(io.BytesIO(admin.download(document))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:3] == ("Номер", "Дата поступления", "ФИО заявителя")
    ours = [row for row in rows[2:] if row[0] == number]
    assert ours and ours[0][2] == "Егорова Елена Викторовна" and ours[0][5] == "Вопрос"
    assert len(rows) - 2 >= 2

    await admin.send("/register 01.11.2026-30.11.2026 kind=remark")
    filtered = await admin.wait_for("Журнал регистрации обращений")
    assert number not in filtered.text


async def test_schedule_and_duty(bot, standin):
    person = standin.user(5008, first_name="Гость", language_code="en")
    await person.send("/schedule")
    schedule = await person.wait_for("Consultation timetable")
    assert "Tue 14:30–16:00, room 13" in schedule.text
    await person.send("/duty")
    duty = await person.wait_for("On duty now")
    assert "Специалист А. А." in duty.text and "until 16:00" in duty.text
    assert TUESDAY_DURING_SLOT


async def test_administrators_learn_when_a_specialist_never_opened_the_bot(bot, standin):
    bot.clock.set("2026-11-24T12:30:00+03:00")  # Tuesday: only Specialist Е. Е. (methodology) is on duty
    parent = standin.user(5009, first_name="Лидия", language_code="ru")
    admin = standin.user(ADMIN, first_name="Админ", language_code="ru")
    await register(parent)
    await to_confirmation(parent, "Лебедева Лидия Ивановна", area="Методическая помощь")
    await parent.press("📨 Отправить")
    receipt = await parent.wait_for("зарегистрировано")
    # Е. Е. never opened the bot: the card went on at once, and the receipt names who has it.
    number = receipt.text.split("№\u00a0")[1].split()[0]
    if "администраторам" not in receipt.text:  # Telegram took longer than the receipt's head start
        await parent.wait_for(lambda m: number in m.text and "передано администраторам" in m.text, timeout=10)
    await admin.wait_for(lambda m: number in m.text and "📩" in m.text)
    notice = await admin.wait_for(lambda m: "не удалось доставить" in m.text and number in m.text)
    assert "Специалист Е. Е." in notice.text


async def test_compromised_access_is_recorded_to_the_second_and_alerts_head_and_admins(bot, standin):
    bot.clock.set("2026-11-28T23:15:42+03:00")  # Saturday night: no consultations, still at once
    student = standin.user(5010, first_name="Артём", language_code="ru")
    head = standin.user(100001, first_name="Директор", language_code="ru")
    admin = standin.user(ADMIN, first_name="Админ", language_code="ru")
    await register(student, role="Ученик")
    await student.send("/new")
    await student.press("Доступ скомпрометирован (пароль узнали другие)")
    await student.wait_for("фамилию")
    await student.send("Соколов Артём Денисович")
    await student.wait_for("класс")
    await student.send("9б")
    await student.wait_for("логин")
    await student.send("sokolov.a")
    await student.wait_for("Опишите")
    await student.send("Одноклассник узнал мой пароль и заходит в дневник")
    await student.press("Готово ➡️")
    summary = await student.wait_for("Проверьте обращение")
    assert "Логин: sokolov.a" in summary.text and "Класс: 9Б" in summary.text
    await student.press("📨 Отправить")
    receipt = await student.wait_for("зарегистрировано")
    assert "28.11.2026 23:15:42" in receipt.text and "недействительны" in receipt.text
    for person in (head, admin):
        alert = await person.wait_for(lambda m: "Компрометация доступа" in m.text and "sokolov.a" in m.text)
        assert "28.11.2026 23:15:42" in alert.text
