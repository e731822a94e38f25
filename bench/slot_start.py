"""A slot opens with 30 requests waiting for one specialist, under Telegram's limits.

Thirty parents file technical requests on Tuesday at 14:00, when no one who takes them is on
duty: they wait for specialist A, whose slot opens at 14:30. The stand-in then enforces
Telegram's limits (about one message a second per chat, a small burst, 30/s overall), and the
school's clock moves to 14:30. Measured: the time until every one of the 30 requests is in
front of the specialist (its number visible in the current text of a message in the
specialist's chat, edits included), the messages sent to that chat, and the 429 answers the
stand-in gave. Target: within 2 s, in at most 3 messages, with no 429.

    python -m bench.slot_start [--requests 30]
"""

from __future__ import annotations

import argparse
import asyncio
import re
import time

from bench.common import TOKEN, our_bot, report, wait_until, workdir
from bench.helpdesk_load import prepare, surname
from tg_standin import StandIn

SPECIALIST_A = 200001
BEFORE_THE_SLOT = "2026-11-24T14:00:00+03:00"
SLOT_OPENS = "2026-11-24T14:30:00+03:00"
SENDS = ("sendMessage", "sendPhoto", "sendDocument", "copyMessage", "forwardMessage", "sendMediaGroup")


def numbers_in_front(standin: StandIn, chat_id: int) -> set[str]:
    chat = standin.chats.get(chat_id)
    if chat is None:
        return set()
    found: set[str] = set()
    for message in chat.messages.values():
        if message.from_bot and not message.deleted:
            found.update(re.findall(r"№\s*(\d+(?:-\d+)?)", message.text))
    return found


async def main(requests: int = 30) -> dict:
    standin = StandIn(token=TOKEN, bot_username="bench_bot")
    await standin.start(host="127.0.0.1", port=0)
    where = workdir("slot-start")
    (where / "clock.txt").write_text(BEFORE_THE_SLOT)
    ours = our_bot(standin, where, TICK_SECONDS="0.1")
    try:
        await ours.start()
        specialist = standin.user(SPECIALIST_A, first_name="Специалист", language_code="ru")
        await specialist.send("/start")  # has opened the bot
        parents = [standin.user(6_000_000 + i, first_name="Мама", language_code="ru") for i in range(requests)]
        await asyncio.gather(*(prepare(p, f"{surname(i)} Анна") for i, p in enumerate(parents)))
        await asyncio.gather(*(p.press("📨 Отправить") for p in parents))
        await wait_until(lambda: all(any("№" in m.text for m in p.messages[-2:]) for p in parents), timeout=60)
        import sqlite3

        numbers = {row[0] for row in sqlite3.connect(where / "bench.sqlite3").execute(
            "SELECT number FROM requests WHERE status IN ('new', 'assigned')")}
        early = numbers_in_front(standin, SPECIALIST_A) & numbers
        sent_before = len(standin.sent_log)
        refusals_before = standin.stats.get("error:429", 0)
        standin.rate_limits.enable()
        started = time.perf_counter()
        (where / "clock.txt").write_text(SLOT_OPENS)
        elapsed = await wait_until(lambda: numbers <= numbers_in_front(standin, SPECIALIST_A), timeout=120, step=0.01)
        await asyncio.sleep(3)  # what is still coming: stragglers and retries after 429s
        to_specialist = [r for r in standin.sent_log[sent_before:] if r.chat_id == SPECIALIST_A and r.method in SENDS]
        edits = sum(1 for r in standin.sent_log[sent_before:] if r.chat_id == SPECIALIST_A and r.method.startswith("edit"))
        refusals = standin.stats.get("error:429", 0) - refusals_before
        del started
    finally:
        await ours.stop()
        await standin.stop()
    return {
        "requests": len(numbers),
        "in_front_before_the_slot": len(early),
        "seconds_until_all_in_front": round(elapsed, 2),
        "messages_to_specialist": len(to_specialist),
        "edits_logged": edits,
        "refusals_429": refusals,
        "target": "≤ 2 s, ≤ 3 messages, 0 × 429",
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()
    report("slot_start", asyncio.run(main(args.requests)))
