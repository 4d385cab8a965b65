"""The upsert mutations: lists of up to 1,000 records through `graph.ingest`, then the refresh whose
risk changes are published to subscribers (an account's first level is answered, not published)."""

from __future__ import annotations

import dataclasses
from enum import Enum
from typing import Annotated, Any

import strawberry
from pydantic.alias_generators import to_camel

from api.context import Context, ctx
from api.enums import RiskLevel
from api.ingest.service import ingest_and_refresh
from api.ingest.types import (
    AccountInput,
    ContactInput,
    CoverageInput,
    FirstRiskLevel,
    IngestError,
    IngestResult,
    IngestSummary,
    InteractionInput,
    RecordOutcome,
    RiskChangeSummary,
    StaffInput,
)
from api.permissions import WRITE
from graph.ingest import account_field
from graph.reasons import LIST_WORDING
from graph.records import Kind
from graph.risk_events import RiskChange

__all__ = ["MAX_RECORDS", "Mutation"]

MAX_RECORDS = 1000


def _row(record: Any) -> dict[str, Any]:
    """An input record as the camelCase mapping graph.records reads; absent fields are left out."""
    out: dict[str, Any] = {}
    for f in dataclasses.fields(record):
        value = getattr(record, f.name)
        if value is None:
            continue
        if isinstance(value, Enum):
            value = value.value
        out[to_camel(f.name)] = value
    return out


async def _upsert(c: Context, kind: str, records: list[Any]) -> IngestSummary | IngestError:
    if not records:
        return IngestError(code="EMPTY_INPUT", message="`input` holds no records")
    if len(records) > MAX_RECORDS:
        return IngestError(
            code="TOO_MANY_RECORDS",
            message=f"{len(records)} records given; send at most {MAX_RECORDS} per call",
        )
    allowed = c.allowed
    if allowed is not None and account_field(Kind(kind)) is None:
        return IngestError(
            code="OUT_OF_SCOPE", message=f"an API key limited to accounts cannot upsert {kind}"
        )
    # A key limited to some accounts writes only those: ingestion refuses, row by row and in the write's
    # own transaction, a row naming another account and whatever stored record or person it would reach.
    report, refreshed = await ingest_and_refresh(
        c.store, kind, [_row(r) for r in records], c.settings, allowed=allowed
    )
    changes = refreshed.changes
    ordered = [
        RecordOutcome(
            index=o.index,
            key=o.key,
            outcome=o.outcome.value,
            field=LIST_WORDING.field(o.field) if o.field else None,
            message=o.describe(LIST_WORDING) or None,
        )
        for o in report.outcomes
    ]
    if changes:  # first levels are not changes: never published (graph.risk_events)
        await c.bus.publish(changes)
    counts = {
        name: sum(o.outcome == name for o in ordered)
        for name in ("inserted", "updated", "duplicate", "rejected")
    }
    return IngestSummary(
        **counts,
        outcomes=ordered,
        rejections=[o for o in ordered if o.outcome == "rejected"],
        touched_accounts=sorted(report.touched_accounts),
        risk_changes=[_change(ch) for ch in changes],
        first_levels=[
            FirstRiskLevel(account_key=f.account_key, level=RiskLevel(f.level), score=f.score)
            for f in refreshed.first_levels
        ],
    )


def _change(ch: RiskChange) -> RiskChangeSummary:
    assert ch.old_level is not None  # a refresh makes changes from a stored level only
    return RiskChangeSummary(
        account_key=ch.account_key,
        old_level=RiskLevel(ch.old_level),
        new_level=RiskLevel(ch.new_level),
        old_score=ch.old_score,
        new_score=ch.new_score,
    )


_INPUT = "Up to 1,000 records."


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Insert or replace accounts by key: a record is the whole truth about the account (an "
        "optional field left out or null is cleared), not a patch.",
        permission_classes=WRITE,
    )
    async def upsert_accounts(
        self,
        info: strawberry.Info,
        input: Annotated[list[AccountInput], strawberry.argument(description=_INPUT)],
    ) -> IngestResult:
        return await _upsert(ctx(info), "accounts", input)

    @strawberry.mutation(
        description="Insert or replace contacts by key (and record where they work): a record is the whole "
        "truth about the contact (an optional field left out or null is cleared), not a patch.",
        permission_classes=WRITE,
    )
    async def upsert_contacts(
        self,
        info: strawberry.Info,
        input: Annotated[list[ContactInput], strawberry.argument(description=_INPUT)],
    ) -> IngestResult:
        return await _upsert(ctx(info), "contacts", input)

    @strawberry.mutation(
        description="Insert or replace our staff by key: a record is the whole truth about the person "
        "(an optional field left out or null is cleared), not a patch.",
        permission_classes=WRITE,
    )
    async def upsert_staff(
        self,
        info: strawberry.Info,
        input: Annotated[list[StaffInput], strawberry.argument(description=_INPUT)],
    ) -> IngestResult:
        return await _upsert(ctx(info), "staff", input)

    @strawberry.mutation(description="Insert or update who covers which account.", permission_classes=WRITE)
    async def upsert_coverage(
        self,
        info: strawberry.Info,
        input: Annotated[list[CoverageInput], strawberry.argument(description=_INPUT)],
    ) -> IngestResult:
        return await _upsert(ctx(info), "coverage", input)

    @strawberry.mutation(
        description="Record interactions. A record whose (source, key) is stored replaces that interaction "
        "(another accountKey moves it, contactKeys and staffKeys replace its participants): `updated` "
        "if anything differs, else `duplicate`. The metrics of the touched accounts (after a move, the "
        "one it left too) are refreshed and risk changes announced to `riskChanged` subscribers.",
        permission_classes=WRITE,
    )
    async def record_interactions(
        self,
        info: strawberry.Info,
        input: Annotated[list[InteractionInput], strawberry.argument(description=_INPUT)],
    ) -> IngestResult:
        return await _upsert(ctx(info), "interactions", input)
