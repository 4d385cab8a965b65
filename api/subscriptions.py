"""The riskChanged subscription (graphql-transport-ws only), fed by the refresh after each upsert."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from datetime import datetime
from typing import Annotated

import strawberry

from api.accounts.types import Account
from api.context import ctx
from api.enums import RiskLevel
from api.permissions import READ

__all__ = ["RiskChangeEvent", "Subscription"]

_RANK = {"LOW": 0, "MEDIUM": 1, "HIGH": 2, "CRITICAL": 3}


@strawberry.type(description="An account's risk level changed.")
class RiskChangeEvent:
    account_key: str = strawberry.field(description="The account.")
    old_level: RiskLevel = strawberry.field(
        description="Its level before. An account's first level is its starting point, not a change, and "
                    "is never announced."
    )
    new_level: RiskLevel = strawberry.field(description="Its level now.")
    old_score: float | None = strawberry.field(description="Its score before.")
    new_score: float = strawberry.field(description="Its score now.")
    at: datetime = strawberry.field(description="When the change was published.")

    @strawberry.field(description="The account as it stands now.")
    async def account(self, info: strawberry.Info) -> Account | None:
        c = ctx(info)
        # A subscription's context lives as long as the socket: read fresh, not through a cached loader.
        rows = await c.store.read("api_accounts_by_keys", keys=[self.account_key], allowed=c.allowed)
        return Account.from_props_or_none(rows[0]["account"] if rows else None)


@strawberry.type
class Subscription:
    @strawberry.subscription(
        description="Risk level changes, whoever refreshed the metrics (an upsert through this API or "
        "another worker, `relgraph import`, `relgraph refresh`), within about a second. `accountKeys` "
        "limits the accounts (default: all the key may see); `minLevel` keeps changes into or out of "
        "that level or above. An account's first level (a new account's) is not a change and is not sent.",
        permission_classes=READ,
    )
    async def risk_changed(
        self,
        info: strawberry.Info,
        account_keys: Annotated[
            list[str] | None, strawberry.argument(description="Only these accounts.")
        ] = None,
        min_level: Annotated[
            RiskLevel | None,
            strawberry.argument(description="Only changes into or out of this level or above."),
        ] = None,
    ) -> AsyncGenerator[RiskChangeEvent, None]:
        c = ctx(info)
        wanted = None if account_keys is None else set(account_keys)
        floor = _RANK[min_level.value] if min_level is not None else 0
        async for event in c.bus.subscribe():
            ch = event.change
            if ch.old_level is None:  # a first level: not a change (the feed never publishes one)
                continue
            if wanted is not None and ch.account_key not in wanted:
                continue
            if not c.may_see(ch.account_key):
                continue
            if max(_RANK.get(ch.new_level, 0), _RANK.get(ch.old_level, -1)) < floor:
                continue
            yield RiskChangeEvent(
                account_key=ch.account_key,
                old_level=RiskLevel(ch.old_level),
                new_level=RiskLevel(ch.new_level),
                old_score=ch.old_score,
                new_score=ch.new_score,
                at=event.at,
            )
