"""GraphQL types of the partner contract: AccountRisk and its reasons, webhooks and their deliveries.

These types are a contract: fields are added, never renamed or removed (docs/partners.md).
"""

from __future__ import annotations

import json
from datetime import datetime
from enum import Enum
from typing import Annotated

import strawberry

from api.enums import RiskLevel, enum_value
from api.metrics.types import RelationshipRisk
from graph.webhooks.store import Delivery, Webhook

__all__ = [
    "AccountRisk",
    "CreateWebhookResult",
    "DeleteWebhookResult",
    "DeliveryStatus",
    "RiskReason",
    "WebhookCreated",
    "WebhookDeleted",
    "WebhookDelivery",
    "WebhookError",
    "WebhookType",
    "account_risk_from",
    "delivery_from",
    "webhook_from",
]


@strawberry.type(description="One reason an account is at risk: a stable code, its points, a sentence.")
class RiskReason:
    code: str = strawberry.field(
        description="Stable code: SINGLE_THREADED, CONTACT_CONCENTRATION, STAFF_CONCENTRATION, GOING_DARK, "
        "DECLINING_MOMENTUM, CHAMPION_LEFT, NO_DECISION_MAKER, ONE_WAY_ENGAGEMENT (new codes may be added)."
    )
    contribution: float = strawberry.field(description="Points this reason adds to the 0-100 score.")
    explanation: str = strawberry.field(description="Why, in one sentence a person can read.")


@strawberry.type(description="How at risk an account is, and why: the partner contract (stable).")
class AccountRisk:
    account_key: str = strawberry.field(description="The account asked for.")
    score: float = strawberry.field(description="Risk score from 0 (safe) to 100; the sum of the reasons.")
    level: RiskLevel = strawberry.field(description="LOW < 25 <= MEDIUM < 50 <= HIGH < 75 <= CRITICAL.")
    single_threaded: bool = strawberry.field(description="Whether the relationship hangs on one thread.")
    reasons: list[RiskReason] = strawberry.field(description="The reasons, largest contribution first.")
    as_of: datetime | None = strawberry.field(description="The instant the risk describes.")


def account_risk_from(account_key: str, risk: RelationshipRisk) -> AccountRisk:
    reasons = sorted(risk.factors, key=lambda f: (-f.contribution, f.code))
    return AccountRisk(
        account_key=account_key, score=round(float(risk.score), 2), level=risk.level,
        single_threaded=risk.single_threaded,
        reasons=[RiskReason(code=f.code, contribution=round(float(f.contribution), 2),
                            explanation=f.explanation) for f in reasons],
        as_of=risk.as_of,
    )


@strawberry.enum(description="Where a delivery stands.")
class DeliveryStatus(Enum):
    PENDING = "pending"
    DELIVERED = "delivered"
    FAILED = "failed"


@strawberry.type(name="Webhook", description="A URL told when an account's risk level crosses `minLevel`.")
class WebhookType:
    id: str = strawberry.field(description="The webhook's id (also in every body as `webhookId`).")
    url: str = strawberry.field(description="Where deliveries are POSTed.")
    min_level: RiskLevel = strawberry.field(description="The threshold: crossing it either way is announced.")
    account_keys: list[str] | None = strawberry.field(
        description="The accounts watched (null: every account; a partner key's webhooks list its accounts)."
    )
    created_at: datetime | None = strawberry.field(description="When it was registered.")
    pending_deliveries: int = strawberry.field(description="Deliveries not yet delivered (retrying).")
    failed_deliveries: int = strawberry.field(description="Deliveries given up after every retry.")


def webhook_from(w: Webhook) -> WebhookType:
    return WebhookType(
        id=w.id, url=w.url, min_level=RiskLevel(w.min_level),
        account_keys=None if w.account_keys is None else list(w.account_keys), created_at=w.created_at,
        pending_deliveries=w.pending, failed_deliveries=w.failed,
    )


@strawberry.type(description="One event sent (or to be sent) to a webhook.")
class WebhookDelivery:
    id: str = strawberry.field(description="The delivery id (header X-Relgraph-Delivery): deduplicate on it.")
    event_id: str | None = strawberry.field(description="The risk change announced.")
    account_key: str | None = strawberry.field(description="Its account.")
    status: DeliveryStatus = strawberry.field(description="pending (retrying), delivered or failed.")
    attempts: int = strawberry.field(description="Attempts so far.")
    next_attempt_at: datetime | None = strawberry.field(description="When a pending delivery is tried next.")
    created_at: datetime | None = strawberry.field(description="When the event happened.")
    last_attempt_at: datetime | None = strawberry.field(description="When it was last tried.")
    last_status_code: int | None = strawberry.field(
        description="The receiver's last HTTP status (null: no answer).")
    last_error: str | None = strawberry.field(description="What went wrong last (null when delivered).")
    delivered_at: datetime | None = strawberry.field(description="When the receiver answered 2xx.")
    payload: str = strawberry.field(description="The event as JSON (the body adds deliveryId and webhookId).")


def delivery_from(d: Delivery) -> WebhookDelivery:
    return WebhookDelivery(
        id=d.id, event_id=d.event_id, account_key=d.account_key,
        status=enum_value(DeliveryStatus, d.status) or DeliveryStatus.PENDING, attempts=d.attempts,
        next_attempt_at=d.next_attempt_at, created_at=d.created_at, last_attempt_at=d.last_attempt_at,
        last_status_code=d.last_status_code, last_error=d.last_error, delivered_at=d.delivered_at,
        payload=json.dumps(d.payload, separators=(",", ":"), sort_keys=True),
    )


@strawberry.type(description="A webhook registered; `secret` signs its deliveries and is shown only now.")
class WebhookCreated:
    webhook: WebhookType = strawberry.field(description="The webhook.")
    secret: str = strawberry.field(
        description="The HMAC-SHA256 signing secret: store it, it is never shown again.")


@strawberry.type(description="A webhook deleted, with its delivery log.")
class WebhookDeleted:
    id: str = strawberry.field(description="The webhook deleted.")


@strawberry.type(description="Why a webhook operation was refused.")
class WebhookError:
    code: str = strawberry.field(description="NOT_FOUND, INVALID_URL, INVALID_INPUT or TOO_MANY_WEBHOOKS.")
    message: str = strawberry.field(description="What to change.")


CreateWebhookResult = Annotated[
    WebhookCreated | WebhookError,
    strawberry.union("CreateWebhookResult", description="The webhook and its secret, or why it was refused."),
]
DeleteWebhookResult = Annotated[
    WebhookDeleted | WebhookError,
    strawberry.union("DeleteWebhookResult", description="The webhook deleted, or why not."),
]
