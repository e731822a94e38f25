"""Updates per second through the real bot on the stand-in, against a minimal aiogram echo bot.

The bots run as separate processes, one after the other, against the same stand-in in
this process, with the same people sending the same number of updates. Our bot is
measured on the /start path (context lookup, FSM in SQLite, greeting with consent).
Two baselines: the minimal echo bot (the target's reference), and the same echo bot
answering with exactly our greeting and keyboard (what is left is our machinery).

    python -m bench.throughput [--people 200] [--rounds 5]
"""

from __future__ import annotations

import argparse
import asyncio
import time

from bench.common import TOKEN, echo_bot, our_bot, report, sent_count, wait_until, workdir
from tg_standin import StandIn


async def push(standin: StandIn, people: int, rounds: int, first_id: int) -> float:
    users = [standin.user(first_id + i, first_name=f"Родитель{i}", language_code="ru") for i in range(people)]
    expected = sent_count(standin) + people * rounds
    started = time.perf_counter()
    for _ in range(rounds):
        await asyncio.gather(*(user.send("/start") for user in users))
    await wait_until(lambda: sent_count(standin) >= expected, timeout=600)
    return people * rounds / (time.perf_counter() - started)


async def main(people: int, rounds: int) -> dict:
    standin = StandIn(token=TOKEN, bot_username="bench_bot")
    await standin.start(host="127.0.0.1", port=0)
    figures: dict = {"people": people, "updates": people * rounds}
    base = echo_bot(standin, workdir("echo"))
    same = echo_bot(standin, workdir("echo-same"), same_reply=True)
    ours = our_bot(standin, workdir("ours"))
    try:
        await base.start()
        await push(standin, 20, 2, 9_000_000)  # warm-up
        figures["echo_updates_per_s"] = round(await push(standin, people, rounds, 1_000_000), 1)
        await base.stop()

        await same.start()
        await push(standin, 20, 2, 9_050_000)
        figures["echo_same_reply_updates_per_s"] = round(await push(standin, people, rounds, 1_500_000), 1)
        await same.stop()

        await ours.start()
        await push(standin, 20, 2, 9_100_000)
        figures["bot_updates_per_s"] = round(await push(standin, people, rounds, 2_000_000), 1)
        await ours.stop()
    finally:
        for process in (base, same, ours):
            await process.stop()
        await standin.stop()
    figures["ratio"] = round(figures["bot_updates_per_s"] / figures["echo_updates_per_s"], 3)
    figures["ratio_to_same_reply"] = round(
        figures["bot_updates_per_s"] / figures["echo_same_reply_updates_per_s"], 3
    )
    figures["target_ratio"] = 0.7
    return figures


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    result = asyncio.run(main(args.people, args.rounds))
    report("throughput", result)
