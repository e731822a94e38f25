"""The courtesy rule's two levels through the real bot: an insult reaches the specialist
flagged and is recorded (and the requester warned) only when the specialist presses the
button; a wrong mark is removed with a reason; an obscenity is warned at once."""

from __future__ import annotations

import asyncio

from tests.e2e.test_helpdesk import SPECIALIST_A, register

WARNING = "корректный тон"


async def file_request(parent, name: str) -> None:
    """The form, pressed by the buttons' leading words (their wording may change)."""
    await parent.send("/new")
    await parent.press("Вопрос или проблема", partial=True)
    await parent.press("Вопрос")
    await parent.press("Техническая поддержка", partial=True)
    await parent.wait_for("фамили")
    await parent.send(name)
    await parent.wait_for("класс")
    await parent.send("5А")
    await parent.wait_for("Опишите")
    await parent.send("Не открывается электронный дневник")
    await parent.press("Готово", partial=True)
    await parent.press("Отправить", partial=True)


async def test_an_insult_waits_for_the_specialist_and_an_obscenity_is_warned_at_once(bot, standin):
    parent = standin.user(5401, first_name="Ирина", language_code="ru")
    specialist = standin.user(SPECIALIST_A, first_name="Специалист", language_code="ru")
    await register(parent)
    await file_request(parent, "Смирнова Ирина Олеговна")
    receipt = await parent.wait_for("зарегистрировано")
    number = receipt.text.split("№")[1].split()[0]
    card = await specialist.wait_for(lambda m: number in m.text and "📩" in m.text)
    await specialist.press("✋ Взять", message=card)
    await parent.wait_for("взял в работу")

    # An insult: relayed with the flag and the button; the requester is not warned.
    insult = await parent.send("Вы там все идиоты, третий день не работает")
    relayed = await specialist.wait_for(lambda m: "идиоты" in m.text and number in m.text)
    assert "Возможное оскорбление" in relayed.text and "не предупреждён" in relayed.text
    assert await parent.wait_for_reaction(insult) == ["👌"]  # it arrived, and that is all the parent hears
    assert not [m for m in parent.messages if WARNING in m.text]

    # The specialist confirms: one mark, and only now the warning.
    await specialist.press("⚠️ Записать нарушение", message=relayed)
    assert "Нарушение записано" in (specialist.last_callback_answer or "")
    warned = await parent.wait_for(WARNING)
    assert number in warned.text and "п. 5" not in warned.text
    await specialist.wait_for(lambda m: number in m.text and "📩" in m.text
                              and "Записано нарушений норм общения: 1" in m.text)

    # A wrong mark is removed, its reason asked in a reply.
    await specialist.press("Отменить запись о нарушении", message=specialist.chat.messages[relayed.message_id])
    ask = await specialist.wait_for("Укажите причину")
    await specialist.send("Ошибочно: заявитель цитировал чужое сообщение", reply_to=ask)
    await specialist.wait_for("отменена, причина сохранена")
    relay_now = specialist.chat.messages[relayed.message_id]
    async with specialist.chat.changed:  # the relay whose button was pressed loses it
        await asyncio.wait_for(specialist.chat.changed.wait_for(lambda: not relay_now.inline_keyboard), 5)
    await parent.wait_for("отменена")
    await specialist.wait_for(lambda m: number in m.text and "📩" in m.text and "Записано нарушений" not in m.text)

    # An obscenity: marked and warned at once; the specialist sees it marked.
    await parent.send("Да вы охуели там")
    await parent.wait_for(WARNING)
    marked = await specialist.wait_for(lambda m: "охуели" in m.text and number in m.text)
    assert "Нецензурное выражение" in marked.text
    assert [b["text"] for row in marked.inline_keyboard for b in row] == ["Отменить запись о нарушении"]


async def test_the_analyzer_is_loaded_at_start_not_on_the_first_message(bot):
    log = bot.log_path.read_text(encoding="utf-8", errors="replace")
    loaded, polling = log.find("Loading dictionaries"), log.find("Start polling")
    assert 0 <= loaded < polling, log[-3000:]
