"""Root fields of the partner surface: accountRisk, webhooks, webhookDeliveries, createWebhook, deleteWebhook.

Everything goes through the caller's account scope (`Context.allowed`), which every query filters by:
an account or webhook outside it gets exactly the answer of one that does not exist.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from api.context import ctx
from api.enums import RiskLevel
from api.errors import InvalidArgument
from api.metrics.loaders import MetricsKey
from api.metrics.types import risk_from_metrics, risk_from_props
from api.partners.types import (
    AccountRisk,
    CreateWebhookResult,
    DeleteWebhookResult,
    DeliveryStatus,
    WebhookCreated,
    WebhookDeleted,
    WebhookDelivery,
    WebhookError,
    WebhookType,
    account_risk_from,
    delivery_from,
    webhook_from,
)
from api.permissions import READ, WRITE
from graph.errors import NotFound
from graph.webhooks import store as webhooks

__all__ = ["Mutation", "Query"]

MAX_DELIVERIES = 200


@strawberry.type
class Query:
    @strawberry.field(
        description="How at risk an account is and why (score, level, singleThreaded, reasons), as of the "
        "last refresh or as of `asOf`. Null when the account does not exist or is outside the API key's "
        "accounts.",
        permission_classes=READ,
    )
    async def account_risk(
        self,
        info: strawberry.Info,
        key: Annotated[str, strawberry.argument(description="The account's key.")],
        as_of: Annotated[datetime | None,
                         strawberry.argument(description="Default: the last refresh.")] = None,
    ) -> AccountRisk | None:
        c = ctx(info)
        props = await c.loaders.account.load(key)
        if props is None:
            return None
        if as_of is None:
            materialized = risk_from_props(props)
            if materialized is not None:
                return account_risk_from(key, materialized)
        metrics = await c.loaders.metrics.load(MetricsKey(key, as_of))
        return None if metrics is None else account_risk_from(key, risk_from_metrics(metrics))

    @strawberry.field(description="The webhooks this API key may see, newest first.", permission_classes=READ)
    async def webhooks(self, info: strawberry.Info) -> list[WebhookType]:
        c = ctx(info)
        return [webhook_from(w) for w in await webhooks.list_webhooks(c.store, allowed=c.allowed)]

    @strawberry.field(
        description="A webhook's delivery log, latest first: what was sent, how often, and what the receiver "
        "answered. An unknown webhook (or one outside the key's accounts) is a NOT_FOUND error.",
        permission_classes=READ,
    )
    async def webhook_deliveries(
        self,
        info: strawberry.Info,
        webhook_id: Annotated[str, strawberry.argument(description="The webhook's id.")],
        status: Annotated[list[DeliveryStatus] | None,
                          strawberry.argument(description="Only these statuses (default: all).")] = None,
        first: Annotated[int, strawberry.argument(description=f"How many (1-{MAX_DELIVERIES}).")] = 50,
    ) -> list[WebhookDelivery]:
        if not 1 <= first <= MAX_DELIVERIES:
            raise InvalidArgument(f"first must be between 1 and {MAX_DELIVERIES}", argument="first")
        c = ctx(info)
        rows = await webhooks.list_deliveries(
            c.store, webhook_id, allowed=c.allowed, limit=first,
            statuses=None if status is None else [s.value for s in status],
        )
        return [delivery_from(d) for d in rows]


def _allow_private(info: strawberry.Info) -> bool:
    settings = ctx(info).settings
    configured = settings.webhooks.allow_private_urls
    return (not settings.is_production) if configured is None else configured


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Register a webhook: a signed POST whenever an account's risk level crosses `minLevel` "
        "(either way). `accountKeys` limits the accounts (default: every account the key may see). The "
        "answer carries the signing secret, shown only once.",
        permission_classes=WRITE,
    )
    async def create_webhook(
        self,
        info: strawberry.Info,
        url: Annotated[
            str, strawberry.argument(description="Where to POST (in production: https, to a public host).")
        ],
        min_level: Annotated[RiskLevel, strawberry.argument(
            description="The threshold whose crossing is announced: MEDIUM, HIGH or CRITICAL (no level lies "
            "below LOW, so LOW is refused).")],
        account_keys: Annotated[list[str] | None, strawberry.argument(
            description="The accounts to watch (default: every account the key may see).")] = None,
    ) -> CreateWebhookResult:
        c = ctx(info)
        try:
            created = await webhooks.create_webhook(
                c.store, url=url, min_level=min_level.value, account_keys=account_keys,
                owner_key_id=c.caller.id if c.caller is not None else None, allowed=c.allowed,
                settings=c.settings.webhooks, allow_private=_allow_private(info),
            )
        except NotFound as exc:
            return WebhookError(code="NOT_FOUND", message=exc.message)
        except webhooks.InvalidWebhook as exc:
            code = ("INVALID_URL" if "URL" in exc.message else
                    "TOO_MANY_WEBHOOKS" if "webhooks" in exc.message else "INVALID_INPUT")
            return WebhookError(code=code, message=str(exc))
        return WebhookCreated(webhook=webhook_from(created.webhook), secret=created.secret)

    @strawberry.mutation(description="Delete a webhook and its delivery log.", permission_classes=WRITE)
    async def delete_webhook(
        self, info: strawberry.Info, id: Annotated[str, strawberry.argument(description="The webhook's id.")]
    ) -> DeleteWebhookResult:
        c = ctx(info)
        try:
            await webhooks.delete_webhook(c.store, id, allowed=c.allowed)
        except NotFound as exc:
            return WebhookError(code="NOT_FOUND", message=exc.message)
        return WebhookDeleted(id=id)
