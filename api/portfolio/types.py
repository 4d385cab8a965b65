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
    description="The portfolio's risk: counts by level and segment, value at risk, top-priority "
                "accounts at risk."
)
class Portfolio:
    as_of: datetime | None = strawberry.field(
        description="The instant asked for; without one, the oldest refresh among the accounts."
    )
    accounts: int = strawberry.field(description="How many accounts.")
    single_threaded: int = strawberry.field(description="How many hang on a single thread.")
    value_at_risk: float = strawberry.field(description="The summed value at risk.")
    by_level: list[LevelCount] = strawberry.field(description="Counts by risk level.")
    by_segment: list[SegmentCount] = strawberry.field(description="Counts by segment.")
    top_priority_at_risk: list[Account] = strawberry.field(
        description="The most profitable accounts (contribution margin) at HIGH or CRITICAL risk, "
                    "most profitable first."
    )
