"""A churned account has nothing left to lose: its value at risk is 0 from its churnedAt on, in the
materialized metrics (refresh) and in every as-of computation alike, while before churnedAt it is a
customer like any other (the backtest scores it then). An as-of portfolio also leaves out the accounts
with nothing dated by then (no interaction, employment or coverage)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import networkx as nx
import pytest

from graph.backtest import run_backtest
from graph.history import backfill_history, portfolio_as_of_async
from graph.intelligence import account_metrics_for
from graph.metrics.account import account_metrics
from graph.metrics.parameters import MetricParameters
from graph.refresh import refresh_accounts
from graph.store import AsyncStore, Store
from tests.metrics.conftest import load_world
from tests.metrics.worlds import AS_OF, random_world

P = MetricParameters()
CHURNED_AT = AS_OF - timedelta(days=30)
SECOND = timedelta(seconds=1)


def _graph(**account: Any) -> nx.Graph:
    G = nx.Graph(account={"key": "A", "name": "Acme", "annualRevenue": 1000.0, "grossMarginRate": 0.5,
                          **account},
                 as_of=CHURNED_AT, cost_to_engage=100.0)
    G.add_node("rep", kind="staff", name="Rep")
    G.add_node("ann", kind="contact", name="Ann", role="champion")
    G.add_edge("rep", "ann", strength=2.0, strength_before=2.0, interactions=2, replies=1)
    return G


def test_value_at_risk_is_zero_from_churned_at_on_and_the_rest_unchanged() -> None:
    G = _graph(lifecycleStage="churned", churnedAt=CHURNED_AT)
    gone = account_metrics(G)
    G.graph["as_of"] = CHURNED_AT - SECOND
    still = account_metrics(G)
    assert gone.value_at_risk == 0.0
    assert still.value_at_risk == pytest.approx(400.0 * still.risk.score / 100) and still.value_at_risk > 0
    # Risk and margin are the account's all the same: only what it can still lose is gone.
    assert gone.contribution_margin == still.contribution_margin == 400.0
    assert gone.risk.score == still.risk.score > 0
    # Won back (the stage is no longer churned): a customer again, whatever the old churnedAt says.
    back = account_metrics(_graph(lifecycleStage="active", churnedAt=CHURNED_AT - timedelta(days=300)))
    assert back.value_at_risk == pytest.approx(400.0 * back.risk.score / 100) and back.value_at_risk > 0


def _world(seed: int) -> dict[str, list[Any]]:
    world = random_world(seed)
    # A2: only ever written to, never answered, so at risk whenever it is asked.
    world["accounts"][2].update(lifecycleStage="churned", churnedAt=CHURNED_AT)
    return world


def _stored(store: Store, key: str) -> dict[str, Any]:
    return store.read("api_accounts_by_keys", keys=[key], allowed=None)[0]["account"]


async def test_refresh_and_as_of_portfolio_agree_on_a_churned_account(
    world_store: Store, async_store: AsyncStore
) -> None:
    load_world(world_store, _world(41))
    keys = ["A0", "A1", "A2"]
    refresh_accounts(world_store, keys, as_of=CHURNED_AT - SECOND, params=P)
    before = _stored(world_store, "A2")
    assert before["valueAtRisk"] > 0, before  # still a customer the instant before it churned

    refresh_accounts(world_store, keys, as_of=AS_OF, params=P)
    after = _stored(world_store, "A2")
    assert after["valueAtRisk"] == 0.0
    assert after["contributionMargin"] > 0 and after["riskScore"] > 0  # kept as they are

    # The same instant computed from the interactions answers the same.
    computed = account_metrics_for(world_store, keys, as_of=AS_OF, params=P)
    assert computed["A2"].value_at_risk == 0.0
    for key in keys:
        stored = _stored(world_store, key)["valueAtRisk"]
        assert stored == pytest.approx(computed[key].value_at_risk, abs=0.01)

    # The portfolio as of then, from the refresh's snapshot: A2 is counted apart, not as a customer.
    now = await portfolio_as_of_async(async_store, AS_OF, allowed=None, params=P)
    assert now.churned == ["A2"] and now.without_data == []
    assert [p.account_key for p in now.points] == ["A0", "A1"] and all(p.from_history for p in now.points)
    # ... as the materialized portfolio counts it (the API's `portfolio` without asOf).
    [summary] = world_store.read("api_portfolio_summary", allowed=None, now=AS_OF)
    assert (summary["accounts"], summary["churned"]) == (2, 1)
    assert summary["valueAtRisk"] == pytest.approx(sum(p.value_at_risk for p in now.points), abs=0.02)
    every_level = ["LOW", "MEDIUM", "HIGH", "CRITICAL"]
    top = world_store.read("api_top_priority_at_risk", allowed=None, levels=every_level, limit=10, now=AS_OF)
    assert "A2" not in [r["account"]["key"] for r in top] and len(top) == 2
    # Before its churnedAt, the materialized portfolio still counts A2 as a customer.
    [earlier] = world_store.read("api_portfolio_summary", allowed=None, now=CHURNED_AT - SECOND)
    assert (earlier["accounts"], earlier["churned"]) == (3, 0)

    # Computed (no snapshot that fresh) before the churn: a customer with its value at risk.
    then = CHURNED_AT - timedelta(days=10)
    past = await portfolio_as_of_async(async_store, then, allowed=None, params=P)
    assert past.churned == [] and [p.account_key for p in past.points] == keys
    [lost] = [p for p in past.points if p.account_key == "A2"]
    assert not lost.from_history
    assert lost.value_at_risk == pytest.approx(account_metrics_for(world_store, ["A2"], as_of=then, params=P)[
        "A2"].value_at_risk) and lost.value_at_risk > 0


async def test_backfilled_history_agrees_with_the_churn_date(
    world_store: Store, async_store: AsyncStore
) -> None:
    load_world(world_store, _world(42))
    backfill_history(world_store, start=CHURNED_AT - timedelta(days=7), end=CHURNED_AT + timedelta(days=7),
                     every_days=7, params=P)
    at_churn = await portfolio_as_of_async(async_store, CHURNED_AT, allowed=None, params=P)
    assert at_churn.churned == ["A2"] and all(p.from_history for p in at_churn.points)
    week = timedelta(days=7)
    week_before = await portfolio_as_of_async(async_store, CHURNED_AT - week, allowed=None, params=P)
    [lost] = [p for p in week_before.points if p.account_key == "A2"]
    assert lost.from_history and lost.value_at_risk > 0 and week_before.churned == []
    # The snapshot written as of a date from churnedAt on holds no value at risk either.
    [row] = world_store.read("metrics_snapshots_as_of", asOf=CHURNED_AT + timedelta(days=7),
                             notBefore=CHURNED_AT, allowed=["A2"])
    assert row["snapshot"]["valueAtRisk"] == 0.0 and row["snapshot"]["riskScore"] > 0


def test_the_backtest_still_scores_an_account_before_it_churned(world_store: Store) -> None:
    load_world(world_store, _world(43))
    start = AS_OF - timedelta(days=150)
    result = run_backtest(world_store, horizon_days=90, start=start, end=AS_OF, params=P)
    for month in result.months:
        customers = 3 if month.as_of < CHURNED_AT else 2
        assert month.accounts == customers, month
        assert month.churned == (1 if month.as_of < CHURNED_AT <= month.as_of + timedelta(days=90) else 0)
    assert result.churned >= 1


ARRIVED = AS_OF - timedelta(days=20)


def _arrivals() -> dict[str, list[Any]]:
    """NEW arrives at ARRIVED (a job, then a meeting), UNDATED's job has no start, EMPTY has nothing."""
    start = ARRIVED
    return {
        "accounts": [{"key": k, "name": k, "annualRevenue": 1000.0, "grossMarginRate": 0.5,
                      "lifecycleStage": "active"} for k in ("NEW", "UNDATED", "EMPTY")],
        "contacts": [
            {"key": "c-new", "props": {"name": "New"},
             "jobs": [{"account": "NEW", "since": start, "until": None}]},
            # No start date: the metrics count the contact there at every instant, and so does this.
            {"key": "c-undated", "props": {"name": "Undated"},
             "jobs": [{"account": "UNDATED", "since": None, "until": None}]},
        ],
        "staff": [{"key": "s", "name": "S", "function": "sales", "costPerHour": 50.0, "active": True}],
        "interactions": [{"key": "i1", "account": "NEW", "channel": "meeting", "direction": "mutual",
                          "occurredAt": AS_OF - timedelta(days=10), "durationMinutes": 30, "cost": None,
                          "contacts": ["c-new"], "staff": ["s"]}],
    }


async def test_as_of_portfolio_leaves_out_accounts_with_nothing_dated_yet(
    world_store: Store, async_store: AsyncStore
) -> None:
    start = ARRIVED
    load_world(world_store, _arrivals())

    early = await portfolio_as_of_async(async_store, start - SECOND, allowed=None, params=P)
    assert [p.account_key for p in early.points] == ["UNDATED"]
    assert early.without_data == ["EMPTY", "NEW"] and early.churned == []
    joined = await portfolio_as_of_async(async_store, start, allowed=None, params=P)
    assert [p.account_key for p in joined.points] == ["NEW", "UNDATED"] and joined.without_data == ["EMPTY"]
    ancient = await portfolio_as_of_async(async_store, AS_OF.replace(year=1900), allowed=None, params=P)
    assert [p.account_key for p in ancient.points] == ["UNDATED"]


def test_the_backtest_leaves_out_accounts_with_nothing_dated_yet(world_store: Store) -> None:
    # Scored before anything of theirs is dated, they would be an empty relationship (75, CRITICAL)
    # that then does not churn: false alarms that say nothing about the score.
    load_world(world_store, _arrivals())
    may, june = (AS_OF.replace(month=m, day=1, hour=0) for m in (5, 6))
    assert may < ARRIVED < june
    result = run_backtest(world_store, horizon_days=90, start=may, end=june, params=P)
    assert [(m.as_of, m.accounts, m.without_data) for m in result.months] == [(may, 1, 2), (june, 2, 1)]
    assert result.observations == 3
