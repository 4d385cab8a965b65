"""The webhook delivery worker in the app's lifespan.

The refresh that follows every ingest writes the webhook deliveries of its risk changes in the same
transaction as the metrics (`graph.refresh`), whoever ingested: this API, `relgraph import` or
`relgraph refresh`. `webhook_worker` runs `graph.webhooks.delivery.delivery_loop` as a background task
with one shared HTTP client; this process's mutations wake it at once (`api.risk_feed.FeedBus`), and
deliveries enqueued by another process are found by its next poll.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

import httpx

from api.background import background
from graph.settings import Settings
from graph.store import AsyncStore
from graph.webhooks.delivery import delivery_loop

__all__ = ["webhook_worker"]


@contextlib.asynccontextmanager
async def webhook_worker(store: AsyncStore, settings: Settings, wake: asyncio.Event) -> AsyncIterator[None]:
    """Run the delivery loop while the app runs; stop it (and close its HTTP client) at shutdown."""
    async with (
        httpx.AsyncClient(headers={"Accept": "application/json"}) as client,
        background(delivery_loop(store, client, settings.webhooks, wake=wake), "relgraph-webhook-deliveries"),
    ):
        yield
