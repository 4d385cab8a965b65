"""The GraphQL enums: the record contract's (graph.records) plus the API's own."""

from __future__ import annotations

from enum import Enum
from typing import Any, TypeVar

import strawberry

from graph import records

__all__ = [
    "AccountOrderField",
    "Channel",
    "ContactRole",
    "ContactStatus",
    "CoverageRole",
    "Direction",
    "LifecycleStage",
    "OrderDirection",
    "RiskLevel",
    "Segment",
    "Seniority",
    "StaffFunction",
    "StaffOrderField",
    "Tier",
    "enum_value",
]

strawberry.enum(records.Segment, description="The market segment of an account.")
Segment = records.Segment
strawberry.enum(records.Tier, description="How much an account matters to us.")
Tier = records.Tier
strawberry.enum(records.LifecycleStage, description="Where an account is in its life with us.")
LifecycleStage = records.LifecycleStage
strawberry.enum(records.ContactRole, description="A contact's part in the buying committee.")
ContactRole = records.ContactRole
strawberry.enum(records.Seniority, description="How senior a contact is.")
Seniority = records.Seniority
strawberry.enum(records.StaffFunction, description="The internal function (silo) of a staff member.")
StaffFunction = records.StaffFunction
strawberry.enum(records.CoverageRole, description="How a staff member covers an account.")
CoverageRole = records.CoverageRole
strawberry.enum(records.Channel, description="How an interaction took place.")
Channel = records.Channel
strawberry.enum(
    records.Direction, description="Who reached out: inbound (the customer), outbound (us) or mutual."
)
Direction = records.Direction


@strawberry.enum(
    description="How at risk a relationship is: low < 25 <= medium < 50 <= high < 75 <= critical."
)
class RiskLevel(Enum):
    LOW = "LOW"
    MEDIUM = "MEDIUM"
    HIGH = "HIGH"
    CRITICAL = "CRITICAL"


@strawberry.enum(description="Which of an account's contacts to list.")
class ContactStatus(Enum):
    CURRENT = "current"
    FORMER = "former"
    ALL = "all"


@strawberry.enum(description="What to order accounts by (ties are broken by key).")
class AccountOrderField(Enum):
    NAME = strawberry.enum_value(
        "name", description="The name in any case, accents and ligatures folded (École with the E's)."
    )
    RISK_SCORE = "riskScore"
    VALUE_AT_RISK = "valueAtRisk"
    RELATIONSHIP_VALUE = "relationshipValue"
    CONTRIBUTION_MARGIN = "contributionMargin"


@strawberry.enum(description="What to order staff members by (ties are broken by key).")
class StaffOrderField(Enum):
    NAME = strawberry.enum_value(
        "name", description="The name in any case, accents and ligatures folded (as accounts' NAME)."
    )
    ACCOUNTS_COVERED = strawberry.enum_value(
        "accountsCovered",
        description="How many accounts they cover (a COVERS edge of any role or period), counting only "
        "the accounts the API key may see: the accounts `Staff.coverage` lists.",
    )


@strawberry.enum(description="Sort direction.")
class OrderDirection(Enum):
    ASC = "asc"
    DESC = "desc"


E = TypeVar("E", bound=Enum)


def enum_value(enum: type[E], value: Any) -> E | None:
    """The member of `enum` whose value is `value` (as stored), or None for a missing or unknown one."""
    if value is None:
        return None
    try:
        # The lookup enum(value) starts with, without the cost of the call (a page asks thousands).
        return enum._value2member_map_[value]  # type: ignore[return-value]
    except (KeyError, TypeError):
        pass
    try:
        return enum(value)
    except (ValueError, TypeError):  # TypeError: an unhashable value
        return None
