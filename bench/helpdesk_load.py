"""50 people file requests at once through the real bot on the stand-in.

Each person is first brought to the confirmation step (not timed). Then all press
"Send" at the same instant. Measured: requests/s, and p50/p99 from a person's press to
the specialist's card arriving at the stand-in. Baseline in the same run: 50 people
messaging the minimal echo bot at once, round trip p50/p99.

    python -m bench.helpdesk_load [--people 50]
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import statistics
import time

from bench.common import TOKEN, echo_bot, our_bot, report, wait_until, workdir
from tg_standin import StandIn

SYLLABLES = ["Ба", "Ва", "Га", "Да", "Ка", "Ла", "Ма", "На", "Па", "Ра"]
SPECIALIST_A = 200001  # on duty on Tuesday 14:30–16:00 in the example school


def surname(i: int) -> str:
    return f"{SYLLABLES[i // 10 % 10]}{SYLLABLES[i % 10].lower()}{SYLLABLES[i // 100 % 10].lower()}нова"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


async def prepare(person, name: str) -> None:
    await person.send("/start")
    await person.press("✅ Согласен(на)")
    await person.press("Родитель")
    await person.wait_for("Роль:")
    await person.send("/new")
    await person.press("Вопрос или проблема с журналом")
    await person.press("Вопрос")
    await person.press("Техническая поддержка")
    await person.wait_for("фамилию")
    await person.send(name)
    await person.wait_for("класс")
    await person.send("5А")
    await person.wait_for("Опишите")
    await person.send("Не открывается электронный дневник на телефоне")
    await person.wait_for("Готово")
    await person.press("Готово ➡️")
    await person.wait_for("Проверьте обращение", timeout=30)


async def echo_baseline(standin: StandIn, people: int) -> dict:
    users = [standin.user(3_000_000 + i, first_name="E", language_code="ru") for i in range(people)]
    started: dict[int, float] = {}

    async def one(user) -> float:
        started[user.id] = time.perf_counter()
        await user.send("ping")
        await user.next_message(timeout=30)
        return time.perf_counter() - started[user.id]

    t0 = time.perf_counter()
    latencies = await asyncio.gather(*(one(u) for u in users))
    total = time.perf_counter() - t0
    return {"per_s": people / total, "p50_ms": percentile(latencies, 0.5) * 1000, "p99_ms": percentile(latencies, 0.99) * 1000}


async def main(people: int) -> dict:
    standin = StandIn(token=TOKEN, bot_username="bench_bot")
    await standin.start(host="127.0.0.1", port=0)
    figures: dict = {"people": people}
    started: list = []
    try:
        base = echo_bot(standin, workdir("echo"))
        started.append(base)
        await base.start()
        await echo_baseline(standin, 10)
        echo = await echo_baseline(standin, people)
        await base.stop()

        where = workdir("helpdesk")
        ours = our_bot(standin, where, TICK_SECONDS="5")
        started.append(ours)
        await ours.start()
        standin.user(SPECIALIST_A, first_name="Специалист", language_code="ru")  # has opened the bot
        # Warm-up, as for the echo bot: one request filed end to end first, so the burst does not
        # pay the process's one-time costs (lazy imports, first use of each model).
        early = standin.user(4_999_999, first_name="Мама", language_code="ru")
        await prepare(early, "Разогреваева Анна")
        await early.press("📨 Отправить")
        await wait_until(lambda: any("Разогреваева" in (r.text or "") for r in standin.sent_log
                                     if r.chat_id == SPECIALIST_A), timeout=30)
        persons = [standin.user(4_000_000 + i, first_name="Мама", language_code="ru") for i in range(people)]
        names = [f"{surname(i)} Анна" for i in range(people)]
        await asyncio.gather(*(prepare(p, n) for p, n in zip(persons, names)))

        found: dict[str, float] = {}
        scanned = len(standin.sent_log)

        def card_times() -> dict[str, float]:
            """Cards that reached the specialist, scanning only what arrived since the last look."""
            nonlocal scanned
            log = standin.sent_log
            for record in log[scanned:]:
                if record.chat_id == SPECIALIST_A and record.text and "📩" in record.text:
                    name = record.text.split("От: ", 1)[1].split(" (", 1)[0]
                    found.setdefault(name, record.time)
            scanned = len(log)
            return found

        pressed: dict[str, float] = {}

        async def confirm(person, name: str) -> None:
            pressed[name] = time.time()
            await person.press("📨 Отправить")

        t0 = time.perf_counter()
        await asyncio.gather(*(confirm(p, n) for p, n in zip(persons, names)))
        await wait_until(lambda: len(card_times()) == people, timeout=120, step=0.05)
        total = time.perf_counter() - t0
        arrived = card_times()
        latencies = [arrived[n] - pressed[n] for n in names]
        await ours.stop()
        log = (where / "bot.log").read_text(errors="replace")
        rows = sqlite3.connect(where / "bench.sqlite3").execute("SELECT count(*) FROM requests").fetchone()[0]
    finally:
        for process in started:
            await process.stop()
        await standin.stop()
    figures.update(
        requests_per_s=round(people / total, 1),
        card_p50_ms=round(percentile(latencies, 0.5) * 1000, 1),
        card_p99_ms=round(percentile(latencies, 0.99) * 1000, 1),
        echo_per_s=round(echo["per_s"], 1),
        echo_p50_ms=round(echo["p50_ms"], 1),
        echo_p99_ms=round(echo["p99_ms"], 1),
        requests_in_register=rows - 1,
        lost=people + 1 - rows,
        database_locked="database is locked" in log,
        target_p99_ms=100,
    )
    figures["p99_ratio_to_echo"] = round(figures["card_p99_ms"] / max(figures["echo_p99_ms"], 0.001), 2)
    return figures


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=50)
    args = parser.parse_args()
    report("helpdesk_load", asyncio.run(main(args.people)))
