"""Replies reach the right request: Telegram's «Reply» on either side, the choice among
several open requests, follow-ups of a request taken early, and how a follow-up is confirmed."""

from __future__ import annotations

import time

from tests.e2e.conftest import TUESDAY_DURING_SLOT
from tests.e2e.test_helpdesk import register, to_confirmation

SPECIALIST_A, SPECIALIST_D = 200001, 200005  # «Специалист А. А.» (Tue 14:30), «Специалист Д. Д.» (Mon 14:30)
MONDAY_DURING_SLOT = "2026-11-23T14:45:00+03:00"
SUNDAY_EVENING = "2026-11-22T20:00:00+03:00"
OK = "👌"


def number_of(receipt) -> str:
    return receipt.text.split("№\u00a0")[1].split()[0]


async def another_request(person, problem: str) -> None:
    """A second request: the form offers the name and class given the first time."""
    await person.send("/new")
    await person.press("Вопрос или проблема с журналом")
    await person.press("Вопрос")
    await person.press("Техническая поддержка")
    await person.wait_for("верно?")
    await person.press("✅ Да")
    await person.wait_for(lambda m: "верно?" in m.text and "Класс" in m.text)
    await person.press("✅ Да")
    await person.wait_for("Опишите")
    await person.send(problem)
    await person.wait_for("Готово")
    await person.press("Готово ➡️")
    await person.wait_for("Проверьте обращение")


async def answer(specialist, card, text: str) -> None:
    await specialist.press("💬 Ответить", message=card)
    await specialist.wait_for("Напишите ответ")
    await specialist.send(text)
    await specialist.wait_for("отправлен заявителю")


async def test_a_reply_reaches_the_request_it_replies_to_and_without_one_the_parent_chooses(bot, standin):
    parent = standin.user(9101, first_name="Вера", language_code="ru")
    spec_a = standin.user(SPECIALIST_A, first_name="Специалист", language_code="ru")
    spec_d = standin.user(SPECIALIST_D, first_name="Специалист", language_code="ru")
    await register(parent)

    bot.clock.set(MONDAY_DURING_SLOT)  # Д is on duty: the first request is Д's
    await to_confirmation(parent, "Белова Вера Николаевна", problem="Не открывается электронный дневник")
    await parent.press("📨 Отправить")
    receipt_d = await parent.wait_for("зарегистрировано")
    with_d = number_of(receipt_d)
    assert "Специалист Д. Д." in receipt_d.text
    card_d = await spec_d.wait_for(lambda m: with_d in m.text and "📩" in m.text)
    await spec_d.press("✋ Взять", message=card_d)

    bot.clock.set(TUESDAY_DURING_SLOT)  # А is on duty: the second request is А's
    await another_request(parent, "Не приходят уведомления о домашних заданиях")
    await parent.press("📨 Отправить")
    receipt_a = await parent.wait_for("зарегистрировано")
    with_a = number_of(receipt_a)
    assert "Специалист А. А." in receipt_a.text
    card_a = await spec_a.wait_for(lambda m: with_a in m.text and "📩" in m.text)
    await spec_a.press("✋ Взять", message=card_a)

    await answer(spec_a, card_a, "Проверьте настройки уведомлений в профиле")
    answer_a = await parent.wait_for("Проверьте настройки")
    bot.clock.set("2026-11-24T14:46:00+03:00")
    await answer(spec_d, card_d, "Очистите кэш браузера")
    await parent.wait_for("Очистите кэш")  # Д's request is now the one touched last

    # «Reply» on А's answer: it reaches А, as part of А's request, whatever was touched last.
    sent = await parent.send("Спасибо, уведомления пришли", reply_to=answer_a)
    relayed = await spec_a.wait_for("уведомления пришли")
    assert with_a in relayed.text
    assert await parent.wait_for_reaction(sent) == [OK]  # confirmed once it reached А, with no message
    assert not [m for m in spec_d.unread() if "уведомления пришли" in m.text]
    assert not [m for m in parent.unread() if "добавлено" in m.text or "передан" in m.text]

    # No reply-to, two requests open: the parent is asked which; the message waits for the choice.
    kept = await parent.send("А кэш в телефоне как очистить?")
    question = await parent.wait_for("К какому относится")
    assert {with_a, with_d} <= {label.split(":")[0].removeprefix("№\u00a0") for row in question.buttons for label in row}
    assert not [m for m in spec_d.unread() + spec_a.unread() if "в телефоне" in m.text]  # not before the choice
    chosen = time.time()  # the stand-in's clock of what it was sent
    await parent.press(f"№\u00a0{with_d}", message=question, partial=True)
    relayed = await spec_d.wait_for("в телефоне как очистить")
    assert all(r.time >= chosen for r in standin.sent_log
               if r.chat_id in (spec_a.id, spec_d.id) and "в телефоне" in (r.text or "")), "relayed before the choice"
    assert with_d in relayed.text
    assert await parent.wait_for_reaction(kept) == [OK]
    await parent.wait_for(lambda m: m.message_id == question.message_id and "отнесены" in m.text)
    assert f"отнесены к обращению №\u00a0{with_d}" in question.text and not question.buttons
    assert not [m for m in spec_a.unread() if "в телефоне" in m.text]

    # «Reply» on the receipt of the first request: straight to it, with no question asked.
    await parent.send("И ещё: дневник не открывается и в приложении", reply_to=receipt_d)
    relayed = await spec_d.wait_for("и в приложении")
    assert with_d in relayed.text


async def test_a_request_taken_early_from_the_queue_gets_the_parents_messages(bot, standin):
    bot.clock.set(SUNDAY_EVENING)  # no consultations: the request waits for Д's Monday slot
    parent = standin.user(9102, first_name="Зоя", language_code="ru")
    spec_d = standin.user(SPECIALIST_D, first_name="Специалист", language_code="ru")
    await register(parent)
    await to_confirmation(parent, "Зайцева Зоя Павловна", problem="Не могу войти в дневник после смены пароля")
    await parent.press("📨 Отправить")
    number = number_of(await parent.wait_for("зарегистрировано"))
    early = await parent.send("Дополнение: логин zaytseva.z")
    kept = await parent.wait_for(lambda m: "вместе с обращением" in m.text  # (the old bot: «…добавлено…»)
                                 or "добавлено к обращению" in m.text)

    # Д looks at /queue the same evening and takes it before the slot.
    await spec_d.send("/queue")
    listing = await spec_d.wait_for(lambda m: number in m.text and m.buttons)
    await spec_d.press(f"Взять №\u00a0{number}", message=listing)
    await parent.wait_for("взял в работу")
    card = await spec_d.wait_for(lambda m: number in m.text and "📩" in m.text)  # the card comes with the take
    assert "Зайцева Зоя Павловна" in card.text
    await spec_d.wait_for("логин zaytseva.z")  # and what was written while it waited
    assert await parent.wait_for_reaction(early) == [OK]
    # Meanwhile the parent was told it was kept, not that it had been passed on.
    assert kept.text == f"Сообщение сохранено в обращении №\u00a0{number} и будет передано специалисту вместе с обращением."

    later = await parent.send("Пароль меняли в пятницу")
    relayed = await spec_d.wait_for("меняли в пятницу")  # relayed at once, not held for a card
    assert number in relayed.text
    assert await parent.wait_for_reaction(later) == [OK]

    # Д answers with «Reply» on the relayed message, without pressing «Ответить».
    await spec_d.send("Сбросим пароль, попробуйте через час", reply_to=relayed)
    answer = await parent.wait_for("Сбросим пароль")
    assert number in answer.text
    await spec_d.wait_for(f"Ответ по №\u00a0{number} отправлен")
    # and the parent's «Reply» on that answer goes back to Д
    thanks = await parent.send("Хорошо, спасибо", reply_to=answer)
    await spec_d.wait_for("Хорошо, спасибо")
    assert await parent.wait_for_reaction(thanks) == [OK]
