"""Nothing strands: a card or alert that cannot be delivered goes to the next person who can
act, what failed is delivered when the person opens the bot, the requester is told only what
is true, and a slot that opens with many requests waiting brings one queue message."""

from __future__ import annotations

import asyncio

import pytest

from tests.e2e.test_helpdesk import ADMIN, SPECIALIST_A, SPECIALIST_E, register, to_confirmation

HEAD = 100001
SPECIALIST_V = 200003  # «Специалист В. В.»: never opens the bot in these tests


def number_of(receipt) -> str:
    return receipt.text.split("№\u00a0")[1].split()[0]


async def file_access_problem(student, topic: str, name: str, login: str, text: str):
    await student.send("/new")
    await student.press(topic)
    await student.wait_for("фамилию")
    await student.send(name)
    await student.wait_for("класс")
    await student.send("9б")
    await student.wait_for("логин")
    await student.send(login)
    await student.wait_for("Опишите")
    await student.send(text)
    await student.press("Готово ➡️")
    await student.wait_for("Проверьте обращение")
    await student.press("📨 Отправить")
    return await student.wait_for("зарегистрировано")


async def shown(person, text: str, timeout: float = 5.0) -> None:
    """Some message of the bot's in this chat (the receipt, or one after it) says `text`."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not any(text in m.text for m in person.messages):
        assert loop.time() < deadline, f"{person.id}: no message says {text!r}: {person.messages[-4:]}"
        await asyncio.sleep(0.05)


def refusals(standin) -> int:
    """The stand-in's 429 answers so far."""
    return standin.stats.get("429", 0) + standin.stats.get("error:429", 0)


async def test_an_administrator_who_never_opened_the_bot_does_not_keep_requests(own_bot, own_standin):
    standin = own_standin
    head = standin.user(HEAD, first_name="Директор", language_code="ru")
    await head.send("/start")  # the head has opened the bot; the administrator has not (yet)
    student = standin.user(5101, first_name="Пётр", language_code="ru")
    await register(student, role="Ученик")

    receipt = await file_access_problem(student, "Утерян логин или пароль", "Павлов Пётр Ильич", "pavlov.p",
                                        "Не помню пароль от дневника")
    lost = number_of(receipt)
    # The administrators could not get it, so the head has it, and the receipt says so (or,
    # when Telegram took longer than the receipt's head start, a notice right after it does).
    if "Директор Д. Д." not in receipt.text:
        await student.wait_for(lambda m: lost in m.text and "передано: Директор Д. Д." in m.text, timeout=10)
    await head.wait_for(lambda m: lost in m.text and "📩" in m.text)

    other = standin.user(5102, first_name="Вера", language_code="ru")
    await register(other, role="Ученик")
    await file_access_problem(other, "Доступ скомпрометирован (пароль узнали другие)", "Титова Вера Олеговна",
                              "titova.v", "Кто-то заходит в мой дневник")
    await head.wait_for(lambda m: "Компрометация доступа" in m.text and "titova.v" in m.text)
    await shown(other, "Директор уведомлён")  # true: the head's alert went out

    admin = standin.user(ADMIN, first_name="Админ", language_code="ru")
    await admin.send("/start")  # the administrator opens the bot: what failed to reach them comes now
    await admin.wait_for(lambda m: "Компрометация доступа" in m.text and "titova.v" in m.text)
    await asyncio.sleep(0.5)  # time for a second copy, which must not come
    assert not [m for m in admin.messages if lost in m.text and "📩" in m.text]  # moved on: not sent again

    third = standin.user(5105, first_name="Олег", language_code="ru")
    await register(third, role="Ученик")
    again = await file_access_problem(third, "Утерян логин или пароль", "Орлов Олег Петрович", "orlov.o",
                                      "Не могу войти в дневник")
    assert "администраторам" in again.text
    await admin.wait_for(lambda m: number_of(again) in m.text and "📩" in m.text)
    await admin.send("/queue")
    queue = await admin.wait_for(lambda m: "Ваши обращения" in m.text or "Открытых обращений нет" in m.text)
    assert number_of(again) in queue.text


async def test_administrators_queue_shows_what_is_assigned_to_the_administrators(bot, standin):
    admin = standin.user(ADMIN, first_name="Админ", language_code="ru")
    student = standin.user(5106, first_name="Глеб", language_code="ru")
    await register(student, role="Ученик")
    receipt = await file_access_problem(student, "Утерян логин или пароль", "Гусев Глеб Романович", "gusev.g",
                                        "Забыл пароль от дневника")
    assert "администраторам" in receipt.text
    await admin.send("/queue")
    # The answer lists the request (before: «Открытых обращений нет»). The shared bot's chat of
    # this administrator holds other tests' messages too, and a long queue may come in parts:
    # the part that names this request is the one looked for.
    await admin.wait_for(lambda m: number_of(receipt) in m.text and "Открытых обращений нет" not in m.text)


async def test_the_requester_hears_the_head_was_told_only_once_it_is_true(own_bot, own_standin):
    standin = own_standin
    admin = standin.user(ADMIN, first_name="Админ", language_code="ru")
    await admin.send("/start")  # the administrator has opened the bot; the head has not
    student = standin.user(5103, first_name="Артём", language_code="ru")
    await register(student, role="Ученик")
    receipt = await file_access_problem(student, "Доступ скомпрометирован (пароль узнали другие)",
                                        "Соколов Артём Денисович", "sokolov.a", "Одноклассник знает мой пароль")
    assert "недействительны" in receipt.text
    assert "уже уведомлены" not in receipt.text and "Директор уведомлён" not in receipt.text  # not yet true
    await shown(student, "пока не доставлено")  # in the receipt, or right after it
    await admin.wait_for(lambda m: "Компрометация доступа" in m.text and "sokolov.a" in m.text)
    await admin.wait_for("не удалось доставить директору")
    assert not [m for m in student.messages if "Директор уведомлён" in m.text]

    head = standin.user(HEAD, first_name="Директор", language_code="ru")
    await head.send("/start")  # now the head opens the bot: the alert is delivered, and only now…
    await head.wait_for(lambda m: "Компрометация доступа" in m.text and "sokolov.a" in m.text)
    await student.wait_for("Директор уведомлён")  # …is the student told so


async def test_a_hand_over_to_a_specialist_who_never_opened_the_bot_moves_on(bot, standin):
    parent = standin.user(5104, first_name="Инна", language_code="ru")
    specialist = standin.user(SPECIALIST_A, first_name="Специалист", language_code="ru")
    admin = standin.user(ADMIN, first_name="Админ", language_code="ru")
    await register(parent)
    await to_confirmation(parent, "Зайцева Инна Львовна")
    await parent.press("📨 Отправить")
    number = number_of(await parent.wait_for("зарегистрировано"))
    card = await specialist.wait_for(lambda m: number in m.text and "📩" in m.text)
    await specialist.press("↪️ Передать", message=card)
    await specialist.press("Специалист В. В.")
    handed = await parent.wait_for(lambda m: number in m.text and "передано" in m.text)
    assert "уже получил" not in handed.text and "already has it" not in handed.text
    moved = await parent.wait_for("передано администраторам")  # В. В. could not be reached: it moved on
    assert number in moved.text
    for _ in range(40):  # A's card is out of date: it loses its buttons and shows where the request went
        if not card.buttons:
            break
        await asyncio.sleep(0.05)
    assert not card.buttons and "Передано" in card.text
    await admin.wait_for(lambda m: number in m.text and "📩" in m.text)
    await admin.wait_for(lambda m: number in m.text and "не удалось доставить" in m.text and "Специалист В. В." in m.text)


@pytest.mark.school_clock("2026-11-22T20:00:00+03:00")  # Sunday evening: all wait for Monday's slot
async def test_a_slot_opening_with_thirty_requests_brings_one_queue_message(own_bot, own_standin):
    standin = own_standin
    specialist = standin.user(SPECIALIST_E, first_name="Специалист", language_code="ru")
    await specialist.send("/start")

    async def file(n: int) -> str:
        parent = standin.user(6000 + n, first_name="Родитель", language_code="ru")
        await register(parent)
        await to_confirmation(parent, "Кузнецова Анна Сергеевна", problem=f"Не открывается дневник, случай {n}")
        await parent.press("📨 Отправить")
        receipt = await parent.wait_for("зарегистрировано", timeout=20)
        assert "Специалист Д. Д." in receipt.text
        return number_of(receipt)

    numbers = await asyncio.gather(*(file(n) for n in range(30)))
    await asyncio.sleep(0.3)  # anything the filings send the specialist before the slot has come (nothing should)
    before = len(specialist.messages)
    standin.rate_limits.enable()  # Telegram's limits: ~1 message a second per chat, a burst of 3
    refused_before = refusals(standin)
    started = asyncio.get_running_loop().time()
    own_bot.clock.set("2026-11-23T14:30:00+03:00")  # the slot opens
    while True:
        shown = "\n".join(m.text for m in specialist.messages[before:])
        if all(n in shown for n in numbers):
            break
        assert asyncio.get_running_loop().time() - started < 5, specialist.messages[before:]
        await asyncio.sleep(0.05)
    elapsed = asyncio.get_running_loop().time() - started
    print(f"slot start: {len(numbers)} requests in front of the specialist in {elapsed:.2f} s, "
          f"{len(specialist.messages) - before} message(s), {refusals(standin) - refused_before} refusal(s)")
    await asyncio.sleep(1.0)  # nothing else should follow
    arrived = specialist.messages[before:]
    assert elapsed < 2.0, elapsed
    assert len(arrived) <= 3, arrived
    assert refusals(standin) - refused_before == 0
    assert sum(len(row) for m in arrived for row in m.buttons) == 30  # a Take button per request

    listing = next(m for m in arrived if numbers[4] in m.text)
    await specialist.press(f"✋ №\u00a0{numbers[4]}", message=listing)
    card = await specialist.wait_for(lambda m: numbers[4] in m.text and "📩" in m.text)
    assert "Не открывается дневник, случай 4" in card.text
    for _ in range(40):  # the list is edited: that request has no Take button any more
        if f"✋ №\u00a0{numbers[4]}" not in [b for row in listing.buttons for b in row]:
            break
        await asyncio.sleep(0.05)
    assert f"✋ №\u00a0{numbers[4]}" not in [b for row in listing.buttons for b in row]
    assert refusals(standin) - refused_before == 0
