"""The delivery worker: POST each due delivery, signed, and record the outcome or schedule a retry.

`run_due_deliveries` does one round (claim what is due, send it, record it); `delivery_loop` runs rounds
until stopped (the API's lifespan runs it as a background task). A claim leases the delivery for the
HTTP timeout plus a margin, so a process killed mid-attempt hands it back when the lease expires, and
the next process (or another worker) retries it with the same delivery id: receivers deduplicate on
`X-Relgraph-Delivery`. Delivery is at least once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from graph.store import AsyncStore
from graph.webhooks.backoff import retry_delay
from graph.webhooks.config import WebhookSettings
from graph.webhooks.events import delivery_body
from graph.webhooks.signing import DELIVERY_HEADER, SIGNATURE_HEADER, signature_header

__all__ = ["DeliveryRound", "delivery_loop", "run_due_deliveries"]

log = logging.getLogger("relgraph.webhooks")

USER_AGENT = "relgraph-webhooks/1"


class DeliveryRound(dict[str, int]):
    """Counts of one round: claimed, delivered, retrying, failed."""


async def _attempt(client: httpx.AsyncClient, delivery: dict[str, Any], webhook: dict[str, Any],
                   timeout: float) -> tuple[int | None, str | None]:
    body = delivery_body(delivery["payload"], delivery["id"], webhook["id"])
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        SIGNATURE_HEADER: signature_header(webhook["secret"], body),
        DELIVERY_HEADER: delivery["id"],
    }
    try:
        response = await client.post(webhook["url"], content=body, headers=headers, timeout=timeout,
                                     follow_redirects=False)
    except httpx.HTTPError as exc:
        return None, f"{type(exc).__name__}: {exc}"[:500]
    if 200 <= response.status_code < 300:
        return response.status_code, None
    return response.status_code, f"HTTP {response.status_code}"


async def run_due_deliveries(
    store: AsyncStore, client: httpx.AsyncClient, settings: WebhookSettings | None = None, *,
    now: datetime | None = None,
) -> DeliveryRound:
    """Claim the deliveries due now, POST them concurrently, and record each outcome."""
    settings = settings or WebhookSettings()
    at = now or datetime.now(UTC)
    lease = at + timedelta(seconds=settings.timeout_seconds * 2 + 5)
    claimed = await store.write("webhook_claim_due", now=at, leaseUntil=lease, limit=settings.batch_size)
    counts = DeliveryRound(claimed=len(claimed), delivered=0, retrying=0, failed=0)

    async def one(row: dict[str, Any]) -> None:
        delivery, webhook = row["delivery"], row["webhook"]
        code, error = await _attempt(client, delivery, webhook, settings.timeout_seconds)
        done = datetime.now(UTC) if now is None else at  # a given `now` is a test's clock: keep to it
        if error is None:
            status, next_at = "delivered", None
        else:
            delay = retry_delay(int(delivery["attempts"]), settings)
            status, next_at = ("failed", None) if delay is None else ("pending", done + delay)
            log.info("webhook delivery %s to %s failed (attempt %s): %s",
                     delivery["id"], webhook["id"], delivery["attempts"], error)
        await store.write("webhook_delivery_outcome", id=delivery["id"], status=status, nextAttemptAt=next_at,
                          statusCode=code, error=error, at=done)
        counts[{"delivered": "delivered", "pending": "retrying", "failed": "failed"}[status]] += 1

    await asyncio.gather(*(one(r) for r in claimed))
    return counts


async def delivery_loop(
    store: AsyncStore, client: httpx.AsyncClient, settings: WebhookSettings, *,
    wake: asyncio.Event | None = None,
) -> None:
    """Run delivery rounds until cancelled: every `poll_seconds`, or at once when `wake` is set."""
    wake = wake or asyncio.Event()
    while True:
        try:
            result = await run_due_deliveries(store, client, settings)
            if result["claimed"] >= settings.batch_size:
                continue  # more may be due right now
        except asyncio.CancelledError:
            raise
        except Exception:  # Neo4j briefly down, ...: log and try again next round
            log.exception("webhook delivery round failed")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(wake.wait(), timeout=settings.poll_seconds)
        wake.clear()
