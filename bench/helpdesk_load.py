"""50 people file requests at once through the real bot on the stand-in.

Each person is first brought to the confirmation step (not timed). Then all press
"Send" at the same instant. Measured: requests/s, and p50/p99 from a person's press to
the request reaching the specialist at the stand-in: its card, or its line in the queue
message that gathers the cards one chat cannot take at once. Baseline: 50 people messaging the
minimal echo bot at once, round trip p50/p99.

The two bots run at the same time, each on a stand-in of its own in this process, and
take turns: an echo burst, then one of ours, `--rounds` times. A burst lasts a tenth of
a second and this machine's speed drifts by a factor of two from minute to minute, so
one burst proves little; paired rounds under the same conditions, and their medians,
do. The first round also finds the connection pools cold, as after a quiet hour.

    python -m bench.helpdesk_load [--people 50] [--rounds 5]
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
    await person.press("✅ Даю согласие")
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


async def echo_round(standin: StandIn, people: int, first_id: int) -> tuple[float, list[float]]:
    users = [standin.user(first_id + i, first_name="E", language_code="ru") for i in range(people)]

    async def one(user) -> float:
        started = time.perf_counter()
        await user.send("ping")
        await user.next_message(timeout=30)
        return time.perf_counter() - started

    t0 = time.perf_counter()
    latencies = await asyncio.gather(*(one(u) for u in users))
    return time.perf_counter() - t0, latencies


async def our_round(standin: StandIn, people: int, first_id: int, tag: str) -> tuple[float, list[float]]:
    persons = [standin.user(first_id + i, first_name="Мама", language_code="ru") for i in range(people)]
    names = [f"{surname(i)} {tag}" for i in range(people)]
    await asyncio.gather(*(prepare(p, n) for p, n in zip(persons, names, strict=True)))

    found: dict[str, float] = {}
    scanned = len(standin.sent_log)

    def card_times() -> dict[str, float]:
        """Requests that reached the specialist, by their card or by their line in a queue message
        (cards filed faster than one chat takes them come as one), scanning only what arrived
        since the last look."""
        nonlocal scanned
        log = standin.sent_log
        for record in log[scanned:]:
            if record.chat_id == SPECIALIST_A and record.text and "📩" in record.text:
                name = record.text.split("Заявитель: ", 1)[1].split("\n", 1)[0]
                found.setdefault(name, record.time)
            elif record.chat_id == SPECIALIST_A and record.text and record.text.startswith("📋"):
                for line in record.text.split("\n")[1:]:  # "n. № number — name, class: text"
                    if " — " in line and ", " in line:
                        found.setdefault(line.split(" — ", 1)[1].split(", ", 1)[0], record.time)
        scanned = len(log)
        return found

    pressed: dict[str, float] = {}

    async def confirm(person, name: str) -> None:
        pressed[name] = time.time()
        await person.press("📨 Отправить")

    t0 = time.perf_counter()
    await asyncio.gather(*(confirm(p, n) for p, n in zip(persons, names, strict=True)))
    await wait_until(lambda: len(card_times()) == people, timeout=120, step=0.02)
    total = time.perf_counter() - t0
    arrived = card_times()
    return total, [arrived[n] - pressed[n] for n in names]


TAGS = ["Анна", "Мария", "Ольга", "Елена", "Ирина", "Наталья", "Татьяна", "Светлана", "Юлия", "Дарья"]


async def main(people: int, rounds: int = 5) -> dict:
    echo_api = StandIn(token=TOKEN, bot_username="echo_bot")
    ours_api = StandIn(token=TOKEN, bot_username="bench_bot")
    await echo_api.start(host="127.0.0.1", port=0)
    await ours_api.start(host="127.0.0.1", port=0)
    where = workdir("helpdesk")
    base = echo_bot(echo_api, workdir("echo"))
    ours = our_bot(ours_api, where, TICK_SECONDS="5")
    echo_rounds: list[dict] = []
    our_rounds: list[dict] = []
    try:
        await base.start()
        await ours.start()
        ours_api.user(SPECIALIST_A, first_name="Специалист", language_code="ru")  # has opened the bot
        # Warm-up of both: the process's one-time costs (lazy imports, first use of each model).
        await echo_round(echo_api, 10, 3_900_000)
        early = ours_api.user(4_999_999, first_name="Мама", language_code="ru")
        await prepare(early, "Разогреваева Анна")
        await early.press("📨 Отправить")
        await wait_until(lambda: any("Разогреваева" in (r.text or "") for r in ours_api.sent_log
                                     if r.chat_id == SPECIALIST_A), timeout=30)
        for n in range(rounds):
            total, latencies = await echo_round(echo_api, people, 3_000_000 + n * 1000)
            echo_rounds.append(_figures(people, total, latencies))
            total, latencies = await our_round(ours_api, people, 4_000_000 + n * 1000, TAGS[n % len(TAGS)])
            our_rounds.append(_figures(people, total, latencies))
        await ours.stop()
        log = (where / "bot.log").read_text(errors="replace")
        rows = sqlite3.connect(where / "bench.sqlite3").execute("SELECT count(*) FROM requests").fetchone()[0]
    finally:
        for process in (base, ours):
            await process.stop()
        await echo_api.stop()
        await ours_api.stop()
    filed = people * rounds
    figures: dict = {"people": people, "rounds": rounds}
    figures.update(
        requests_per_s=_median(r["per_s"] for r in our_rounds),
        card_p50_ms=_median(r["p50_ms"] for r in our_rounds),
        card_p99_ms=_median(r["p99_ms"] for r in our_rounds),
        echo_per_s=_median(r["per_s"] for r in echo_rounds),
        echo_p50_ms=_median(r["p50_ms"] for r in echo_rounds),
        echo_p99_ms=_median(r["p99_ms"] for r in echo_rounds),
        p99_ratio_to_echo=_median(o["p99_ms"] / e["p99_ms"] for o, e in zip(our_rounds, echo_rounds, strict=True)),
        card_p99_ms_by_round=[r["p99_ms"] for r in our_rounds],
        echo_p99_ms_by_round=[r["p99_ms"] for r in echo_rounds],
        requests_in_register=rows - 1,
        lost=filed + 1 - rows,
        database_locked="database is locked" in log,
        target_p99_ms=100,
    )
    return figures


def _figures(people: int, total: float, latencies: list[float]) -> dict:
    return {"per_s": people / total, "p50_ms": percentile(latencies, 0.5) * 1000,
            "p99_ms": percentile(latencies, 0.99) * 1000}


def _median(values) -> float:
    return round(statistics.median(list(values)), 2)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    report("helpdesk_load", asyncio.run(main(args.people, args.rounds)))
