from __future__ import annotations

import pytest

from tests.e2e.harness import TOKEN, BotProcess
from tg_standin import StandIn

pytestmark = pytest.mark.e2e


@pytest.fixture
async def standin():
    server = StandIn(token=TOKEN, bot_username="school_helpdesk_bot")
    await server.start(host="127.0.0.1", port=0)
    yield server
    await server.stop()


@pytest.fixture
async def bot(standin, tmp_path):
    process = BotProcess(standin, tmp_path)
    process.clock.set("2026-11-24T14:45:00+03:00")  # a Tuesday, during a consultation slot
    await process.start()
    yield process
    code = await process.stop()
    assert code in (0, -15, None), f"the bot exited with {code}:\n{process.log()}"
    assert "Traceback" not in process.log(), process.log()
