"""The fuzz suite of tests/fuzz at length: at least 10,000 random and hostile inputs into the real
dispatcher, in every state of every form. Reports the count of inputs and of unhandled errors,
and each distinct error once with the input that caused it.

Unlike the test, it does not stop at the first error: it goes on and counts them all.

    python -m bench.fuzz [--inputs 10000]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import tempfile
import time
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, seed, settings

from bench.common import report
from tests.fuzz.fuzzing import example, examples
from tests.fuzz.rig import Rig


def main(inputs: int = 10_000) -> dict:
    loop = asyncio.new_event_loop()
    rig = loop.run_until_complete(Rig(Path(tempfile.mkdtemp(prefix="bench-fuzz-"))).start())
    states = 0
    started = time.perf_counter()

    def one(program) -> None:  # noqa: ANN001
        nonlocal states
        states += 1
        loop.run_until_complete(example(rig, program))

    try:
        for number in itertools.count():
            if rig.inputs - rig.setup_inputs >= inputs:
                break
            run = seed(number)(settings(max_examples=50, deadline=None, database=None, phases=[Phase.generate],
                                        suppress_health_check=list(HealthCheck))(given(examples)(one)))
            run()
        loop.run_until_complete(rig.settle(5.0))
    finally:
        loop.run_until_complete(rig.stop())
        loop.close()
    distinct: dict[str, dict] = {}
    for failure in rig.failures:
        entry = distinct.setdefault(failure.key(), {"count": 0, "error": failure.summary[:400],
                                                    "input": str(failure.update)[:800] if failure.update else None,
                                                    "where": failure.detail.strip().splitlines()[-3:]})
        entry["count"] += 1
    return {
        "inputs": rig.inputs - rig.setup_inputs,
        "updates_to_reach_the_states": rig.setup_inputs,
        "states_visited": states,
        "states_not_reached": rig.setup_misses,
        "errors": len(rig.failures),
        "distinct_errors": list(distinct.values()),
        "seconds": round(time.perf_counter() - started, 1),
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--inputs", type=int, default=10_000)
    args = parser.parse_args()
    report("fuzz", main(args.inputs))
