# ruff: noqa: E501  (GraphQL documents read best unwrapped)
"""`costToEngage(from, to)` covers exactly [from, to) and echoes the period asked for. It used to round the
period up to whole days before `to`: `from: "2026-01-01T00:00:00Z", to: "2026-11-23T20:00:00Z"` answered
`from: "2025-12-31T20:00:00+00:00"` and summed the touches of those four hours too (and one at `to`)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from graph.store import Store
from tests.api.conftest import GraphQL, ensure_keys

REVENUE, MARGIN = 365_000.0, 0.5
COST = """
query($k: String!, $from: DateTime, $to: DateTime) {
  account(key: $k) { costToEngage(from: $from, to: $to) { from to cost grossProfit contributionMargin } }
}
"""


def _touch(key: str, account: str, at: datetime, cost: float) -> dict[str, Any]:
    return {"key": key, "source": "period", "channel": "EMAIL", "direction": "OUTBOUND", "accountKey": account,
            "occurredAt": at.isoformat(), "cost": cost}


@pytest.fixture
async def admin(clean_store: Store, client: httpx.AsyncClient) -> GraphQL:
    gql = GraphQL(client, ensure_keys(clean_store, ["P-1"]).admin)
    accounts = [{"key": k, "name": k, "segment": "SMB", "tier": "KEY", "lifecycleStage": "ACTIVE",
                 "annualRevenue": REVENUE, "grossMarginRate": MARGIN} for k in ("FIXED", "RECENT")]
    done = await gql("mutation($in: [AccountInput!]!) { upsertAccounts(input: $in) { ... on IngestSummary { inserted } } }",
                     {"in": accounts})
    assert done["upsertAccounts"]["inserted"] == 2
    return gql


async def _record(gql: GraphQL, touches: list[dict[str, Any]]) -> None:
    done = await gql("mutation($in: [InteractionInput!]!) { recordInteractions(input: $in) { ... on IngestSummary { inserted } } }",
                     {"in": touches})
    assert done["recordInteractions"]["inserted"] == len(touches)


async def test_the_period_is_exactly_from_to(admin: GraphQL) -> None:
    start, end = datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 11, 23, 20, tzinfo=UTC)
    minute = timedelta(minutes=1)
    await _record(admin, [
        _touch("before", "FIXED", start - minute, 1.0),     # in the whole day the old rounding added
        _touch("at-from", "FIXED", start, 2.0),             # `from` is inclusive
        _touch("inside", "FIXED", end - minute, 4.0),
        _touch("at-to", "FIXED", end, 8.0),                 # `to` is exclusive
    ])
    answer = (await admin(COST, {"k": "FIXED", "from": start.isoformat(), "to": end.isoformat()}))["account"]["costToEngage"]
    assert datetime.fromisoformat(answer["from"]) == start, answer
    assert datetime.fromisoformat(answer["to"]) == end, answer
    assert answer["cost"] == 6.0, answer
    days = (end - start) / timedelta(days=1)  # 326.83...
    assert answer["grossProfit"] == pytest.approx(round(REVENUE * MARGIN * days / 365, 2))
    assert answer["contributionMargin"] == pytest.approx(answer["grossProfit"] - 6.0)


async def test_from_alone_runs_to_now_from_exactly_that_instant(admin: GraphQL) -> None:
    start = (datetime.now(UTC) - timedelta(days=10, hours=3, minutes=21, seconds=25)).replace(microsecond=0)
    await _record(admin, [
        _touch("just-before", "RECENT", start - timedelta(minutes=5), 16.0),
        _touch("just-after", "RECENT", start + timedelta(minutes=5), 32.0),
    ])
    answer = (await admin(COST, {"k": "RECENT", "from": start.isoformat()}))["account"]["costToEngage"]
    assert datetime.fromisoformat(answer["from"]) == start, answer
    assert answer["cost"] == 32.0, answer
