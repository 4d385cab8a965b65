# ruff: noqa: E501  (GraphQL documents read best unwrapped)
"""Numbers in records have upper bounds, so that no record, however large its values, breaks an answer
shared by every user. A tester's `annualRevenue: 1e308` (finite, so accepted) made value at risk inf:
`portfolio` answered data null ("Float cannot represent non numeric value: inf") and the accounts'
VALUE_AT_RISK cursor held `Infinity` (not JSON)."""

from __future__ import annotations

import math
from typing import Any

import httpx
import pytest

from graph.records import MAX_ANNUAL_REVENUE, MAX_COST_PER_HOUR, MAX_DURATION_MINUTES, MAX_INTERACTION_COST
from graph.store import Store
from tests.api.conftest import GraphQL, ensure_keys

SUMMARY = "... on IngestSummary { inserted rejected rejections { index field message } } ... on IngestError { code message }"
ACCOUNTS = f"mutation($in: [AccountInput!]!) {{ upsertAccounts(input: $in) {{ {SUMMARY} }} }}"
STAFF = f"mutation($in: [StaffInput!]!) {{ upsertStaff(input: $in) {{ {SUMMARY} }} }}"
INTERACTIONS = f"mutation($in: [InteractionInput!]!) {{ recordInteractions(input: $in) {{ {SUMMARY} }} }}"


def _account(key: str, revenue: float, margin: float = 1.0) -> dict[str, Any]:
    return {"key": key, "name": f"Huge {key}", "segment": "ENTERPRISE", "tier": "STRATEGIC",
            "lifecycleStage": "ACTIVE", "annualRevenue": revenue, "grossMarginRate": margin}


def _interaction(key: str, **values: Any) -> dict[str, Any]:
    return {"key": key, "source": "bounds", "channel": "MEETING", "occurredAt": "2020-01-01T00:00:00Z",
            "direction": "OUTBOUND", "accountKey": "P-1", **values}


@pytest.fixture
async def admin(clean_store: Store, client: httpx.AsyncClient) -> GraphQL:
    return GraphQL(client, ensure_keys(clean_store, ["P-1"]).admin)


@pytest.mark.parametrize(
    ("mutation", "record", "field", "bound"),
    [
        (ACCOUNTS, _account("P-11", 1e308), "annualRevenue", MAX_ANNUAL_REVENUE),
        (STAFF, {"key": "s-x", "name": "X", "function": "SALES", "costPerHour": MAX_COST_PER_HOUR * 10},
         "costPerHour", MAX_COST_PER_HOUR),
        (INTERACTIONS, _interaction("i-cost", cost=1e300), "cost", MAX_INTERACTION_COST),
        (INTERACTIONS, _interaction("i-long", durationMinutes=1e300), "durationMinutes", MAX_DURATION_MINUTES),
    ],
)
async def test_a_number_past_its_bound_is_rejected_naming_the_field(
    admin: GraphQL, mutation: str, record: dict[str, Any], field: str, bound: float
) -> None:
    assert (await admin(ACCOUNTS, {"in": [_account("P-1", 1000.0)]}))["upsertAccounts"]["inserted"] == 1
    [summary] = (await admin(mutation, {"in": [record]})).values()
    assert summary["rejected"] == 1, summary
    [rejection] = summary["rejections"]
    assert rejection["field"] == field and f"less than or equal to {bound}" in rejection["message"], rejection


async def test_records_at_every_bound_keep_the_shared_answers_finite(admin: GraphQL) -> None:
    accounts = [_account(f"P-{n}", MAX_ANNUAL_REVENUE) for n in range(1, 13)]
    assert (await admin(ACCOUNTS, {"in": accounts}))["upsertAccounts"]["inserted"] == 12
    staff = [{"key": f"s{n}", "name": f"Dear {n}", "function": "EXECUTIVE", "costPerHour": MAX_COST_PER_HOUR}
             for n in range(5)]
    assert (await admin(STAFF, {"in": staff}))["upsertStaff"]["inserted"] == 5
    touches = [
        _interaction(f"i{n}", accountKey=f"P-{n % 3 + 1}", staffKeys=[s["key"] for s in staff],
                     **({"cost": MAX_INTERACTION_COST} if n % 2 else {"durationMinutes": MAX_DURATION_MINUTES}))
        for n in range(40)
    ]
    recorded = (await admin(INTERACTIONS, {"in": touches}))["recordInteractions"]
    assert recorded["inserted"] == 40, recorded
    data = await admin(
        "query { portfolio { valueAtRisk accounts byLevel { valueAtRisk } bySegment { valueAtRisk } } }"
    )
    portfolio = data["portfolio"]
    assert portfolio["accounts"] == 12, portfolio
    assert math.isfinite(portfolio["valueAtRisk"]) and portfolio["valueAtRisk"] > 0, portfolio
    assert all(math.isfinite(b["valueAtRisk"]) for b in portfolio["byLevel"] + portfolio["bySegment"])
    # Paging by value at risk follows the cursors to the end: each one holds a finite value.
    nodes, after = [], None
    while True:
        page = (await admin(PAGE, {"after": after}))["accounts"]
        nodes += [e["node"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert sorted(n["key"] for n in nodes) == sorted(a["key"] for a in accounts)
    for node in nodes:
        assert math.isfinite(node["valueAtRisk"]) and math.isfinite(node["contributionMargin"]), node
        assert all(math.isfinite(v) for v in node["costToEngage"].values()), node
    assert any(n["costToEngage"]["cost"] > 0 for n in nodes)


PAGE = """
query($after: String) {
  accounts(first: 5, after: $after, orderBy: {field: VALUE_AT_RISK}) {
    pageInfo { hasNextPage endCursor }
    edges { node { key valueAtRisk contributionMargin
      costToEngage(from: "2019-06-01T00:00:00Z", to: "2020-06-01T00:00:00Z") { cost grossProfit contributionMargin } } }
  }
}
"""
