"""End-to-end fixtures.

Starting the bot costs seconds (aiogram builds its pydantic models at import), so most
tests share one bot process and one stand-in, each test with its own people. Tests that
restart or kill the bot get a stand-in and a process of their own (`own_bot`), so two
bots never poll one server.
"""

from __future__ import annotations

import pytest

from tests.e2e.harness import TOKEN, BotProcess
from tg_standin import StandIn

pytestmark = pytest.mark.e2e

TUESDAY_DURING_SLOT = "2026-11-24T14:45:00+03:00"


async def _standin() -> StandIn:
    server = StandIn(token=TOKEN, bot_username="school_helpdesk_bot")
    await server.start(host="127.0.0.1", port=0)
    return server


async def _finish(process: BotProcess) -> None:
    code = await process.stop()
    assert code in (0, -15, None), f"the bot exited with {code}:\n{process.log()}"
    assert "Traceback" not in process.log(), process.log()


@pytest.fixture(scope="session")
async def shared_standin():
    server = await _standin()
    yield server
    await server.stop()


@pytest.fixture(scope="session")
async def shared_bot(shared_standin, tmp_path_factory):
    process = BotProcess(shared_standin, tmp_path_factory.mktemp("shared-bot"))
    process.clock.set(TUESDAY_DURING_SLOT)
    await process.start()
    yield process
    await _finish(process)


@pytest.fixture
async def standin(shared_standin):
    shared_standin.faults.clear()
    shared_standin.rate_limits.disable()
    return shared_standin


@pytest.fixture
async def bot(shared_bot, standin):
    """The shared bot, with the school's clock back on Tuesday 14:45 (Specialist A on duty)."""
    shared_bot.clock.set(TUESDAY_DURING_SLOT)
    return shared_bot


@pytest.fixture
async def own_standin():
    server = await _standin()
    yield server
    await server.stop()


@pytest.fixture
async def own_bot(own_standin, tmp_path, request):
    """A bot process of this test's own, for restarts and crashes. The school's clock starts
    on Tuesday 14:45, or at `@pytest.mark.school_clock("<ISO moment>")`."""
    marker = request.node.get_closest_marker("school_clock")
    process = BotProcess(own_standin, tmp_path)
    process.clock.set(marker.args[0] if marker else TUESDAY_DURING_SLOT)
    await process.start()
    yield process
    await _finish(process)
