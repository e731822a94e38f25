"""Requests filed together for one specialist, under Telegram's per-chat pace: a few cards,
then one queue message, and no requester told before what carries their request is out
(docs/delivery.md, "Cards arriving together for one chat"). A file of its own: the bot runs
with pacing on, and the parents' preparation at that pace takes a while."""

from __future__ import annotations

import asyncio

from tests.e2e.harness import BotProcess
from tests.e2e.test_delivery import number_of, refusals
from tests.e2e.test_helpdesk import SPECIALIST_A, register, to_confirmation


async def test_twelve_parents_pressing_send_at_once_bring_a_few_cards_and_one_queue_message(own_standin, tmp_path):
    """Telegram's pace (3 at once, then 1 a second per chat): twelve cards at once for one
    specialist would take nine seconds; the requests the chat cannot take at once come as one
    queue message. Every requester hears back only once what carries their request is out."""
    standin = own_standin
    process = BotProcess(standin, tmp_path)  # the harness's loose pace while the parents get ready
    process.clock.set("2026-11-24T14:45:00+03:00")  # Tuesday: A on duty
    await process.start()
    try:
        specialist = standin.user(SPECIALIST_A, first_name="Специалист", language_code="ru")
        await specialist.send("/start")
        parents = [standin.user(6100 + n, first_name="Родитель", language_code="ru") for n in range(12)]

        async def prepare(n: int) -> None:
            await register(parents[n])
            surname = ["Петрова", "Иванова", "Смирнова", "Кузнецова", "Попова", "Васильева", "Соколова", "Михайлова",
                       "Новикова", "Фёдорова", "Морозова", "Волкова"][n]
            await to_confirmation(parents[n], f"{surname} Анна Сергеевна", problem=f"Не открывается дневник, случай {n}")

        await asyncio.gather(*(prepare(n) for n in range(12)))
        # Then Telegram's pace (1 a second per chat after a burst of 3): a restart, the forms kept.
        process.extra_env = {"PER_CHAT_RATE": "1", "PER_CHAT_BURST": "3"}
        await process.restart()
        before, logged = len(specialist.messages), len(standin.sent_log)
        standin.rate_limits.enable()  # Telegram's limits: ~1 message a second per chat, a burst of 3
        refused_before = refusals(standin)

        async def send(n: int) -> str:
            await parents[n].press("📨 Отправить")
            receipt = await parents[n].wait_for("зарегистрировано", timeout=20)
            assert "Специалист А. А." in receipt.text
            return number_of(receipt)

        numbers = await asyncio.gather(*(send(n) for n in range(12)))
        arrived = specialist.messages[before:]
        cards = [m for m in arrived if "📩" in m.text]
        lists = [m for m in arrived if m.text.startswith("📋")]
        print(f"burst: 12 requests in {len(cards)} card(s) and {len(lists)} queue message(s)")
        assert len(cards) <= 3 and 1 <= len(lists) <= 2, [m.text[:30] for m in arrived]
        for number in numbers:  # each request in front of the specialist once
            assert sum(number in m.text for m in cards + lists) == 1, number
        assert sum(len(row) for m in lists for row in m.buttons) == 12 - len(cards)  # a Take button each
        assert refusals(standin) - refused_before == 0

        # No receipt went out before the message that carries its request.
        log = standin.sent_log[logged:]
        for n, number in enumerate(numbers):
            receipt_at = next(r.time for r in log if r.chat_id == 6100 + n and "зарегистрировано" in (r.text or ""))
            carried_at = next(r.time for r in log if r.chat_id == SPECIALIST_A and number in (r.text or ""))
            assert carried_at <= receipt_at, (number, carried_at, receipt_at)

        listing = lists[0]
        taken = next(number for number in numbers if number in listing.text)
        await specialist.press(f"✋ №\u00a0{taken}", message=listing)
        card = await specialist.wait_for(lambda m: taken in m.text and "📩" in m.text)
        assert f"случай {numbers.index(taken)}" in card.text
        owner = parents[numbers.index(taken)]
        await owner.wait_for("взял в работу")
        for _ in range(60):  # the list is edited: that request has no Take button any more
            if f"✋ №\u00a0{taken}" not in [b for row in listing.buttons for b in row]:
                break
            await asyncio.sleep(0.05)
        assert f"✋ №\u00a0{taken}" not in [b for row in listing.buttons for b in row]
    finally:
        standin.rate_limits.disable()
        await process.stop()
