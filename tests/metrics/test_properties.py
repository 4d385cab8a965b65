"""Properties the metrics keep on any graph (hypothesis)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.metrics.account import account_metrics
from graph.metrics.connectivity import connectivity
from graph.metrics.parameters import MetricParameters
from graph.metrics.risk import Departure, RiskSignals, score_risk
from graph.metrics.threads import thread_rows
from graph.snapshot import account_graph

NOW = datetime(2026, 6, 1, tzinfo=UTC)
P = MetricParameters()
STAFF = [f"s{i}" for i in range(4)]
CONTACTS = [f"c{i}" for i in range(5)]
ROLES = ["economic_buyer", "decision_maker", "champion", "influencer", "user", "unknown"]

threads_strategy = st.lists(
    st.tuples(st.sampled_from(STAFF), st.sampled_from(CONTACTS), st.floats(0.0, 5.0)), max_size=14
)


def graph_of(threads: list[tuple[str, str, float]]) -> nx.Graph:
    G = nx.Graph(account={"key": "A", "name": "Acme"}, as_of=NOW)
    G.add_nodes_from(STAFF, kind="staff", active=True)
    G.add_nodes_from(CONTACTS, kind="contact", current=True, current_before=True)
    for s, c, w in threads:
        G.add_edge(s, c, strength=w, strength_before=w, interactions=1, replies=1)
    return G


@given(threads_strategy, st.sampled_from(STAFF), st.sampled_from(CONTACTS), st.floats(1.0, 5.0))
def test_adding_an_active_thread_never_lowers_k(threads, s, c, w) -> None:
    G = graph_of(threads)
    k = connectivity(G).k
    G.add_edge(s, c, strength=max(w, G.edges[s, c]["strength"] if G.has_edge(s, c) else 0.0))
    assert connectivity(G).k >= k


@given(threads_strategy)
def test_removing_a_cut_member_lowers_k(threads) -> None:
    G = graph_of(threads)
    c = connectivity(G)
    assert len(c.cut) == c.k
    for person in c.cut:
        H = G.copy()
        H.remove_node(person)
        assert connectivity(H).k == c.k - 1


@given(threads_strategy)
def test_single_points_of_failure_each_leave_k_zero(threads) -> None:
    G = graph_of(threads)
    c = connectivity(G)
    for person in set(G) - {"__"}:
        H = G.copy()
        H.remove_node(person)
        assert (connectivity(H).k == 0 and c.k > 0) == (person in c.single_points_of_failure)


signals_strategy = st.builds(
    RiskSignals,
    account=st.just("Acme"),
    k=st.integers(0, 4),
    single_points_of_failure=st.just(("Ann",)),
    top_contact=st.just("Ann"),
    top_contact_share=st.floats(0, 1),
    top_staff=st.just("Rep"),
    top_staff_share=st.floats(0, 1),
    days_since_inbound=st.none() | st.floats(0, 1000),
    momentum=st.none() | st.floats(0, 5),
    departures=st.lists(
        st.builds(Departure, name=st.just("Carl"), role=st.just("champion"), left_at=st.just(NOW)), max_size=2
    ).map(tuple),
    decision_maker_engaged=st.booleans(),
    one_way_share=st.floats(0, 1),
)


@given(signals_strategy, st.dictionaries(st.sampled_from(list(P.risk_weights)), st.floats(0, 60)))
def test_factors_sum_to_the_score_within_0_100(signals, weights) -> None:
    params = P.model_copy(update={"risk_weights": {**P.risk_weights, **weights}})
    risk = score_risk(signals, params)
    assert 0 <= risk.score <= 100
    assert risk.score == pytest.approx(sum(f.contribution for f in risk.factors), abs=0.011)
    assert all(f.contribution > 0 and f.sentence for f in risk.factors)


interaction_strategy = st.builds(
    dict,
    channel=st.sampled_from(["meeting", "email", "call", "invoice"]),
    direction=st.sampled_from(["inbound", "outbound", "mutual"]),
    occurred_at=st.integers(0, 600).map(lambda d: NOW - timedelta(days=d)),
    staff_keys=st.lists(st.sampled_from(STAFF), min_size=1, max_size=2, unique=True),
    contact_keys=st.lists(st.sampled_from(CONTACTS), min_size=1, max_size=2, unique=True),
)


def row_of(interactions, as_of, roles, drop=()):
    return {
        "account": {"key": "A", "name": "Acme", "annualRevenue": 1000.0, "grossMarginRate": 0.5},
        "contacts": [
            {"key": c, "name": c, "role": roles[i]} for i, c in enumerate(CONTACTS) if c not in drop
        ],
        "staff": [{"key": s, "name": s, "function": "sales"} for s in STAFF if s not in drop],
        "threads": [
            t
            for t in thread_rows(interactions, as_of, P)
            if t["staffKey"] not in drop and t["contactKey"] not in drop
        ],
        "lastInboundAt": as_of - timedelta(days=10),
    }


@settings(max_examples=50)
@given(
    st.lists(interaction_strategy, min_size=1, max_size=30),
    st.lists(st.sampled_from(ROLES), min_size=5, max_size=5),
)
def test_nothing_before_the_first_interaction_has_value(interactions, roles) -> None:
    first = min(i["occurred_at"] for i in interactions)
    as_of = first - timedelta(seconds=1)
    m = account_metrics(account_graph(row_of(interactions, as_of, roles), as_of, P), P)
    assert m.relationship_value == 0 and m.value_before == 0 and m.connectivity == 0


@settings(max_examples=60)
@given(
    st.lists(interaction_strategy, max_size=30),
    st.lists(st.sampled_from(ROLES), min_size=5, max_size=5),
    st.sampled_from(STAFF + CONTACTS),
)
def test_removing_a_person_and_asking_without_them_agree(interactions, roles, person) -> None:
    removed = account_metrics(account_graph(row_of(interactions, NOW, roles, drop={person}), NOW, P), P)
    asked = account_metrics(account_graph(row_of(interactions, NOW, roles), NOW, P), P, without_=[person])
    assert asked.depth == removed.depth
    assert asked.relationship_value == pytest.approx(removed.relationship_value)
    assert asked.momentum == pytest.approx(removed.momentum)
    assert asked.risk == removed.risk
