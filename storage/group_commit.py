"""Group commit: writes that arrive together go to the database together.

aiogram handles the updates of one `getUpdates` answer as concurrent tasks, so fifty
people pressing "Send" at once become fifty handlers wanting a transaction at the same
instant. One at a time, each pays a dozen round trips to the database thread (about
0.1 ms each even when idle, far more behind a busy event loop) and waits for all the
others before it: the fiftieth card then left half a second after its press.

`GroupCommit` gives them one transaction. The first caller starts a writer task; it
runs as soon as the event loop gets to it and takes everybody who has arrived by
then, so no delay is ever added to wait for company. Callers arriving while a batch
is being written form the next one. Each caller waits for its own result, which
exists only once the batch is committed: nothing is acknowledged before it is on
disk.

If a batch fails, its items are written again one by one, so one bad item fails
only its own caller.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")


class GroupCommit(Generic[T, R]):
    def __init__(self, write: Callable[[list[T]], Awaitable[list[R]]], *, max_batch: int = 100, name: str = "group-commit") -> None:
        self._write = write
        self._max_batch = max_batch
        self._name = name
        self._pending: list[tuple[T, asyncio.Future[R]]] = []
        self._writer: asyncio.Task[None] | None = None
        self.batches = 0  # how many transactions, for tests and benchmarks

    async def submit(self, item: T) -> R:
        future: asyncio.Future[R] = asyncio.get_running_loop().create_future()
        self._pending.append((item, future))
        if self._writer is None:
            self._writer = asyncio.create_task(self._drain(), name=self._name)
        return await future

    async def _drain(self) -> None:
        batch: list[tuple[T, asyncio.Future[R]]] = []
        try:
            while self._pending:
                batch, self._pending = self._pending[: self._max_batch], self._pending[self._max_batch :]
                self.batches += 1
                try:
                    results = await self._write([item for item, _ in batch])
                except Exception as error:
                    if len(batch) == 1:
                        _settle(batch[0][1], error=error)
                        continue
                    log.warning("%s: a batch of %d failed (%r); writing them one by one", self._name, len(batch), error)
                    for item, future in batch:
                        try:
                            _settle(future, (await self._write([item]))[0])
                        except Exception as single:
                            _settle(future, error=single)
                    continue
                for (_, future), result in zip(batch, results, strict=True):
                    _settle(future, result)
                batch = []
        except BaseException:  # cancelled at shutdown: nobody is left waiting forever
            for _, future in batch + self._pending:
                future.cancel()
            self._pending = []
            raise
        finally:
            self._writer = None


def _settle(future: asyncio.Future[R], result: R | None = None, *, error: BaseException | None = None) -> None:
    if future.done():  # its caller was cancelled; the write itself stands
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)  # type: ignore[arg-type]
