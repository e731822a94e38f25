"""Fault injection and Telegram's rate limits, so the bot's handling of both can be tested."""

from __future__ import annotations

import math
import random
import time
from dataclasses import dataclass, field


@dataclass
class Fault:
    status: int
    method: str | None
    chat_id: int | None
    remaining: int
    retry_after: int = 1


@dataclass
class Faults:
    """What the next calls answer instead of success."""

    planned: list[Fault] = field(default_factory=list)
    random_429_probability: float = 0.0
    random_retry_after: int = 1
    delay: float = 0.0
    delay_method: str | None = None
    injected: int = 0
    _rng: random.Random = field(default_factory=lambda: random.Random(0))

    def fail_next(self, method: str | None = None, *, status: int = 429, retry_after: int = 1, count: int = 1,
                  chat_id: int | None = None) -> None:
        self.planned.append(Fault(status, method, chat_id, count, retry_after))

    def random_429(self, probability: float, retry_after: int = 1, seed: int = 42) -> None:
        self.random_429_probability = probability
        self.random_retry_after = retry_after
        self._rng = random.Random(seed)

    def latency(self, seconds: float, method: str | None = None) -> None:
        self.delay, self.delay_method = seconds, method

    def clear(self) -> None:
        self.planned.clear()
        self.random_429_probability = 0.0
        self.delay = 0.0

    def delay_for(self, method: str) -> float:
        return self.delay if self.delay_method in (None, method) else 0.0

    def pick(self, method: str, chat_id: int | None, sending: bool) -> Fault | None:
        for fault in self.planned:
            if fault.method not in (None, method) or fault.chat_id not in (None, chat_id):
                continue
            fault.remaining -= 1
            if fault.remaining <= 0:
                self.planned.remove(fault)
            self.injected += 1
            return fault
        if sending and self.random_429_probability and self._rng.random() < self.random_429_probability:
            self.injected += 1
            return Fault(429, method, chat_id, 0, self.random_retry_after)
        return None


class Bucket:
    def __init__(self, rate: float, capacity: float, clock=time.monotonic) -> None:
        self.rate, self.capacity, self._clock = rate, capacity, clock
        self.tokens = capacity
        self.stamp = clock()

    def take(self) -> float:
        """0 when a token was taken, else the seconds until one is available."""
        now = self._clock()
        self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens >= 1:
            self.tokens -= 1
            return 0.0
        return (1 - self.tokens) / self.rate


class RateLimits:
    """~30 messages/s overall, ~1/s per private chat with a small burst, 20/min per group."""

    def __init__(self) -> None:
        self.enabled = False
        self.global_per_second = 30.0
        self.per_chat_per_second = 1.0
        self.per_chat_burst = 3
        self.group_per_minute = 20
        self._global: Bucket | None = None
        self._chats: dict[int, Bucket] = {}
        self.rejected = 0

    def enable(self, global_per_second: float = 30, per_chat_per_second: float = 1, per_chat_burst: int = 3,
               group_per_minute: int = 20) -> None:
        self.enabled = True
        self.global_per_second, self.per_chat_per_second = global_per_second, per_chat_per_second
        self.per_chat_burst, self.group_per_minute = per_chat_burst, group_per_minute
        self._global = Bucket(global_per_second, global_per_second)
        self._chats = {}

    def disable(self) -> None:
        self.enabled = False

    def check(self, chat_id: int) -> int:
        """0 to go ahead, else retry_after in whole seconds (as Telegram gives it)."""
        if not self.enabled or self._global is None:
            return 0
        bucket = self._chats.get(chat_id)
        if bucket is None:
            if chat_id < 0:
                bucket = Bucket(self.group_per_minute / 60, self.group_per_minute)
            else:
                bucket = Bucket(self.per_chat_per_second, self.per_chat_burst)
            self._chats[chat_id] = bucket
        wait = bucket.take()
        if wait:
            self.rejected += 1
            return max(1, math.ceil(wait))
        wait = self._global.take()
        if wait:
            bucket.tokens = min(bucket.capacity, bucket.tokens + 1)  # give the chat's token back
            self.rejected += 1
            return max(1, math.ceil(wait))
        return 0
