"""Webhooks and their deliveries in Neo4j: register, list, delete, enqueue risk crossings, record attempts.

Deliveries live in the graph as ``(:Webhook)-[:HAS_DELIVERY]->(:WebhookDelivery {id, status, attempts,
nextAttemptAt, payload})`` so that they survive a restart of the API: the worker picks up where the
last process stopped. Every function takes the caller's account scope (`allowed`, None for all) and
every query filters by it, so a webhook outside the scope looks exactly like one that does not exist.
"""

from __future__ import annotations

import ipaddress
import json
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from graph.errors import NotFound, RelgraphError
from graph.refresh import RiskChange
from graph.store import AsyncStore
from graph.webhooks.config import WebhookSettings
from graph.webhooks.events import LEVELS, webhook_events
from graph.webhooks.signing import new_secret

__all__ = [
    "STATUSES",
    "Delivery",
    "InvalidWebhook",
    "NewWebhook",
    "Webhook",
    "check_url",
    "create_webhook",
    "delete_webhook",
    "enqueue_changes",
    "list_deliveries",
    "list_webhooks",
]

STATUSES: tuple[str, ...] = ("pending", "delivered", "failed")
MAX_ACCOUNT_KEYS = 1000


class InvalidWebhook(RelgraphError):
    """A webhook cannot be registered as asked (URL, level, accounts, or too many webhooks)."""


@dataclass(frozen=True)
class Webhook:
    """A registered webhook, without its secret."""

    id: str
    url: str
    min_level: str
    account_keys: tuple[str, ...] | None
    owner_key_id: str | None
    created_at: datetime | None
    pending: int = 0
    failed: int = 0


@dataclass(frozen=True)
class NewWebhook:
    """A freshly registered webhook and its signing secret, which is never shown again."""

    webhook: Webhook
    secret: str


@dataclass(frozen=True)
class Delivery:
    """One event sent (or to be sent) to one webhook."""

    id: str
    event_id: str | None
    account_key: str | None
    status: str
    attempts: int
    next_attempt_at: datetime | None
    payload: dict[str, Any]
    created_at: datetime | None
    last_attempt_at: datetime | None
    last_status_code: int | None
    last_error: str | None
    delivered_at: datetime | None


def _webhook(row: dict[str, Any], pending: int = 0, failed: int = 0) -> Webhook:
    keys = row.get("accountKeys")
    return Webhook(
        id=row["id"], url=row["url"], min_level=row["minLevel"],
        account_keys=None if keys is None else tuple(keys), owner_key_id=row.get("ownerKeyId"),
        created_at=row.get("createdAt"), pending=pending, failed=failed,
    )


def _delivery(row: dict[str, Any]) -> Delivery:
    return Delivery(
        id=row["id"], event_id=row.get("eventId"), account_key=row.get("accountKey"), status=row["status"],
        attempts=int(row.get("attempts") or 0), next_attempt_at=row.get("nextAttemptAt"),
        payload=json.loads(row.get("payload") or "{}"), created_at=row.get("createdAt"),
        last_attempt_at=row.get("lastAttemptAt"), last_status_code=row.get("lastStatusCode"),
        last_error=row.get("lastError"), delivered_at=row.get("deliveredAt"),
    )


def _private_host(host: str) -> bool:
    if host in {"localhost", "localhost.localdomain"} or host.endswith(".localhost"):
        return True
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return False
    return ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved or ip.is_unspecified


def check_url(url: str, *, allow_private: bool) -> str:
    """The URL if deliveries may go there: http(s) with a host; unless `allow_private` (the API allows it
    outside production, `RELGRAPH_WEBHOOKS__ALLOW_PRIVATE_URLS` decides), https to a public host.

    A literal private or loopback address is refused when `allow_private` is false (a first guard against
    using webhooks to reach internal services; names that resolve to private addresses need an egress proxy).
    """
    url = url.strip()
    if len(url) > 2048:
        raise InvalidWebhook("the URL is longer than 2,048 characters")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidWebhook(f"not an http(s) URL: {url!r}", hint="e.g. https://partner.example/hooks/relgraph")
    if parts.username or parts.password:
        raise InvalidWebhook("the URL must not carry credentials", hint="use the signature to authenticate")
    if not allow_private:
        if parts.scheme != "https":
            raise InvalidWebhook("webhook URLs must use https")
        if _private_host(parts.hostname):
            raise InvalidWebhook("webhook URLs must point to a public host")
    return url


async def create_webhook(
    store: AsyncStore,
    *,
    url: str,
    min_level: str,
    account_keys: Iterable[str] | None,
    owner_key_id: str | None,
    allowed: list[str] | None,
    settings: WebhookSettings,
    allow_private: bool,
) -> NewWebhook:
    """Register a webhook for the caller (scope `allowed`).

    A scoped caller watches only its own accounts: without `account_keys` it watches all of them, and
    naming an account outside its scope fails exactly as naming one that does not exist.
    """
    if min_level not in LEVELS:
        raise InvalidWebhook(f"unknown level {min_level!r}", hint=f"one of {', '.join(LEVELS)}")
    if min_level == LEVELS[0]:
        # A crossing is a change between two levels, and none lies below the lowest: such a webhook
        # would never be called (an account's first level is no change).
        raise InvalidWebhook(
            f"minLevel {min_level} is never crossed: no level lies below it",
            hint=f"choose one of {', '.join(LEVELS[1:])}",
        )
    url = check_url(url, allow_private=allow_private)
    keys = None if account_keys is None else sorted({k.strip() for k in account_keys if k.strip()})
    if keys is not None and not keys:
        raise InvalidWebhook("accountKeys is empty", hint="leave it out to watch every account you may see")
    if keys is not None and len(keys) > MAX_ACCOUNT_KEYS:
        raise InvalidWebhook(f"at most {MAX_ACCOUNT_KEYS} accountKeys per webhook")
    if keys is not None:
        found = await store.read("api_accounts_by_keys", keys=keys, allowed=allowed)
        missing = [r["key"] for r in found if r["account"] is None]
        if missing:
            # The same message for an unknown account and for one outside the scope.
            raise NotFound(f"no account with key {missing[0]!r}")
    elif allowed is not None:
        keys = sorted(allowed)
    if owner_key_id is not None:
        total = (await store.read("webhooks_count_for_owner", ownerKeyId=owner_key_id))[0]["total"]
        if total >= settings.max_webhooks_per_key:
            raise InvalidWebhook(f"this API key already holds {total} webhooks (the most allowed)",
                                 hint="delete one with deleteWebhook")
    secret = new_secret()
    rows = await store.write(
        "webhook_create", id="wh_" + secrets.token_hex(8), url=url, secret=secret, minLevel=min_level,
        accountKeys=keys, ownerKeyId=owner_key_id, ownerAccounts=None if allowed is None else sorted(allowed),
        createdAt=datetime.now(UTC),
    )
    return NewWebhook(_webhook(rows[0]["webhook"]), secret)


async def list_webhooks(store: AsyncStore, *, allowed: list[str] | None, webhook_id: str | None = None
                        ) -> list[Webhook]:
    """The webhooks the caller may see (one, when `webhook_id` is given), newest first."""
    rows = await store.read("webhooks_visible", allowed=allowed, id=webhook_id)
    return [_webhook(r["webhook"], r["pending"], r["failed"]) for r in rows]


async def delete_webhook(store: AsyncStore, webhook_id: str, *, allowed: list[str] | None) -> None:
    """Delete a webhook and its deliveries; `NotFound` when unknown or outside the caller's scope."""
    rows = await store.write("webhook_delete", id=webhook_id, allowed=allowed)
    if not rows or not rows[0]["deleted"]:
        raise NotFound(f"no webhook with id {webhook_id!r}")


async def list_deliveries(
    store: AsyncStore, webhook_id: str, *, allowed: list[str] | None, statuses: list[str] | None = None,
    limit: int = 50,
) -> list[Delivery]:
    """The delivery log of a webhook the caller may see, latest first; `NotFound` otherwise."""
    if not await list_webhooks(store, allowed=allowed, webhook_id=webhook_id):
        raise NotFound(f"no webhook with id {webhook_id!r}")
    rows = await store.read("webhook_deliveries", webhookId=webhook_id, allowed=allowed,
                            statuses=statuses, limit=limit)
    return [_delivery(r["delivery"]) for r in rows]


async def enqueue_changes(store: AsyncStore, changes: Iterable[RiskChange], *, at: datetime | None = None
                          ) -> list[str]:
    """Create a pending delivery per (risk crossing, matching webhook); returns the delivery ids."""
    now = at or datetime.now(UTC)
    events = webhook_events(changes, now)
    if not events:
        return []
    return [r["id"] for r in await store.write("webhook_enqueue", events=events, createdAt=now)]

