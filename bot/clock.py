"""Where 'now' comes from.

The rules never call `datetime.now()`; they receive a clock. Production uses the
system clock; end-to-end tests and the training sandbox set the school's time by
writing an instant into a file (`CLOCK_FILE`).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """An aware datetime (UTC)."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FileClock:
    """A frozen instant read from a file; re-read when the file changes."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._mtime: int | None = None
        self._value = datetime.now(UTC)

    def now(self) -> datetime:
        try:
            mtime = self._path.stat().st_mtime_ns
        except FileNotFoundError:
            return datetime.now(UTC)
        if mtime != self._mtime:
            text = self._path.read_text(encoding="utf-8").strip()
            value = datetime.fromisoformat(text)
            if value.tzinfo is None:
                raise ValueError(f"{self._path}: the instant needs an offset, got {text!r}")
            self._value = value.astimezone(UTC)
            self._mtime = mtime
        return self._value


def make_clock(path: Path | None) -> Clock:
    return FileClock(path) if path else SystemClock()
