# ruff: noqa: E501  (GraphQL documents read best unwrapped)
"""Over HTTP on the demo world: churned accounts have nothing left to lose. Their value at risk is 0, the
portfolio counts them apart (`churned`) rather than by level, and no top-priority list shows them; as of
an instant before an account's churnedAt it is a customer again. An as-of portfolio leaves out accounts
with nothing dated by then: in 1900, none."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from tests.api.conftest import GraphQL

ACCOUNTS = """{ accounts(first: 100) { edges { node { key lifecycleStage churnedAt riskLevel valueAtRisk } } } }"""
PORTFOLIO = """query($asOf: DateTime) { portfolio(asOf: $asOf, top: 100) { accounts churned valueAtRisk singleThreaded
  byLevel { level count valueAtRisk } bySegment { count } topPriorityAtRisk { key lifecycleStage } } }"""


async def _accounts(gql: GraphQL) -> list[dict[str, Any]]:
    return [e["node"] for e in (await gql(ACCOUNTS))["accounts"]["edges"]]


async def _portfolio(gql: GraphQL, as_of: datetime | None = None) -> dict[str, Any]:
    return (await gql(PORTFOLIO, {"asOf": as_of.isoformat() if as_of else None}))["portfolio"]


async def test_churned_accounts_hold_no_value_at_risk_and_are_counted_apart(gql: GraphQL, demo_world: Any) -> None:
    accounts = await _accounts(gql)
    churned = [a for a in accounts if a["lifecycleStage"] == "CHURNED"]
    customers = [a for a in accounts if a["lifecycleStage"] != "CHURNED"]
    # The demo world's churned accounts went dark first: most score HIGH or CRITICAL, the user's complaint.
    assert any(a["riskLevel"] in ("HIGH", "CRITICAL") for a in churned), churned
    assert all(a["valueAtRisk"] == 0.0 for a in churned)

    now = await _portfolio(gql)
    assert (now["accounts"], now["churned"]) == (len(customers), len(churned))
    assert sum(b["count"] for b in now["byLevel"]) == sum(b["count"] for b in now["bySegment"]) == now["accounts"]
    assert abs(now["valueAtRisk"] - sum(a["valueAtRisk"] for a in customers)) < 0.05
    assert now["topPriorityAtRisk"], "the demo world has customers at risk"
    assert all(a["lifecycleStage"] != "CHURNED" for a in now["topPriorityAtRisk"])

    # Ordered by value at risk, every customer with something at risk comes before any churned account.
    losing = [a for a in customers if a["riskLevel"] in ("HIGH", "CRITICAL") and a["valueAtRisk"] > 0]
    assert losing
    page = await gql("""query($n: Int!) { accounts(first: $n, filter: {riskLevels: [HIGH, CRITICAL]},
                                                 orderBy: {field: VALUE_AT_RISK, direction: DESC})
                          { edges { node { lifecycleStage valueAtRisk } } } }""", {"n": min(len(losing), 100)})
    assert all(e["node"]["lifecycleStage"] != "CHURNED" for e in page["accounts"]["edges"]), page

    # As of now, from the risk history (the last refresh's snapshot), the portfolio answers the same.
    same = await _portfolio(gql, datetime.now(UTC))
    assert same["churned"] == now["churned"]
    assert abs(same["valueAtRisk"] - now["valueAtRisk"]) < 0.05


async def test_an_account_is_a_customer_until_its_churned_at(gql: GraphQL, demo_world: Any) -> None:
    churned = [a for a in await _accounts(gql) if a["lifecycleStage"] == "CHURNED"]
    latest = max(churned, key=lambda a: a["churnedAt"])
    at = datetime.fromisoformat(latest["churnedAt"])
    gone_by = [a for a in churned if datetime.fromisoformat(a["churnedAt"]) <= at]
    on_the_day = await _portfolio(gql, at)
    just_before = await _portfolio(gql, at - timedelta(seconds=1))
    assert on_the_day["churned"] == len(gone_by)
    assert just_before["churned"] == len(gone_by) - sum(a["churnedAt"] == latest["churnedAt"] for a in churned)
    assert just_before["accounts"] > on_the_day["accounts"]  # back among the customers, counted by level
    assert sum(b["count"] for b in just_before["byLevel"]) == just_before["accounts"]
    assert all(a["key"] != latest["key"] for a in on_the_day["topPriorityAtRisk"])


async def test_no_account_was_there_in_1900(gql: GraphQL, demo_world: Any) -> None:
    long_ago = await _portfolio(gql, datetime(1900, 1, 1, tzinfo=UTC))
    assert long_ago == {"accounts": 0, "churned": 0, "valueAtRisk": 0.0, "singleThreaded": 0, "byLevel": [],
                        "bySegment": [], "topPriorityAtRisk": []}
