"""The portfolio: how the whole book of accounts stands, now or as of a past date (for trends)."""

from __future__ import annotations

from datetime import datetime

import strawberry

from api.accounts.types import Account
from api.enums import RiskLevel, Segment

__all__ = ["LevelCount", "Portfolio", "SegmentCount"]


@strawberry.type(description="Accounts at one risk level.")
class LevelCount:
    level: RiskLevel | None = strawberry.field(description="The level (null: not computed yet).")
    count: int = strawberry.field(description="How many accounts.")
    value_at_risk: float = strawberry.field(description="Their summed value at risk.")


@strawberry.type(description="Accounts in one segment.")
class SegmentCount:
    segment: Segment | None = strawberry.field(description="The segment.")
    count: int = strawberry.field(description="How many accounts.")
    value_at_risk: float = strawberry.field(description="Their summed value at risk.")


@strawberry.type(
    description="The portfolio's risk: its customers counted by level and segment, value at risk, "
                "top-priority accounts at risk, and how many accounts had churned."
)
class Portfolio:
    as_of: datetime | None = strawberry.field(
        description="The instant asked for; without one, the oldest refresh among the accounts."
    )
    accounts: int = strawberry.field(
        description="How many customers: the accounts not counted in `churned` (with `asOf`, only those "
                    "with an interaction, employment or coverage dated by then)."
    )
    churned: int = strawberry.field(
        description="How many accounts had churned (lifecycleStage CHURNED, churnedAt at or before the "
                    "instant): left out of every other count, with no value at risk."
    )
    single_threaded: int = strawberry.field(description="How many customers hang on a single thread.")
    value_at_risk: float = strawberry.field(description="The customers' summed value at risk.")
    by_level: list[LevelCount] = strawberry.field(description="Customers by risk level.")
    by_segment: list[SegmentCount] = strawberry.field(description="Customers by segment.")
    top_priority_at_risk: list[Account] = strawberry.field(
        description="The most profitable customers (contribution margin) at HIGH or CRITICAL risk, "
                    "most profitable first; churned accounts are never among them."
    )
