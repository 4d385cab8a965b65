# ruff: noqa: E501  (GraphQL documents read best unwrapped)
"""A number has the same precision whether it was materialized by a refresh or computed for `asOf`,
`without` or a period: at most 4 decimals (money 2). Computed answers used to carry float noise:
`costToEngage.cost: 5388.340333333332`, `championMoves.strength: 30.337200000000006`,
`relationshipValue(asOf:) { value: 13.90699139107044, momentum: 0.433640615662984 }`,
`depth(without:).effectiveContacts: 1.7958153031205948`. And `effectiveContacts` counts what
`engagedContacts` counts: with nobody engaged it is 0 (it was 1.7958, counting weak threads)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from graph.intelligence import account_graphs
from graph.metrics.account import account_metrics
from graph.metrics.views import strength_by_person, without
from graph.store import Store
from tests.api.conftest import GraphQL

FIELDS = """
  risk { score factors { contribution } }
  depth { engagedContacts activeThreads effectiveContacts roleCoverage score }
  relationshipValue { value valueBefore momentum }
"""
ACCOUNT = f"""
query($k: String!, $asOf: DateTime, $without: [String!], $from: DateTime) {{
  account(key: $k) {{
    {FIELDS}
    pastRisk: risk(asOf: $asOf) {{ score factors {{ contribution }} }}
    pastDepth: depth(asOf: $asOf) {{ effectiveContacts roleCoverage score }}
    pastValue: relationshipValue(asOf: $asOf) {{ value valueBefore momentum }}
    whatIfRisk: risk(without: $without) {{ score factors {{ contribution }} }}
    whatIfDepth: depth(without: $without) {{ engagedContacts activeThreads effectiveContacts roleCoverage score }}
    period: costToEngage(from: $from) {{ cost grossProfit contributionMargin }}
    costToEngage {{ cost grossProfit contributionMargin }}
  }}
  championMoves {{ strength }}
}}
"""


def _numbers(value: Any) -> list[float]:
    if isinstance(value, float):
        return [value]
    if isinstance(value, dict):
        return [x for v in value.values() for x in _numbers(v)]
    if isinstance(value, list):
        return [x for v in value for x in _numbers(v)]
    return []


def _what_if_with_weak_threads_left(store: Store, demo_world: Any) -> tuple[str, str]:
    """An account and a single point of failure whose departure leaves only weak threads (below θ)."""
    keys = [r["key"] for r in store.read("api_account_keys", allowed=None)]
    for key, G in account_graphs(store, keys, as_of=demo_world.anchor).items():
        for person in account_metrics(G).depth.connectivity.single_points_of_failure:
            if strength_by_person(without(G, [person]), "contact"):
                return key, person
    raise AssertionError("no single point of failure in the demo world leaves a weak thread behind")


async def test_computed_answers_have_the_precision_of_materialized_ones(
    gql: GraphQL, demo_world: Any, store: Store
) -> None:
    key, person = _what_if_with_weak_threads_left(store, demo_world)
    anchor = demo_world.anchor
    variables = {
        "k": key,
        "asOf": (anchor - timedelta(days=41, hours=5, minutes=7)).isoformat(),
        "without": [person],
        "from": (anchor - timedelta(days=200, hours=3)).isoformat(),
    }
    data = await gql(ACCOUNT, variables)
    numbers = _numbers(data)
    assert len(numbers) > 20 and any(x != round(x) for x in numbers)
    noisy = [x for x in numbers if round(x, 4) != x]
    assert not noisy, noisy
    a = data["account"]
    money = [a[p][f] for p in ("period", "costToEngage") for f in ("cost", "grossProfit", "contributionMargin")]
    assert all(round(x, 2) == x for x in money), money
    # Nobody engaged is no effective contact, however many weak threads remain.
    what_if = a["whatIfDepth"]
    assert what_if["engagedContacts"] == 0 and what_if["activeThreads"] == 0
    assert what_if["effectiveContacts"] == 0, what_if
    assert a["depth"]["effectiveContacts"] <= a["depth"]["engagedContacts"]
    # Losing the single point of failure never lowers the risk.
    assert a["whatIfRisk"]["score"] >= a["risk"]["score"]
