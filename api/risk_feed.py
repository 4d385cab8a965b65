"""The `riskChanged` feed: every API process reads the risk event log and tells its own subscribers.

Refreshes record each risk level change as a `RiskEvent` in Neo4j (`graph.risk_events`), whichever
process refreshed: this one after a mutation, another worker, `relgraph import` or `relgraph refresh`.
`RiskEventFeed` polls that log (a seek on `recordedAt`) and publishes what it has not seen to the
process's `RiskBus`; a mutation here wakes it at once instead of waiting for the next poll.

A transaction that commits late can record an event with a `recordedAt` earlier than one already read,
so each poll reads again from `lookback` before the newest event seen and skips the ids it has published.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Iterable
from datetime import datetime, timedelta

from api.background import background
from api.events import RiskBus, RiskEvent
from graph.risk_events import RecordedRiskEvent, RiskChange, database_now, risk_events_since
from graph.store import AsyncStore

__all__ = ["FeedBus", "RiskEventFeed"]

log = logging.getLogger("relgraph.risk_feed")


class RiskEventFeed:
    """Polls the risk event log every `poll_seconds` (or when woken) and publishes new events to `bus`."""

    def __init__(self, bus: RiskBus, *, poll_seconds: float = 1.0, lookback_seconds: float = 30.0,
                 page_size: int = 500) -> None:
        self.bus = bus
        self.poll_seconds = poll_seconds
        self.lookback = timedelta(seconds=lookback_seconds)
        self.page_size = page_size
        self.wake = asyncio.Event()
        self._seen: dict[str, datetime] = {}  # event id -> recordedAt, for the ids inside the look-back
        self._newest: datetime | None = None
        self.task: asyncio.Task[None] | None = None  # while `running`

    async def poll(self, store: AsyncStore, *, publish: bool = True) -> int:
        """Read what was recorded since the last poll (less the look-back); returns the events published.

        The first poll starts from the database's clock (the one that writes `recordedAt`), never this
        host's, so a skewed clock here cannot make the feed miss events or replay old ones.
        """
        if self._newest is None:
            self._newest = await database_now(store)
        since, after_id = self._newest - self.lookback, ""
        published = 0
        while True:
            events = await risk_events_since(store, since, after_id=after_id, limit=self.page_size)
            fresh = [e for e in events if e.id not in self._seen]
            self._remember(fresh)
            # A first level is no change: refreshes no longer record one, but a log written by an earlier
            # version (a worker not yet upgraded, in a rolling deploy) may still hold some.
            changes = [e.change for e in fresh if e.change.old_level is not None]
            if publish and changes:
                await self.bus.publish(changes)
                published += len(changes)
            if len(events) < self.page_size:
                break
            # A full page: go on after its last event (one transaction's events share their recordedAt).
            since, after_id = events[-1].recorded_at, events[-1].id
        self._forget_older_than(self._newest - 2 * self.lookback)
        return published

    def _remember(self, events: list[RecordedRiskEvent]) -> None:
        for e in events:
            self._seen[e.id] = e.recorded_at
            if self._newest is None or e.recorded_at > self._newest:
                self._newest = e.recorded_at

    def _forget_older_than(self, limit: datetime) -> None:
        for event_id in [i for i, at in self._seen.items() if at < limit]:
            del self._seen[event_id]

    async def run(self, store: AsyncStore) -> None:
        """Poll until cancelled. What was recorded before the feed first reached Neo4j is not replayed.

        A failed poll (Neo4j away, at start-up too) is logged and tried again at the next one: the API
        serves on, and its subscribers hear the changes once Neo4j is back.
        """
        started = False
        while True:
            try:
                await self.poll(store, publish=started)
                started = True
            except asyncio.CancelledError:
                raise
            except Exception:
                log.warning("risk event feed: reading the log failed; trying again", exc_info=True)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.wake.wait(), timeout=self.poll_seconds)
            self.wake.clear()

    @contextlib.asynccontextmanager
    async def running(self, store: AsyncStore) -> AsyncIterator[None]:
        """Run the feed as a background task for the duration of the block (the app's lifespan)."""
        async with background(self.run(store), "relgraph-risk-feed") as self.task:
            try:
                yield
            finally:
                self.task = None


class FeedBus:
    """The app's `RiskBus` when the feed runs: publishing only wakes the feed (and the other `wakes`, such
    as the webhook worker); the feed publishes to `inner`, where the subscribers listen. So a change
    reaches subscribers once, by the same path whichever process made it."""

    def __init__(self, inner: RiskBus, wakes: Iterable[asyncio.Event]) -> None:
        self.inner = inner
        self.wakes = tuple(wakes)

    def __getattr__(self, name: str) -> object:
        return getattr(self.inner, name)  # e.g. InProcessRiskBus.subscribers

    async def publish(self, changes: Iterable[RiskChange]) -> None:
        if list(changes):
            for wake in self.wakes:
                wake.set()

    def subscribe(self) -> AsyncIterator[RiskEvent]:
        return self.inner.subscribe()
