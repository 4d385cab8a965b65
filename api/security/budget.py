"""A cost budget per API key: a token bucket that refills `per_minute` points a minute.

Kept in the process's memory: with several workers each holds its own bucket, so a key's effective
budget is `per_minute x workers` (a shared store such as Redis would make it global; see docs/security.md).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["CostBudget", "Verdict"]


@dataclass(frozen=True)
class Verdict:
    """Whether a charge was accepted, what is left, and how long to wait when it was not."""

    allowed: bool
    remaining: int
    retry_after: int


class CostBudget:
    """Per-key token buckets of `per_minute` points, refilled continuously."""

    def __init__(self, per_minute: int, *, clock: Callable[[], float] = time.monotonic,
                 max_keys: int = 100_000) -> None:
        self.per_minute = per_minute
        self.rate = per_minute / 60.0
        self.clock = clock
        self.max_keys = max_keys
        self._buckets: dict[str, tuple[float, float]] = {}

    def _level(self, key: str, now: float) -> float:
        level, at = self._buckets.get(key, (float(self.per_minute), now))
        return min(float(self.per_minute), level + (now - at) * self.rate)

    def _wait(self, deficit: float) -> int:
        return max(1, math.ceil(deficit / self.rate))

    def peek(self, key: str) -> Verdict:
        """Whether the key has anything left, without charging (the cheap check before parsing)."""
        level = self._level(key, self.clock())
        return Verdict(level > 0, int(level), 0 if level > 0 else self._wait(1 - level))

    def charge(self, key: str, cost: int) -> Verdict:
        """Spend `cost` points of the key's bucket, or refuse and say how long until it could."""
        now = self.clock()
        level = self._level(key, now)
        if cost > level:
            self._buckets[key] = (level, now)
            return Verdict(False, int(level), self._wait(cost - level))
        if len(self._buckets) >= self.max_keys and key not in self._buckets:
            self._buckets.clear()
        self._buckets[key] = (level - cost, now)
        return Verdict(True, int(level - cost), 0)
