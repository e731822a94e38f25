"""Computing every weekly summary of a school year: 1,500 students, about a million marks.

Each measurement runs in a fresh process, so its peak memory is its own. Ours: the
averages summed by SQLite, the week's own rows read into Python (bot/services/summaries/weeks.py).
Baseline in the same run: the straightforward way, every mark of the period read into
Python and averaged there (bot/domain/marks.summarize_week, the reference the tests hold
the SQL to). Target: ours under 5 s and 300 MB.

    python -m bench.summaries_compute [--students 1500] [--marks 667]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from bench.common import ROOT, report, workdir
from bench.seed import seed_year
from storage.db import Database

WEEK = date(2027, 5, 17)  # late in the year: the period so far is nearly the whole year


async def measure(database: Path, how: str) -> dict:
    from bot.domain.marks import GradingRules, summarize_week
    from bot.domain.school import load_school_config
    from bot.i18n import I18n
    from bot.services.summaries import Recipient, Summaries
    from bot.views.summaries import summary_text

    school = load_school_config(ROOT / "schools" / "example.toml").model_copy(update={"periods": []})
    db = await Database(database).connect(migrate=False)

    class Clock:
        def now(self):  # noqa: ANN202
            raise AssertionError("not needed")

    service = Summaries(db, school, Clock(), views=None)  # type: ignore[arg-type]  # computing only
    t = I18n().get("ru")
    if how == "idle":
        await db.close()
        return {"seconds": 0.0, "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
                "students": 0, "characters": 0}
    started = time.perf_counter()
    ids = [row[0] for row in await db.fetch_all("SELECT id, full_name FROM students")]
    names = {row[0]: row[1] for row in await db.fetch_all("SELECT id, full_name FROM students")}
    if how == "ours":
        summaries = await service.week_summaries(None, WEEK)
    else:
        rules = GradingRules.from_settings(school.grading)
        period = school.period_on(WEEK)
        summaries = {}
        for sid in ids:
            marks = await service.marks.period_marks(sid, period.start, WEEK + timedelta(days=6))
            absences = await service.marks.week_absences([sid], WEEK, WEEK + timedelta(days=6))
            summaries[sid] = summarize_week(sid, marks, absences, WEEK, WEEK + timedelta(days=6), rules)
    texts = [summary_text(Recipient(1, sid, names[sid], "5А", "ru"), summary, t, service.rules,
                          school.period_on(summary.week_start)) for sid, summary in summaries.items()]
    elapsed = time.perf_counter() - started
    await db.close()
    return {
        "seconds": round(elapsed, 2),
        "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "students": len(summaries),
        "characters": sum(len(x) for x in texts),
    }


def run_child(database: Path, how: str) -> dict:
    output = subprocess.run(
        [sys.executable, "-m", "bench.summaries_compute", "--child", how, "--database", str(database)],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main(students: int, marks: int) -> dict:
    database = workdir("compute") / "year.sqlite3"

    async def migrate() -> None:
        await (await Database(database).connect()).close()

    asyncio.run(migrate())
    written = seed_year(database, students, marks)
    idle = run_child(database, "idle")  # the same imports, computing nothing: the memory floor
    ours = run_child(database, "ours")
    baseline = run_child(database, "baseline")
    return {
        "students": students,
        "marks": written,
        "ours_seconds": ours["seconds"],
        "ours_peak_mb": ours["peak_mb"],
        "idle_process_mb": idle["peak_mb"],
        "baseline_seconds": baseline["seconds"],
        "baseline_peak_mb": baseline["peak_mb"],
        "speedup": round(baseline["seconds"] / ours["seconds"], 1),
        "same_output_size": ours["characters"] == baseline["characters"],
        "target_seconds": 5,
        "target_mb": 300,
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=1500)
    parser.add_argument("--marks", type=int, default=667)
    parser.add_argument("--child", choices=["idle", "ours", "baseline"])
    parser.add_argument("--database", type=Path)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(asyncio.run(measure(args.database, args.child))))
    else:
        report("summaries_compute", main(args.students, args.marks))
