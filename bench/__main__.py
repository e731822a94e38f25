"""`python -m bench` / `make bench`: every benchmark, each with its baseline in the same run."""

from __future__ import annotations

import asyncio

from bench import helpdesk_load, throughput
from bench.common import report


def main() -> None:
    report("throughput", asyncio.run(throughput.main(200, 5)))
    report("helpdesk_load", asyncio.run(helpdesk_load.main(50)))


if __name__ == "__main__":
    main()
