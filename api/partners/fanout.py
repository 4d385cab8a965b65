"""Risk changes to webhook deliveries, and the delivery worker in the app's lifespan.

The refresh that follows every ingest writes the webhook deliveries of its risk changes in the same
transaction as the metrics (`graph.refresh`), whoever ingested: this API, `relgraph import` or
`relgraph refresh`. `WebhookFanout` wraps the app's `RiskBus` only to wake this process's worker at once
when its own mutations changed a level (deliveries enqueued by another process are found by the next
poll). `webhook_worker` is the lifespan part that runs `graph.webhooks.delivery.delivery_loop` as a
background task with one shared HTTP client.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Iterable

import httpx

from api.events import RiskBus, RiskEvent
from graph.refresh import RiskChange
from graph.settings import Settings
from graph.store import AsyncStore
from graph.webhooks.delivery import delivery_loop

__all__ = ["WebhookFanout", "webhook_worker"]


class WebhookFanout:
    """A `RiskBus` that also wakes the delivery worker when a change is published."""

    def __init__(self, inner: RiskBus, wake: asyncio.Event) -> None:
        self.inner = inner
        self.wake = wake

    def __getattr__(self, name: str) -> object:
        return getattr(self.inner, name)  # e.g. InProcessRiskBus.subscribers

    async def publish(self, changes: Iterable[RiskChange]) -> None:
        changes = list(changes)
        if changes:
            self.wake.set()
        await self.inner.publish(changes)

    def subscribe(self) -> AsyncIterator[RiskEvent]:
        return self.inner.subscribe()


@contextlib.asynccontextmanager
async def webhook_worker(store: AsyncStore, settings: Settings, wake: asyncio.Event) -> AsyncIterator[None]:
    """Run the delivery loop while the app runs; stop it (and close its HTTP client) at shutdown."""
    async with httpx.AsyncClient(headers={"Accept": "application/json"}) as client:
        task = asyncio.create_task(delivery_loop(store, client, settings.webhooks, wake=wake),
                                   name="relgraph-webhook-deliveries")
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
