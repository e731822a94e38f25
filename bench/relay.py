"""Follow-ups relayed: 50 parents whose requests have been taken each send 5 messages at once.

Measured: the time from the first follow-up until all 250 have reached the specialists (each
one's text seen in a message to the chat of the specialist who holds the request), as messages
per second. Baseline: the minimal echo bot answering 250 messages from 50 people, in the same
run, on a stand-in of its own. Target: at least half the echo's rate.

How the specialists are chosen, and why: Telegram lets a bot send about one message a second
into one chat, and the bot paces every chat to that. 250 relays into one specialist's chat
would take four minutes whatever the bot does, and the benchmark would measure Telegram's rule,
not the bot. So each parent's request is held by a specialist of its own: the school file here
is the example school plus 50 specialists of technical support on duty on Tuesday afternoon
(requests go to whoever on duty has the fewest open ones, so each gets one). Each specialist's
chat then receives 5 relays, as each person's chat with the echo bot receives 5 answers: the
per-chat load is the same on both sides.

    python -m bench.relay [--parents 50] [--each 5]
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import time
from pathlib import Path

from bench.common import ROOT, TOKEN, echo_bot, our_bot, report, wait_until, workdir
from bench.helpdesk_load import prepare, surname
from tg_standin import StandIn

FIRST_SPECIALIST = 210_000


def school_with_specialists(path: Path, count: int) -> Path:
    text = (ROOT / "schools" / "example.toml").read_text(encoding="utf-8")
    blocks = []
    for i in range(count):
        blocks.append(f"""
[[specialists]]
id = "bench-{i}"
name = "Специалист {i}"
position = "технический специалист"
room = "1"
telegram_id = {FIRST_SPECIALIST + i}
supervisor = "head"
areas = ["technical"]
slots = [{{ day = "tue", start = "14:30", end = "16:00" }}]
""")
    # The new specialists go right after the example's own, before the vacations.
    marker = "[[vacations]]"
    at = text.index(marker)
    path.write_text(text[:at] + "".join(blocks) + "\n" + text[at:], encoding="utf-8")
    return path


async def echo_round(standin: StandIn, people: int, each: int, first_id: int) -> float:
    users = [standin.user(first_id + i, first_name="E", language_code="ru") for i in range(people)]
    expected = len(standin.sent_log) + people * each
    started = time.perf_counter()
    await asyncio.gather(*(u.send(f"ping {k}") for u in users for k in range(each)))
    await wait_until(lambda: len(standin.sent_log) >= expected, timeout=120)
    return people * each / (time.perf_counter() - started)


def holders(database: Path) -> dict[int, str]:
    with sqlite3.connect(database) as db:
        return {row[0]: row[1] for row in db.execute("SELECT requester_id, status FROM requests")}


async def take_all(standin: StandIn, specialists: list[int], database: Path, parents: int) -> None:
    """Each specialist presses «Взять» on the card in their chat."""
    async def take(telegram_id: int) -> None:
        person = standin.user(telegram_id)
        for message in list(person.messages):
            if any(b.get("text") == "✋ Взять" for row in message.inline_keyboard for b in row):
                await person.press("✋ Взять", message=message)

    await wait_until(lambda: sum(1 for s in specialists for m in standin.user(s).messages if "📩" in m.text) >= parents,
                     timeout=60, step=0.05)
    await asyncio.gather(*(take(s) for s in specialists))
    await wait_until(lambda: list(holders(database).values()).count("in_progress") >= parents, timeout=60, step=0.1)


async def our_round(standin: StandIn, database: Path, parents: int, each: int, specialists: list[int]) -> tuple[float, int]:
    persons = [standin.user(7_000_000 + i, first_name="Мама", language_code="ru") for i in range(parents)]
    await asyncio.gather(*(prepare(p, f"{surname(i)} Анна") for i, p in enumerate(persons)))
    await asyncio.gather(*(p.press("📨 Отправить") for p in persons))
    await take_all(standin, specialists, database, parents)
    chats = set(specialists)
    tokens = {f"дополнение {k}-{p.id}" for p in persons for k in range(each)}
    seen: set[str] = set()
    scanned = len(standin.sent_log)

    def arrived() -> int:
        nonlocal scanned
        log = standin.sent_log
        for record in log[scanned:]:
            if record.chat_id in chats and record.text and "дополнение" in record.text:
                seen.update(token for token in tokens if token in record.text)
        scanned = len(log)
        return len(seen)

    sends_before = len(standin.sent_log)
    started = time.perf_counter()
    await asyncio.gather(*(p.send(f"Ещё одно дополнение {k}-{p.id}") for p in persons for k in range(each)))
    await wait_until(lambda: arrived() >= len(tokens), timeout=600, step=0.02)
    rate = len(tokens) / (time.perf_counter() - started)
    await asyncio.sleep(1)
    to_parents = sum(1 for r in standin.sent_log[sends_before:] if r.chat_id >= 7_000_000 and r.method.startswith("send"))
    return rate, to_parents


async def main(parents: int = 50, each: int = 5) -> dict:
    echo_api = StandIn(token=TOKEN, bot_username="echo_bot")
    paced_api = StandIn(token=TOKEN, bot_username="paced_echo_bot")
    ours_api = StandIn(token=TOKEN, bot_username="bench_bot")
    await echo_api.start(host="127.0.0.1", port=0)
    await paced_api.start(host="127.0.0.1", port=0)
    await ours_api.start(host="127.0.0.1", port=0)
    where = workdir("relay")
    school = school_with_specialists(where / "school.toml", parents)
    base = echo_bot(echo_api, workdir("echo"))
    paced = echo_bot(paced_api, workdir("paced-echo"), paced=True)
    ours = our_bot(ours_api, where, SCHOOL_CONFIG=str(school), TICK_SECONDS="5")
    specialists = [FIRST_SPECIALIST + i for i in range(parents)] + [200001]
    try:
        await base.start()
        await paced.start()
        await ours.start()
        for telegram_id in specialists:  # have opened the bot
            await ours_api.user(telegram_id, first_name="Специалист", language_code="ru").send("/start")
        await echo_round(echo_api, 10, 2, 3_900_000)  # warm-up
        echo_rate = await echo_round(echo_api, parents, each, 3_000_000)
        await echo_round(paced_api, 10, 2, 3_900_000)  # warm-up
        paced_rate = await echo_round(paced_api, parents, each, 3_000_000)
        bot_rate, confirmations = await our_round(ours_api, where / "bench.sqlite3", parents, each, specialists)
    finally:
        for process in (base, paced, ours):
            await process.stop()
        await echo_api.stop()
        await paced_api.stop()
        await ours_api.stop()
    return {
        "parents": parents,
        "follow_ups": parents * each,
        "echo_messages_per_s": round(echo_rate, 1),
        "relayed_per_s": round(bot_rate, 1),
        "ratio": round(bot_rate / echo_rate, 3),
        # the echo bot held to Telegram's per-chat rule as ours is (5 answers into each chat)
        "paced_echo_messages_per_s": round(paced_rate, 1),
        "ratio_to_paced_echo": round(bot_rate / paced_rate, 3),
        "messages_to_parents_during_the_burst": confirmations,
        "target_ratio": 0.5,
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--parents", type=int, default=50)
    parser.add_argument("--each", type=int, default=5)
    args = parser.parse_args()
    report("relay", asyncio.run(main(args.parents, args.each)))
