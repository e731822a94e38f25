"""First contact: hundreds of people who never wrote before press /start at the same moment.

A school announces the bot and families open it within a minute. Each person here is new to
the bot: no profile, no FSM state, the consent prompt to send. Measured: updates/s from the
first /start until every person has the bot's answer. Baseline: the minimal echo bot answering
the same number of new people.

The bots run at the same time, each on a stand-in of its own in this process, and take
turns, `--rounds` times, each round with people no bot has seen; the figures are the
medians (this machine's speed drifts from minute to minute, paired rounds cancel that out).
A second baseline, the echo bot answering with exactly our greeting and its keyboard, tells
what the answer itself costs (its size, its buttons, reading Telegram's reply) apart from
the bot's machinery (profile, dialog state, routing).

    python -m bench.first_contact [--people 600] [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time

from bench.common import TOKEN, echo_bot, our_bot, report, sent_count, wait_until, workdir
from tg_standin import StandIn


async def burst(standin: StandIn, people: int, first_id: int) -> float:
    """`people` new people send /start at once; updates/s until each has an answer."""
    users = [standin.user(first_id + i, first_name=f"Родитель{i}", language_code="ru") for i in range(people)]
    expected = sent_count(standin) + people
    started = time.perf_counter()
    await asyncio.gather(*(user.send("/start") for user in users))
    await wait_until(lambda: sent_count(standin) >= expected, timeout=300)
    return people / (time.perf_counter() - started)


async def main(people: int = 600, rounds: int = 3) -> dict:
    echo_api = StandIn(token=TOKEN, bot_username="echo_bot")
    same_api = StandIn(token=TOKEN, bot_username="echo_bot")
    ours_api = StandIn(token=TOKEN, bot_username="bench_bot")
    await echo_api.start(host="127.0.0.1", port=0)
    await same_api.start(host="127.0.0.1", port=0)
    await ours_api.start(host="127.0.0.1", port=0)
    base = echo_bot(echo_api, workdir("echo"))
    same = echo_bot(same_api, workdir("echo-same"), same_reply=True)
    ours = our_bot(ours_api, workdir("first-contact"), TICK_SECONDS="5")
    echo_rates: list[float] = []
    our_rates: list[float] = []
    same_rates: list[float] = []
    try:
        await base.start()
        await same.start()
        await ours.start()
        for api in (echo_api, same_api, ours_api):
            await burst(api, 20, 9_000_000)  # warm-up: lazy imports, first use of each model
        for n in range(rounds):
            echo_rates.append(await burst(echo_api, people, 10_000_000 + n * 10_000))
            same_rates.append(await burst(same_api, people, 10_000_000 + n * 10_000))
            our_rates.append(await burst(ours_api, people, 10_000_000 + n * 10_000))
    finally:
        for process in (base, same, ours):
            await process.stop()
        for api in (echo_api, same_api, ours_api):
            await api.stop()
    echo = statistics.median(echo_rates)
    bot = statistics.median(our_rates)
    same_reply = statistics.median(same_rates)
    return {
        "people": people,
        "rounds": rounds,
        "echo_updates_per_s": round(echo, 1),
        "bot_updates_per_s": round(bot, 1),
        "ratio": round(statistics.median(o / e for o, e in zip(our_rates, echo_rates, strict=True)), 3),  # of paired rounds
        "ratio_by_round": [round(o / e, 3) for o, e in zip(our_rates, echo_rates, strict=True)],
        "echo_same_reply_updates_per_s": round(same_reply, 1),
        "ratio_to_same_reply": round(statistics.median(o / s for o, s in zip(our_rates, same_rates, strict=True)), 3),
        "target_ratio": 0.8,
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=600)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    report("first_contact", asyncio.run(main(args.people, args.rounds)))
