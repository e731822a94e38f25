"""Random and hostile updates into the real dispatcher, in every state of every form: 0 unhandled errors.

An unhandled error is an exception out of `feed_update`, anything that reaches the bot's error
handler of last resort (bot/errors.py logs it with its traceback), and anything else the bot logs
at ERROR (a send that Telegram refused, a background task that failed). The run is bounded
(about 30 s here) and reproducible: Hypothesis derandomized, no example database. `bench/fuzz.py`
runs the same for 10,000+ inputs.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import time

import pytest
from hypothesis import HealthCheck, Phase, given, seed, settings

from tests.fuzz.fuzzing import example
from tests.fuzz.fuzzing import examples as programs
from tests.fuzz.rig import Failure, Rig

SECONDS = float(os.environ.get("FUZZ_SECONDS", "15"))


def describe(failures: list[Failure], limit: int = 8) -> str:
    seen: dict[str, Failure] = {}
    for failure in failures:
        seen.setdefault(failure.key(), failure)
    lines = [f"{len(failures)} unhandled error(s), {len(seen)} distinct:"]
    for failure in list(seen.values())[:limit]:
        lines.append(f"- [{failure.kind}] {failure.summary[:300]}")
        if failure.update is not None:
            lines.append(f"  input: {str(failure.update)[:600]}")
        lines.append("  " + failure.detail[-1500:].replace("\n", "\n  "))
    return "\n".join(lines)


def run_for(body, deadline: float, chunk: int = 20) -> None:  # noqa: ANN001
    """Hypothesis in chunks of `chunk` examples, chunk i with the fixed seed i, until the deadline:
    bounded in time, and the same inputs in the same order on every run. No shrinking: the bot's
    state moves on with every input, so a re-run is not the same run; the failure names the update
    that raised, which is the reproduction."""
    for number in itertools.count():
        if time.monotonic() > deadline:
            return
        run = seed(number)(settings(max_examples=chunk, deadline=None, database=None, print_blob=True,
                                    phases=[Phase.generate], report_multiple_bugs=False,
                                    suppress_health_check=list(HealthCheck))(given(programs)(body)))
        run()


@pytest.fixture
def rig(tmp_path):
    loop = asyncio.new_event_loop()
    rig = loop.run_until_complete(Rig(tmp_path).start())
    rig.loop = loop
    yield rig
    loop.run_until_complete(rig.stop())
    loop.close()


def test_hostile_input_in_every_state_leaves_no_unhandled_error(rig):
    assert not rig.failures, describe(rig.failures)
    deadline = time.monotonic() + SECONDS
    examples = 0

    def one(program) -> None:  # noqa: ANN001
        nonlocal examples
        if time.monotonic() > deadline:
            return  # the rest of the last chunk, after the time is up
        examples += 1
        before = len(rig.failures)
        rig.loop.run_until_complete(example(rig, program))
        new = rig.failures[before:]
        # What the input itself raised is shrunk by Hypothesis to a minimal example.
        assert not [f for f in new if f.kind == "raised" or f.update is not None], describe(new)

    run_for(one, deadline)
    rig.loop.run_until_complete(rig.settle(3.0))
    fuzzed = rig.inputs - rig.setup_inputs
    print(f"fuzz: {examples} states, {fuzzed} inputs (+{rig.setup_inputs} to reach the states), "
          f"{rig.setup_misses} states not reached, {len(rig.failures)} errors")
    assert not rig.failures, describe(rig.failures)
    assert fuzzed >= 6 * SECONDS, f"only {fuzzed} inputs in {SECONDS}s"  # ~20 a second here, unloaded
