"""Group commit: who goes together, and what happens when a batch fails."""

from __future__ import annotations

import asyncio

import pytest

from storage.group_commit import GroupCommit


async def test_callers_arriving_together_share_one_write_and_get_their_own_results():
    writes: list[list[int]] = []
    writing = asyncio.Event()

    async def write(items: list[int]) -> list[int]:
        writes.append(items)
        writing.set()
        await asyncio.sleep(0.01)  # the write's own time
        return [i * 10 for i in items]

    group: GroupCommit[int, int] = GroupCommit(write)
    first = await asyncio.gather(*(group.submit(i) for i in range(5)))
    assert first == [0, 10, 20, 30, 40]
    assert writes == [[0, 1, 2, 3, 4]]

    # While a batch is being written, newcomers form the next one.
    writing.clear()

    async def later(i: int) -> int:
        await writing.wait()
        return await group.submit(i)

    assert await asyncio.gather(group.submit(5), later(6), later(7)) == [50, 60, 70]
    assert writes[1:] == [[5], [6, 7]]
    assert group.batches == 3


async def test_a_single_caller_is_not_kept_waiting_for_company():
    group: GroupCommit[str, str] = GroupCommit(lambda items: asyncio.sleep(0, [s.upper() for s in items]))
    assert await asyncio.wait_for(group.submit("a"), 0.05) == "A"


async def test_a_failed_batch_is_written_again_one_by_one_and_fails_only_the_bad_item():
    writes: list[list[int]] = []

    async def write(items: list[int]) -> list[int]:
        writes.append(items)
        if 3 in items:
            raise ValueError("bad item 3")
        return items

    group: GroupCommit[int, int] = GroupCommit(write)
    results = await asyncio.gather(*(group.submit(i) for i in range(1, 5)), return_exceptions=True)
    assert results[:2] == [1, 2] and results[3] == 4
    assert isinstance(results[2], ValueError)
    assert writes == [[1, 2, 3, 4], [1], [2], [3], [4]]


async def test_batches_are_capped():
    sizes: list[int] = []

    async def write(items: list[int]) -> list[int]:
        sizes.append(len(items))
        return items

    group: GroupCommit[int, int] = GroupCommit(write, max_batch=4)
    assert await asyncio.gather(*(group.submit(i) for i in range(10))) == list(range(10))
    assert sizes == [4, 4, 2]


async def test_a_caller_that_gives_up_does_not_undo_the_write_nor_break_the_others():
    done: list[int] = []

    writing = asyncio.Event()

    async def write(items: list[int]) -> list[int]:
        writing.set()
        await asyncio.sleep(0.02)  # the write's own time
        done.extend(items)
        return items

    group: GroupCommit[int, int] = GroupCommit(write)
    impatient = asyncio.create_task(group.submit(1))
    patient = asyncio.create_task(group.submit(2))
    await writing.wait()  # both are in the batch being written
    impatient.cancel()
    assert await patient == 2
    with pytest.raises(asyncio.CancelledError):
        await impatient
    assert done == [1, 2]


async def test_stopping_the_writer_releases_everyone_waiting():
    started = asyncio.Event()

    async def write(items: list[int]) -> list[int]:
        started.set()
        await asyncio.sleep(10)
        return items

    group: GroupCommit[int, int] = GroupCommit(write)
    waiting = [asyncio.create_task(group.submit(i)) for i in range(3)]
    await started.wait()
    assert group._writer is not None
    group._writer.cancel()
    results = await asyncio.gather(*waiting, return_exceptions=True)
    assert all(isinstance(r, asyncio.CancelledError) for r in results)
