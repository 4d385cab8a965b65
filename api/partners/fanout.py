"""Risk changes to webhook deliveries, and the delivery worker in the app's lifespan.

`WebhookFanout` wraps the app's `RiskBus`: whatever the mutations publish also becomes pending
deliveries in Neo4j (durable before the worker is woken). `webhook_worker` is the lifespan part that
runs `graph.webhooks.delivery.delivery_loop` as a background task with one shared HTTP client.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable, Iterable

import httpx

from api.events import RiskBus, RiskEvent
from graph.refresh import RiskChange
from graph.settings import Settings
from graph.store import AsyncStore
from graph.webhooks.delivery import delivery_loop
from graph.webhooks.store import enqueue_changes

__all__ = ["WebhookFanout", "webhook_worker"]

log = logging.getLogger("relgraph.webhooks")


class WebhookFanout:
    """A `RiskBus` that also enqueues the webhook deliveries of every published change."""

    def __init__(self, inner: RiskBus, store: Callable[[], AsyncStore | None], wake: asyncio.Event) -> None:
        self.inner = inner
        self._store = store
        self.wake = wake

    def __getattr__(self, name: str) -> object:
        return getattr(self.inner, name)  # e.g. InProcessRiskBus.subscribers

    async def publish(self, changes: Iterable[RiskChange]) -> None:
        changes = list(changes)
        store = self._store()
        if store is not None and changes:
            try:
                if await enqueue_changes(store, changes):
                    self.wake.set()
            except Exception:  # the data is written; a lost notification must not fail the mutation
                log.exception("could not enqueue webhook deliveries for %d risk changes", len(changes))
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
