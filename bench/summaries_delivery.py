"""10,000 weekly summaries through the real bot on the stand-in, with its rate-limit model on,
1% random 429s, and one kill -9 of the bot in the middle of the run followed by a restart.

Reported: delivered / expected, duplicates (and how many messages were in flight at the
instant of the kill: the only ones that may be sent twice), the achieved rate against the
configured rate (over the whole run, and over the time the bot was up). The baseline in the
same run is the configured rate itself and the stand-in's own limit (30 msg/s).

    python -m bench.summaries_delivery [--parents 10000] [--rate 25]
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import sqlite3
import time
from collections import Counter

from bench.common import TOKEN, our_bot, report, wait_until, workdir
from bench.seed import FIRST_PARENT, seed_parents
from storage.db import Database
from tg_standin import StandIn

SATURDAY_NOON = "2026-11-21T12:00:05+03:00"


async def main(parents: int, rate: float) -> dict:
    standin = StandIn(token=TOKEN, bot_username="bench_bot")
    await standin.start(host="127.0.0.1", port=0)
    standin.rate_limits.enable(global_per_second=30, per_chat_per_second=1, per_chat_burst=3)
    standin.faults.random_429(0.01, retry_after=1)
    where = workdir("summaries")
    (where / "clock.txt").write_text(SATURDAY_NOON)
    database = where / "bench.sqlite3"
    await (await Database(database).connect()).close()
    seed_parents(database, parents)
    for n in range(parents):
        standin.user(FIRST_PARENT + n, first_name="Родитель", language_code="ru")
    standin.user(100002, first_name="Администратор", language_code="ru")  # sees the run's progress

    def summaries_sent() -> list[tuple[float, int]]:
        return [(r.time, r.chat_id) for r in standin.sent_log if r.method == "sendMessage" and r.text
                and r.text.startswith("📘")]

    bot = our_bot(standin, where, OUTBOX_RATE=str(rate), TICK_SECONDS="1", LOG_LEVEL="WARNING")
    try:
        started = time.time()
        await bot.start()
        await wait_until(lambda: len(summaries_sent()) >= parents // 2, timeout=parents / rate * 3 + 60, step=0.05)
        assert bot.process is not None
        bot.process.send_signal(signal.SIGKILL)
        await bot.process.wait()
        killed_at = time.time()
        in_flight = sqlite3.connect(database).execute(
            "SELECT count(*) FROM outbox WHERE status = 'sending' AND purpose = 'summary'").fetchone()[0]
        sent_before_kill = len(summaries_sent())
        await bot.start()
        restarted_at = time.time()
        await wait_until(lambda: len({c for _, c in summaries_sent()}) >= parents, timeout=parents / rate * 3 + 120,
                         step=0.2)
        await asyncio.sleep(3)  # anything still to come would be a duplicate
        finished = time.time()
        await bot.stop()
    finally:
        await bot.stop()
        await standin.stop()
    sent = summaries_sent()
    per_chat = Counter(chat for _, chat in sent)
    first, last = sent[0][0], sent[-1][0]
    down = restarted_at - killed_at
    return {
        "parents": parents,
        "configured_rate": rate,
        "standin_limit_per_s": 30,
        "random_429": 0.01,
        "delivered": len(per_chat),
        "expected": parents,
        "duplicates": sum(n - 1 for n in per_chat.values()),
        "claimed_at_kill": in_flight,  # rows taken by the worker; only those already at Telegram can repeat
        "sent_before_kill": sent_before_kill,
        "seconds_total": round(finished - started, 1),
        "seconds_down_for_restart": round(down, 1),
        "achieved_rate": round(len(sent) / (last - first), 2),
        "achieved_rate_while_up": round(len(sent) / (last - first - down), 2),
        "ratio_to_configured": round(len(sent) / (last - first) / rate, 3),
        "ratio_to_configured_while_up": round(len(sent) / (last - first - down) / rate, 3),
        "standin_429s": standin.stats.get("error:429", 0),
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--parents", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=25.0)
    args = parser.parse_args()
    report("summaries_delivery", asyncio.run(main(args.parents, args.rate)))
