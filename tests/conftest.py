"""For the whole suite: a failing test must not keep the test process alive.

aiosqlite runs each connection in a worker thread that Python waits for at exit. A test
that fails with a database still open (its `close()` never reached, the connection still
referenced by the failure's traceback) left that thread waiting, and the run hung after
printing its failures instead of ending with them. What is still open when the session
ends is closed here, through aiosqlite's own `close()`.
"""

from __future__ import annotations

import asyncio
import gc

import aiosqlite


def pytest_sessionfinish(session, exitstatus) -> None:  # type: ignore[no-untyped-def]
    left = [obj for obj in gc.get_objects() if isinstance(obj, aiosqlite.Connection)]
    if not left:
        return

    async def close_all() -> None:
        for connection in left:
            try:
                await asyncio.wait_for(connection.close(), 5)
            except Exception:  # noqa: BLE001 - closing what is left; nothing to report it to
                pass

    asyncio.run(close_all())
