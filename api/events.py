"""Risk changes as events: the risk event feed publishes them, subscriptions listen.

`InProcessRiskBus` is an in-process pub/sub: it reaches the subscribers of the same worker only. Every
worker gets every change all the same: `api.risk_feed.RiskEventFeed` reads the risk event log that each
refresh writes in Neo4j (whichever process or command refreshed) and publishes it to its worker's bus.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from graph.refresh import RiskChange

__all__ = ["InProcessRiskBus", "RiskBus", "RiskEvent"]


@dataclass(frozen=True)
class RiskEvent:
    """One account's risk level changed, at `at`."""

    change: RiskChange
    at: datetime


class RiskBus(Protocol):
    """Where risk changes are published and subscribed to."""

    async def publish(self, changes: Iterable[RiskChange]) -> None: ...

    def subscribe(self) -> AsyncIterator[RiskEvent]: ...


class InProcessRiskBus:
    """Fan each published change out to every subscriber's queue (bounded: a slow one drops the oldest)."""

    def __init__(self, queue_size: int = 1000) -> None:
        self.queue_size = queue_size
        self._queues: set[asyncio.Queue[RiskEvent]] = set()

    @property
    def subscribers(self) -> int:
        return len(self._queues)

    async def publish(self, changes: Iterable[RiskChange]) -> None:
        now = datetime.now(UTC)
        for change in changes:
            event = RiskEvent(change, now)
            for queue in list(self._queues):
                if queue.full():
                    with contextlib.suppress(asyncio.QueueEmpty):
                        queue.get_nowait()
                queue.put_nowait(event)

    async def subscribe(self) -> AsyncIterator[RiskEvent]:
        queue: asyncio.Queue[RiskEvent] = asyncio.Queue(self.queue_size)
        self._queues.add(queue)
        try:
            while True:
                yield await queue.get()
        finally:
            self._queues.discard(queue)
