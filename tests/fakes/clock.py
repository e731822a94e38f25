"""A school clock that stands still until the test moves it."""

from __future__ import annotations

from datetime import datetime, timedelta


class SetClock:
    def __init__(self, moment: str) -> None:
        self.value = datetime.fromisoformat(moment)

    def now(self) -> datetime:
        return self.value

    def advance(self, **delta: float) -> None:
        self.value += timedelta(**delta)
