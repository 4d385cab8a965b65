"""The inputs of the upsert mutations (the records of graph.records, camelCase) and their results."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from api.enums import (
    Channel,
    ContactRole,
    CoverageRole,
    Direction,
    LifecycleStage,
    RiskLevel,
    Segment,
    Seniority,
    StaffFunction,
    Tier,
)

__all__ = [
    "AccountInput",
    "ContactInput",
    "CoverageInput",
    "FirstRiskLevel",
    "IngestError",
    "IngestResult",
    "IngestSummary",
    "InteractionInput",
    "RecordOutcome",
    "RiskChangeSummary",
    "StaffInput",
]


@strawberry.input(description="An account from the system of record.")
class AccountInput:
    key: str = strawberry.field(description="Unique key.")
    name: str = strawberry.field(description="Name.")
    segment: Segment = strawberry.field(description="Market segment.")
    tier: Tier = strawberry.field(description="Tier.")
    lifecycle_stage: LifecycleStage = strawberry.field(
        description="Lifecycle stage (churned needs churnedAt)."
    )
    annual_revenue: float = strawberry.field(description="Annual revenue (0 to 10^15).")
    gross_margin_rate: float = strawberry.field(description="Gross margin rate (0-1).")
    domain: str | None = strawberry.field(default=None, description="Web domain.")
    industry: str | None = strawberry.field(default=None, description="Industry.")
    churned_at: datetime | None = strawberry.field(default=None, description="When it churned.")


@strawberry.input(description="A buyer-side contact, optionally with the account they work at.")
class ContactInput:
    key: str = strawberry.field(description="Unique key.")
    name: str = strawberry.field(description="Name.")
    email: str | None = strawberry.field(default=None, description="Email address.")
    title: str | None = strawberry.field(default=None, description="Job title.")
    role: ContactRole | None = strawberry.field(
        default=None, description="Buying-committee role (default unknown)."
    )
    seniority: Seniority | None = strawberry.field(default=None, description="Seniority (default unknown).")
    department: str | None = strawberry.field(default=None, description="Department.")
    account_key: str | None = strawberry.field(default=None, description="The account they work at.")
    since: datetime | None = strawberry.field(default=None, description="Since when they work there.")
    until: datetime | None = strawberry.field(default=None, description="When they left it.")
    reports_to_key: str | None = strawberry.field(
        default=None, description="Key of the contact they report to."
    )


@strawberry.input(description="One of our staff.")
class StaffInput:
    key: str = strawberry.field(description="Unique key.")
    name: str = strawberry.field(description="Name.")
    function: StaffFunction = strawberry.field(description="Internal function.")
    cost_per_hour: float = strawberry.field(description="Loaded cost of an hour (0 to 10^8).")
    email: str | None = strawberry.field(default=None, description="Email address.")
    title: str | None = strawberry.field(default=None, description="Job title.")
    active: bool | None = strawberry.field(default=None, description="Still with us (default true).")


@strawberry.input(description="A staff member covering an account.")
class CoverageInput:
    staff_key: str = strawberry.field(description="The staff member.")
    account_key: str = strawberry.field(description="The account.")
    role: CoverageRole = strawberry.field(description="How they cover it.")
    since: datetime | None = strawberry.field(default=None, description="Since when.")
    until: datetime | None = strawberry.field(default=None, description="Until when.")


@strawberry.input(
    description="An interaction; (source, key) identifies it: a replay never counts twice, and replaces "
    "the stored interaction (account and participants included)."
)
class InteractionInput:
    key: str = strawberry.field(description="Key, unique within the source.")
    source: str = strawberry.field(description="The system it comes from.")
    channel: Channel = strawberry.field(description="How it took place.")
    occurred_at: datetime = strawberry.field(description="When (naive means UTC).")
    direction: Direction = strawberry.field(description="Who reached out.")
    account_key: str = strawberry.field(description="The account it was with.")
    contact_keys: list[str] = strawberry.field(default_factory=list, description="Contacts who took part.")
    staff_keys: list[str] = strawberry.field(default_factory=list, description="Our staff who took part.")
    duration_minutes: float | None = strawberry.field(
        default=None, description="How long, in minutes (0 to 525600, a year)."
    )
    cost: float | None = strawberry.field(default=None, description="Its own cost, if known (0 to 10^12).")
    sentiment: float | None = strawberry.field(default=None, description="Sentiment, -1 to 1.")
    subject: str | None = strawberry.field(default=None, description="Subject or title.")


@strawberry.type(description="What happened to one input record.")
class RecordOutcome:
    index: int = strawberry.field(description="The record's position in `input`, from 0.")
    key: str | None = strawberry.field(
        description="The record's key (null when the record lacks a part of it): `key`; `source/key` for an "
        "interaction and `staffKey/accountKey/role` for a coverage, each part's `%` and `/` written `%25` "
        "and `%2F`."
    )
    outcome: str = strawberry.field(description="inserted, updated, duplicate or rejected.")
    field: str | None = strawberry.field(
        description="For a rejected record: the (camelCase) field at fault; `key` for a repeat of an earlier "
        "record of `input`."
    )
    message: str | None = strawberry.field(
        description="For a rejected record: why, each reason as `field: reason` (camelCase; other records "
        "named by their index)."
    )


@strawberry.type(
    description="An account whose risk level changed in the refresh that followed the upsert: what "
                "`riskChanged` subscribers and webhooks are told."
)
class RiskChangeSummary:
    account_key: str = strawberry.field(description="The account.")
    old_level: RiskLevel = strawberry.field(description="Its level before.")
    new_level: RiskLevel = strawberry.field(description="Its level now.")
    old_score: float | None = strawberry.field(description="Its score before.")
    new_score: float = strawberry.field(description="Its score now.")


@strawberry.type(
    description="An account given its first risk level by the refresh that followed the upsert (a new "
                "account, or one never refreshed): its starting point, not a change, so not announced to "
                "`riskChanged` subscribers or webhooks."
)
class FirstRiskLevel:
    account_key: str = strawberry.field(description="The account.")
    level: RiskLevel = strawberry.field(description="Its first level.")
    score: float = strawberry.field(description="Its first score.")


@strawberry.type(description="The accounting of an upsert: one outcome per record, counts, and risk changes.")
class IngestSummary:
    inserted: int = strawberry.field(description="Records that created something.")
    updated: int = strawberry.field(description="Records that changed something.")
    duplicate: int = strawberry.field(description="Records that changed nothing.")
    rejected: int = strawberry.field(description="Records refused (see `rejections`).")
    outcomes: list[RecordOutcome] = strawberry.field(description="Every record's outcome, in input order.")
    rejections: list[RecordOutcome] = strawberry.field(description="The rejected records only.")
    touched_accounts: list[str] = strawberry.field(description="Accounts whose metrics were refreshed.")
    risk_changes: list[RiskChangeSummary] = strawberry.field(
        description="Risk levels the refresh changed from a previous level: exactly the changes this call "
                    "records for `riskChanged` subscribers and webhooks."
    )
    first_levels: list[FirstRiskLevel] = strawberry.field(
        description="Accounts the refresh gave their first level (not announced)."
    )


@strawberry.type(description="An upsert refused as a whole, with a reason the client can act on.")
class IngestError:
    code: str = strawberry.field(
        description="EMPTY_INPUT, OUT_OF_SCOPE, or TOO_MANY_RECORDS (only when the list limit is raised "
        "above 1,000 items: by default a longer `input` is refused before it runs with LIST_LIMIT)."
    )
    message: str = strawberry.field(description="What to change.")


IngestResult = Annotated[
    IngestSummary | IngestError,
    strawberry.union("IngestResult", description="An upsert's accounting, or why it was refused."),
]
