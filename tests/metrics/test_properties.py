"""Properties the metrics keep on any graph (hypothesis)."""

from __future__ import annotations

from dataclasses import replace
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
from graph.metrics.value import momentum, relationship_value
from graph.metrics.views import without
from graph.snapshot import account_graph
from tests.metrics.worlds import threads_now

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


@given(signals_strategy)
def test_losing_every_active_thread_never_lowers_the_score(signals) -> None:
    # k = 0 with nobody engaged: the structural factors at their maximum, whatever the shares say.
    thin = replace(signals, k=0, single_points_of_failure=(), decision_maker_engaged=False)
    assert score_risk(thin).score >= score_risk(signals).score
    codes = {f.code: f.severity for f in score_risk(thin).factors}
    for code in ("SINGLE_THREADED", "CONTACT_CONCENTRATION", "STAFF_CONCENTRATION", "ONE_WAY_ENGAGEMENT"):
        assert codes[code] == 1.0


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


@settings(max_examples=60, deadline=None)
@given(
    st.lists(interaction_strategy, max_size=30),
    st.lists(st.sampled_from(ROLES), min_size=5, max_size=5),
    st.sampled_from(STAFF + CONTACTS),
)
def test_removing_a_person_and_asking_without_them_agree(interactions, roles, person) -> None:
    removed = account_metrics(account_graph(row_of(interactions, NOW, roles, drop={person}), NOW, P), P)
    G = account_graph(row_of(interactions, NOW, roles), NOW, P)
    asked = account_metrics(G, P, without_=[person])
    assert asked.depth == removed.depth
    assert asked.relationship_value == pytest.approx(removed.relationship_value)
    # They leave now: the value a momentum window ago is the one they were part of.
    assert asked.value_before == account_metrics(G, P).value_before
    before = relationship_value(G, P, weight="strength_before", current="current_before")
    expected = momentum(relationship_value(without(G, [person]), P), before)
    assert asked.momentum == (None if expected is None else round(expected, 4))
    # Everything else the risk reads is about now, and agrees.
    def rest(m):
        return [f for f in m.risk.factors if f.code != "DECLINING_MOMENTUM"]

    assert rest(asked) == rest(removed)


@settings(max_examples=60, deadline=None)  # several account computations per example
@given(
    st.lists(interaction_strategy, max_size=30),
    st.lists(st.sampled_from(ROLES), min_size=5, max_size=5),
)
def test_losing_a_single_point_of_failure_never_lowers_the_risk(interactions, roles) -> None:
    G = account_graph(row_of(interactions, NOW, roles), NOW, P)
    m = account_metrics(G, P)
    for person in m.depth.connectivity.single_points_of_failure:
        gone = account_metrics(G, P, without_=[person])
        assert gone.connectivity == 0 and gone.depth.effective_contacts == 0
        assert gone.risk.score >= m.risk.score, (person, m.risk, gone.risk)
        assert gone.relationship_value <= m.relationship_value
        assert (gone.momentum is None) == (m.momentum is None)
        assert gone.momentum is None or gone.momentum <= m.momentum


@settings(max_examples=60, deadline=None)  # several account computations per example
@given(
    st.lists(interaction_strategy, max_size=30),
    st.lists(st.sampled_from(ROLES), min_size=5, max_size=5),
)
def test_no_thread_never_scores_below_one_thread(interactions, roles) -> None:
    G = account_graph(row_of(interactions, NOW, roles), NOW, P)
    nothing = account_metrics(threads_now(G, ()), P)
    assert nothing.connectivity == 0
    for thread in G.edges:
        one = account_metrics(threads_now(G, [thread]), P)
        assert nothing.risk.score >= one.risk.score, (thread, nothing.risk, one.risk)
