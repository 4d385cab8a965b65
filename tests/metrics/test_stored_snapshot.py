"""The Cypher aggregation agrees with the pure Python metrics on stored data; refresh materializes them."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from graph.metrics.cost import cost_to_engage
from graph.metrics.parameters import MetricParameters
from graph.metrics.threads import thread_rows
from graph.refresh import refresh_accounts, refresh_all
from graph.snapshot import account_graph, snapshot_params
from graph.store import Store
from tests.metrics.conftest import load_world
from tests.metrics.worlds import AS_OF, interactions_for_python, random_world

P = MetricParameters()


@pytest.mark.parametrize("seed", [1, 2])
def test_cypher_thread_strength_equals_python(world_store: Store, seed: int) -> None:
    world = random_world(seed)
    load_world(world_store, world)
    rows = world_store.read("account_snapshots", **snapshot_params(["A0", "A1", "A2"], AS_OF, P))
    assert [r["account"]["key"] for r in rows] == ["A0", "A1", "A2"]
    interactions = interactions_for_python(world)
    for row in rows:
        members = {c["key"] for c in row["contacts"]}
        # Threads are person to person: every shared interaction of the account's (former) contacts.
        mine = [i for i in interactions if set(i["contact_keys"]) & members]
        for i in mine:
            i["contact_keys"] = [c for c in i["contact_keys"] if c in members]
        expected = {(t["staffKey"], t["contactKey"]): t for t in thread_rows(mine, AS_OF, P)}
        got = {(t["staffKey"], t["contactKey"]): t for t in row["threads"]}
        assert got.keys() == expected.keys()
        for key, t in expected.items():
            assert got[key]["strength"] == pytest.approx(t["strength"], rel=1e-6, abs=1e-9)
            assert got[key]["strengthBefore"] == pytest.approx(t["strengthBefore"], rel=1e-6, abs=1e-9)
            assert (got[key]["interactions"], got[key]["replies"]) == (t["interactions"], t["replies"])
        staff_rate = {s["key"]: s["costPerHour"] for s in world["staff"]}
        account_interactions = [
            {**i, "staff_cost_per_hour": [staff_rate[s] for s in i["staff_keys"]]}
            for i in interactions
            if i["account"] == row["account"]["key"]
        ]
        assert row["costToEngage"] == pytest.approx(cost_to_engage(account_interactions, AS_OF, P))


def test_snapshot_knows_who_left_and_where_they_went(world_store: Store) -> None:
    load_world(world_store, random_world(3))
    row = world_store.read("account_snapshots", **snapshot_params(["A0"], AS_OF, P))[0]
    G = account_graph(row, AS_OF, P)
    assert G.nodes["C0-0"]["current"] is False
    assert G.nodes["C0-0"]["current_before"] is True
    assert G.nodes["C0-0"]["moved_to"] == "Account 1"
    assert G.nodes["C0-3"]["reports_to"] == "C0-1"


def test_refresh_materializes_metrics_and_knows_strength(world_store: Store) -> None:
    world = random_world(4)
    load_world(world_store, world)
    result = refresh_accounts(world_store, ["A0", "A1", "A2", "nope"], as_of=AS_OF, params=P, batch_size=2)
    assert result.accounts == 3 and result.missing == ["nope"]
    # The first refresh gives each its first level: starting points, no change recorded or announced.
    assert {f.account_key for f in result.first_levels} == {"A0", "A1", "A2"} and result.changes == []
    assert world_store.read("risk_events_since", sinceMs=0, afterId="", limit=10) == []
    again = refresh_accounts(world_store, ["A0"], as_of=AS_OF, params=P)
    assert again.changes == [] and again.first_levels == []
    rows = world_store.read("account_snapshots", **snapshot_params(["A0"], AS_OF, P))
    account = rows[0]["account"]
    for prop in (
        "relationshipValue",
        "depthScore",
        "riskScore",
        "riskLevel",
        "connectivity",
        "singleThreaded",
        "valueAtRisk",
        "metricsAsOf",
        "costToEngage",
        "contributionMargin",
    ):
        assert account[prop] is not None, prop
    factors = json.loads(account["riskFactors"])
    assert sum(f["contribution"] for f in factors) == pytest.approx(account["riskScore"])
    assert "CHAMPION_LEFT" in {f["code"] for f in factors}
    # A2's contacts never answered: every thread there is one-way.
    a2 = world_store.read("account_snapshots", **snapshot_params(["A2"], AS_OF, P))[0]["account"]
    assert "ONE_WAY_ENGAGEMENT" in {f["code"] for f in json.loads(a2["riskFactors"])}


def test_refresh_all_and_as_of_before_anything(world_store: Store) -> None:
    load_world(world_store, random_world(5))
    result = refresh_all(world_store, as_of=AS_OF - timedelta(days=2000), params=P, batch_size=2, workers=2)
    assert result.accounts == 3
    rows = world_store.read("account_snapshots", **snapshot_params(["A0", "A1", "A2"], AS_OF, P))
    assert all(r["account"]["relationshipValue"] == 0 for r in rows)


def test_an_account_with_nobody_and_nothing_is_scored(world_store: Store) -> None:
    load_world(
        world_store,
        {
            "accounts": [
                {"key": "E", "name": "Empty", "lifecycleStage": "prospect"},
                {"key": "M", "name": "Mailed", "lifecycleStage": "prospect"},
            ],
            "contacts": [{"key": "ann", "props": {"name": "Ann"}, "jobs": [{"account": "M"}]}],
            "staff": [{"key": "rep", "name": "Rep", "function": "sales", "active": True}],
            "interactions": [
                {"key": "m1", "account": "M", "channel": "email", "direction": "outbound",
                 "occurredAt": AS_OF - timedelta(days=1), "contacts": ["ann"], "staff": ["rep"]}
            ],
        },
    )
    result = refresh_accounts(world_store, ["E", "M"], as_of=AS_OF, params=P)
    assert result.accounts == 2
    rows = {r["key"]: r for r in world_store.read("account_metrics_as_of", accountKeys=["E", "M"])}
    # Nobody of ours knows anybody: single-threaded (25), both concentrations (8 + 7) and one-way (7) at
    # their maximum; nobody reached out (20), no decision maker engaged (8).
    assert (rows["E"]["riskScore"], rows["E"]["riskLevel"]) == (75.0, "CRITICAL")
    # One unanswered email is no thread yet (0.2 of its weight, below theta): not one point less.
    assert rows["M"]["riskScore"] >= rows["E"]["riskScore"]
    mailed = world_store.read("account_snapshots", **snapshot_params(["M"], AS_OF, P))[0]["account"]
    assert mailed["effectiveContacts"] == 0 and mailed["engagedContacts"] == 0
