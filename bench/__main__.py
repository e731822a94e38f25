"""`python -m bench` / `make bench`: every benchmark, each with its baseline in the same run.

The delivery benchmark sends 10,000 summaries at 25 a second: it alone takes about seven
minutes, and the fuzz run (10,000 hostile inputs) about as long again. `python -m bench quick`
leaves both out.
"""

from __future__ import annotations

import asyncio
import sys

from bench import (
    dispatch_profile,
    first_contact,
    fuzz,
    helpdesk_load,
    relay,
    slot_start,
    summaries_compute,
    summaries_delivery,
    throughput,
)
from bench.common import report


def main() -> None:
    quick = "quick" in sys.argv[1:]
    report("throughput", asyncio.run(throughput.main(200, 5)))
    report("helpdesk_load", asyncio.run(helpdesk_load.main(50)))
    report("first_contact", asyncio.run(first_contact.main(600, 3)))
    report("relay", asyncio.run(relay.main(50, 5)))
    report("slot_start", asyncio.run(slot_start.main(30)))
    report("dispatch_profile", asyncio.run(dispatch_profile.main(50, 5, profile=True)))
    report("summaries_compute", summaries_compute.main(1500, 667))
    if not quick:
        report("summaries_delivery", asyncio.run(summaries_delivery.main(10_000, 25.0)))
        report("fuzz", fuzz.main(10_000))


if __name__ == "__main__":
    main()
