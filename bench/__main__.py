"""`python -m bench`: every benchmark, each with its baseline in the same run."""

from __future__ import annotations

import asyncio
import runpy
import sys

from bench import helpdesk_load, throughput
from bench.common import report


def main() -> None:
    report("throughput", asyncio.run(throughput.main(200, 5)))
    report("helpdesk_load", asyncio.run(helpdesk_load.main(50)))
    for extra in ("bench.summaries_compute",):
        try:
            sys.argv = [extra]
            runpy.run_module(extra, run_name="__main__")
        except ModuleNotFoundError:
            print(f"{extra}: not present")


if __name__ == "__main__":
    main()
