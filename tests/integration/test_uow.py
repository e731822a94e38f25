"""The unit of work: what its repositories do inside one `async with` commits together, or not at all."""

from __future__ import annotations

import asyncio
from datetime import date, datetime

import pytest

from storage.db import Database
from storage.uow import UnitOfWork, repositories_of

NOW = datetime.fromisoformat("2026-11-24T10:00:00+03:00")
WEEK = date(2026, 11, 23)


@pytest.fixture
async def db(tmp_path):
    database = await Database(tmp_path / "uow.sqlite3").connect()
    yield database
    await database.close()


async def test_what_a_unit_of_work_does_commits_together(db):
    async with UnitOfWork(db) as uow:
        await uow.summaries.start_run("weekly", WEEK, NOW)
        await uow.summaries.run_queued("weekly", WEEK, 3)
        await uow.summaries.unreachable(42, NOW, "Forbidden")
    assert await repositories_of(db).summaries.queued("weekly", WEEK)
    assert [r.kind for r in await repositories_of(db).summaries.open_runs()] == ["weekly"]


async def test_an_error_inside_leaves_nothing_behind(db):
    with pytest.raises(RuntimeError, match="boom"):
        async with UnitOfWork(db) as uow:
            await uow.summaries.start_run("weekly", WEEK, NOW)
            await uow.summaries.run_queued("weekly", WEEK, 3)
            assert await uow.summaries.queued("weekly", WEEK)  # reads inside see the unit's own writes
            raise RuntimeError("boom")
    assert not await repositories_of(db).summaries.queued("weekly", WEEK)
    assert await repositories_of(db).summaries.open_runs() == []


async def test_another_task_waits_for_the_unit_to_end(db):
    """The transaction belongs to the task that opened it: another task's read waits for the
    commit and never sees half of the unit's work."""
    seen: list[bool] = []
    started = asyncio.Event()

    async def reader() -> None:
        await started.wait()
        seen.append(await repositories_of(db).summaries.queued("weekly", WEEK))

    task = asyncio.create_task(reader())
    async with UnitOfWork(db) as uow:
        await uow.summaries.start_run("weekly", WEEK, NOW)
        started.set()
        await asyncio.sleep(0)  # the reader runs now and must wait
        await uow.summaries.run_queued("weekly", WEEK, 3)
    await task
    assert seen == [True]


async def test_the_repositories_are_the_process_own(db):
    """A repository with a cache (users) is one object, whichever unit of work reaches it."""
    async with UnitOfWork(db) as first:
        pass
    async with UnitOfWork(repositories_of(db)) as second:
        pass
    assert first.users is second.users is repositories_of(db).users
    with pytest.raises(RuntimeError):
        _ = first.conn  # outside its block there is no transaction to use
