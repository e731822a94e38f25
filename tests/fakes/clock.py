"""A school clock that stands still until the test moves it."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.clock import Clock


class SetClock:
    def __init__(self, moment: str) -> None:
        self.value = datetime.fromisoformat(moment)

    def now(self) -> datetime:
        return self.value

    def advance(self, **delta: float) -> None:
        self.value += timedelta(**delta)


def set_clock(clock: Clock, moment: str | datetime) -> None:
    """Moves a service's clock (a `SetClock` in these tests) to `moment`."""
    assert isinstance(clock, SetClock), clock
    clock.value = datetime.fromisoformat(moment) if isinstance(moment, str) else moment
