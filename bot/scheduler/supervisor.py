"""Background work that cannot die silently (docs/operations.md).

Every background loop of the bot (the outbox worker, the help desk's timers, the weekly
summaries, the journal's pull, the reload of substitutions) reports to one `Health`:
when it last did its work, and when and how it last failed. A failure is logged with
its traceback and the loop waits before the next try (`Backoff`: doubling pauses, with a
cap), then goes on. A loop that ends, by an exception or by simply returning, is started
again by the `Supervisor`. When a loop, or the database's writes, keep failing for
`alert_after` seconds, the administrators get one message (sent straight to Telegram, as
the outbox may be the very thing that is stuck), and one more when it works again.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)

Now = Callable[[], float]


class LoopFailed(Exception):
    """A loop's run failed in a way it has already described (a journal outage, say): logged
    without a traceback, counted as a failure all the same."""


def describe(error: BaseException) -> str:
    """A short line for /status and the administrators: the kind of error and its message
    (errors here come from SQLite, HTTP and our own code, never with people's words)."""
    text = str(error).strip()
    name = type(error).__name__
    return (f"{name}: {text}" if text and not isinstance(error, LoopFailed) else text or name)[:200]


class Backoff:
    """Pauses after consecutive failures: base, 2×base, 4×base, … up to `cap`, each with a
    little jitter so that loops failing together do not retry in step."""

    def __init__(self, base: float = 1.0, cap: float = 60.0) -> None:
        self.base = base
        self.cap = cap
        self.failures = 0

    def next(self) -> float:
        delay = min(self.cap, self.base * 2 ** self.failures)
        self.failures += 1
        return delay * random.uniform(0.8, 1.0)

    def reset(self) -> None:
        self.failures = 0


@dataclass(slots=True)
class LoopState:
    name: str
    interval: float | None = None  # how often it is meant to run; None: continuously
    last_success: float | None = None
    last_error_at: float | None = None
    last_error: str | None = None
    failing_since: float | None = None  # first failure since the last success
    failures: int = 0  # in a row
    restarts: int = 0
    alerted: bool = False
    alerts: bool = True  # False: the loop tells the administrators itself (the journal's pull)


class Health:
    """What every loop last did; read by /status and by the supervisor's watch."""

    def __init__(self, now: Now = time.time) -> None:
        self.now = now
        self.loops: dict[str, LoopState] = {}

    def register(self, name: str, interval: float | None = None) -> LoopState:
        state = self.loops.get(name)
        if state is None:
            state = self.loops[name] = LoopState(name, interval)
        elif interval is not None:
            state.interval = interval
        return state

    def ok(self, name: str) -> None:
        state = self.register(name)
        state.last_success = self.now()
        state.failing_since = None
        state.failures = 0

    def failed(self, name: str, error: BaseException | str) -> None:
        state = self.register(name)
        moment = self.now()
        state.last_error_at = moment
        state.last_error = error if isinstance(error, str) else describe(error)
        if state.failing_since is None:
            state.failing_since = moment
        state.failures += 1

    def restarted(self, name: str) -> None:
        self.register(name).restarts += 1

    def __iter__(self) -> Any:
        return iter(sorted(self.loops.values(), key=lambda s: s.name))


def guarded(name: str, job: Callable[[], Awaitable[Any]], health: Health | None, *,
            backoff: Backoff | None = None, clock: Callable[[], float] = time.monotonic,
            stopping: Callable[[], bool] = lambda: False) -> Callable[[], Awaitable[None]]:
    """A scheduler's job that never lets an exception out: each run is recorded in `health`; a
    failure is logged with its traceback and the runs after it are skipped for a pause that
    doubles with each failure in a row (capped), so a broken database is not hammered. A run
    that fails because the bot is stopping (`stopping()`: its database closed under it) is
    an interruption, not a failure: its work is transactional and resumes at the next start."""
    pause = backoff or Backoff()
    resume_at = 0.0
    running = False

    async def run() -> None:
        nonlocal resume_at, running
        if running or clock() < resume_at:
            return  # the last run is still going (waiting for a locked database, say), or a pause
        running = True
        try:
            await job()
        except asyncio.CancelledError:
            # Shutdown interrupted the run; its work is transactional and resumes at the next start.
            log.info("%s interrupted by shutdown", name)
            return
        except LoopFailed as error:
            delay = pause.next()
            resume_at = clock() + delay
            log.warning("%s failed: %s; next try in %.1f s", name, error, delay)
            if health is not None:
                health.failed(name, error)
        except Exception as error:
            if stopping():
                log.info("%s interrupted by shutdown: %s", name, describe(error))
                return
            delay = pause.next()
            resume_at = clock() + delay
            log.exception("%s failed; next try in %.1f s", name, delay)
            if health is not None:
                health.failed(name, error)
        else:
            pause.reset()
            resume_at = 0.0
            if health is not None:
                health.ok(name)
        finally:
            running = False

    return run


Alert = Callable[[LoopState, bool], Awaitable[bool]]  # (state, back?) → delivered?
STUCK_AFTER = 60.0  # seconds without a run, at the least, before a loop counts as stuck


class Supervisor:
    """Keeps long-running loops alive and tells the administrators about lasting trouble."""

    def __init__(self, health: Health, *, backoff_base: float = 1.0, backoff_cap: float = 60.0,
                 alert_after: float = 300.0, watch_every: float = 5.0) -> None:
        self.health = health
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self.alert_after = alert_after
        self.watch_every = watch_every
        self.alert: Alert | None = None
        self.report: Callable[[], None] | None = None  # after each look (the state file of bot/healthcheck.py)
        self._extras: list[tuple[str, Callable[[], tuple[float, str] | None],
                                 Callable[[], Awaitable[Any]] | None]] = []
        self._tasks: dict[str, asyncio.Task[None]] = {}
        self._stopping = False

    def keep(self, name: str, loop: Callable[[], Awaitable[Any]]) -> asyncio.Task[None]:
        """Runs `loop()` in a task of its own, and again whenever it ends while the bot runs."""
        self.health.register(name)
        task = asyncio.create_task(self._keep(name, loop), name=f"supervised:{name}")
        self._tasks[name] = task
        return task

    def watch_also(self, name: str, check: Callable[[], tuple[float, str] | None],
                   probe: Callable[[], Awaitable[Any]] | None = None) -> None:
        """Something that is not a loop (the database's writes): `check()` gives (since, error)
        while it is in trouble, None when it is fine; `probe()`, called while it is in trouble,
        tries it again (an idle bot would otherwise not notice that it works again)."""
        self.health.register(name)
        self._extras.append((name, check, probe))

    def start_watch(self) -> asyncio.Task[None]:
        return self.keep("watch", self._watch)

    async def _keep(self, name: str, loop: Callable[[], Awaitable[Any]]) -> None:
        pause = Backoff(self.backoff_base, self.backoff_cap)
        while not self._stopping:
            started = time.monotonic()
            try:
                await loop()
            except asyncio.CancelledError:
                raise
            except Exception as error:
                if self._stopping:
                    return
                log.exception("background loop %s stopped with an error; starting it again", name)
                self.health.failed(name, error)
            else:
                if self._stopping:
                    return
                log.error("background loop %s ended by itself; starting it again", name)
                self.health.failed(name, "the loop ended")
            self.health.restarted(name)
            if time.monotonic() - started > self.backoff_cap:
                pause.reset()  # it had been running fine for a while
            await asyncio.sleep(pause.next())

    async def _watch(self) -> None:
        while not self._stopping:
            await self.check_once()
            await asyncio.sleep(self.watch_every)

    async def check_once(self) -> None:
        """One look at every loop: alerts for trouble that has lasted, notices for recoveries."""
        for name, check, probe in self._extras:
            state = self.health.register(name)
            if check() is not None and probe is not None:
                try:
                    await probe()
                except Exception:
                    log.exception("probing %s failed", name)
            trouble = check()
            if trouble is None:
                if state.failing_since is not None:
                    self.health.ok(name)
            else:
                since, error = trouble
                state.failing_since = state.failing_since or since
                state.last_error_at, state.last_error = self.health.now(), error
                state.failures = max(1, state.failures)
        now = self.health.now()
        for state in list(self.health.loops.values()):
            if state.failing_since is None and state.last_success is not None:
                # A loop that neither fails nor succeeds is stuck (waiting for something that
                # never comes): as bad as failing, and quieter.
                if now - state.last_success > max(self.alert_after, 3 * (state.interval or 0), STUCK_AFTER):
                    state.failing_since = state.last_success
                    state.last_error_at, state.last_error = now, "no progress: the task seems stuck"
                    log.error("%s has made no progress since %s", state.name,
                              time.strftime("%H:%M:%S", time.localtime(state.last_success)))
            if not state.alerts:
                continue
            if state.failing_since is not None and not state.alerted:
                if now - state.failing_since >= self.alert_after:
                    log.error("%s has been failing since %s: %s", state.name,
                              time.strftime("%H:%M:%S", time.localtime(state.failing_since)), state.last_error)
                    state.alerted = await self._tell(state, back=False)
            elif state.failing_since is None and state.alerted:
                log.warning("%s works again", state.name)
                state.alerted = not await self._tell(state, back=True)
        if self.report is not None:
            try:
                self.report()
            except OSError as error:  # a full disk, say: the check will call the bot hung
                log.warning("the health state file could not be written: %s", error)

    async def _tell(self, state: LoopState, *, back: bool) -> bool:
        if self.alert is None:
            return True
        try:
            return await self.alert(state, back)
        except Exception:
            log.exception("could not tell the administrators about %s", state.name)
            return False

    def halt(self) -> None:
        """No more restarts: the bot is stopping (its loops are stopped by their owners)."""
        self._stopping = True

    async def stop(self) -> None:
        """Halts, and cancels whatever supervised task is still running."""
        self._stopping = True
        tasks = list(self._tasks.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

