"""Each metric on tiny hand-built graphs, with the answers worked out by hand."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import networkx as nx
import pytest

from graph.metrics.account import account_metrics
from graph.metrics.champions import champion_moves
from graph.metrics.concentration import inverse_simpson, shares, top_share
from graph.metrics.connectivity import connectivity
from graph.metrics.cost import contribution_margin, cost_to_engage, interaction_cost, value_at_risk
from graph.metrics.depth import depth
from graph.metrics.parameters import MetricParameters
from graph.metrics.paths import warm_intro_path
from graph.metrics.risk import Departure, RiskSignals, risk_level, score_risk
from graph.metrics.roles import contact_role, infer_role
from graph.metrics.threads import thread_rows, thread_strength
from graph.metrics.value import breadth, momentum, relationship_value
from graph.metrics.weights import decay, interaction_weight

NOW = datetime(2026, 6, 1, tzinfo=UTC)
P = MetricParameters()


def people(
    staff: list[str], contacts: list[str], threads: list[tuple[str, str, float]], **contact_attrs
) -> nx.Graph:
    G = nx.Graph(account={"key": "A", "name": "Acme"}, as_of=NOW)
    for s in staff:
        G.add_node(s, kind="staff", name=s.title(), function="sales", active=True)
    for c in contacts:
        G.add_node(
            c, kind="contact", name=c.title(), current=True, current_before=True, **contact_attrs.get(c, {})
        )
    for s, c, w in threads:
        G.add_edge(s, c, strength=w, strength_before=w, interactions=1, replies=1)
    return G


# -- interaction weight and threads


def test_decay_at_one_half_life_is_one_half() -> None:
    assert decay(45.0, 45.0) == 0.5
    # email (1.0) x inbound (1.5) x 1/2 at one half-life
    assert interaction_weight("email", "inbound", NOW - timedelta(days=45), NOW) == pytest.approx(0.75)
    # meeting (3.0) x outbound (1.0) x 1/4 at two half-lives
    assert interaction_weight("meeting", "outbound", NOW - timedelta(days=90), NOW) == pytest.approx(0.75)


def test_weight_is_zero_outside_the_lookback_and_in_the_future() -> None:
    assert interaction_weight("meeting", "mutual", NOW - timedelta(days=365), NOW) == 0.0
    assert interaction_weight("meeting", "mutual", NOW + timedelta(seconds=1), NOW) == 0.0


def test_a_one_way_thread_counts_only_a_fraction() -> None:
    mails = [
        {"channel": "email", "direction": "outbound", "occurred_at": NOW - timedelta(days=d)} for d in (0, 45)
    ]
    # 1.0 + 0.5 = 1.5 of outbound weight, kept at one_way_fraction 0.2 = 0.3: not an active thread
    assert thread_strength(mails, NOW) == pytest.approx(0.3)
    answered = [*mails, {"channel": "email", "direction": "inbound", "occurred_at": NOW}]
    assert thread_strength(answered, NOW) == pytest.approx(1.5 + 1.5)


def test_thread_rows_before_the_momentum_window() -> None:
    i = {
        "channel": "meeting",
        "direction": "mutual",
        "occurred_at": NOW - timedelta(days=100),
        "staff_keys": ["s"],
        "contact_keys": ["c"],
    }
    [row] = thread_rows([i], NOW)
    # now: 3.0 x 1.25 x 2^(-100/45); 90 days earlier it was 10 days old: 3.75 x 2^(-10/45)
    assert row["strength"] == pytest.approx(3.75 * 2 ** (-100 / 45))
    assert row["strengthBefore"] == pytest.approx(3.75 * 2 ** (-10 / 45))
    assert (row["interactions"], row["replies"]) == (1, 1)


# -- concentration


def test_inverse_simpson_on_known_shares() -> None:
    assert inverse_simpson([5, 5]) == pytest.approx(2.0)
    assert inverse_simpson([1, 1, 1, 1]) == pytest.approx(4.0)
    # shares 0.5, 0.25, 0.25: 1 / (0.25 + 0.0625 + 0.0625) = 8/3
    assert inverse_simpson([2, 1, 1]) == pytest.approx(8 / 3)
    assert inverse_simpson([7]) == pytest.approx(1.0)
    assert inverse_simpson([]) == 0.0
    assert shares({"a": 1, "b": 3}) == {"a": 0.25, "b": 0.75}
    assert top_share({"a": 1, "b": 3}) == ("b", 0.75)


# -- connectivity


def test_chain_has_k_one_and_both_ends_fail_alone() -> None:
    G = people(["rep"], ["champ"], [("rep", "champ", 3.0)])
    c = connectivity(G)
    assert c.k == 1 and len(c.cut) == 1
    assert c.single_points_of_failure == ("champ", "rep")


def test_chain_two_staff_one_contact() -> None:
    G = people(["s1", "s2"], ["c"], [("s1", "c", 3.0), ("s2", "c", 3.0)])
    c = connectivity(G)
    assert (c.k, c.cut, c.single_points_of_failure) == (1, ("c",), ("c",))


def test_diamond_has_k_two_and_no_single_point_of_failure() -> None:
    G = people(["s1", "s2"], ["c1", "c2"], [("s1", "c1", 2.0), ("s1", "c2", 2.0), ("s2", "c1", 2.0)])
    c = connectivity(G)
    assert c.k == 2 and len(c.cut) == 2
    assert c.single_points_of_failure == ()


def test_star_hangs_on_the_rep() -> None:
    G = people(["rep"], ["a", "b", "c"], [("rep", x, 2.0) for x in "abc"])
    c = connectivity(G)
    assert (c.k, c.cut, c.single_points_of_failure) == (1, ("rep",), ("rep",))


def test_weak_threads_former_contacts_and_inactive_staff_do_not_connect() -> None:
    G = people(["rep", "gone"], ["a", "b"], [("rep", "a", 0.5), ("gone", "b", 5.0)])
    G.nodes["gone"]["active"] = False
    assert connectivity(G).k == 0
    G = people(["rep"], ["a"], [("rep", "a", 5.0)])
    G.nodes["a"]["current"] = False
    assert connectivity(G).k == 0


# -- roles and depth


def test_roles_are_inferred_from_title_then_seniority() -> None:
    assert infer_role("Vice President, Sales", "vp") == "decision_maker"
    assert infer_role("President", "c_level") == "economic_buyer"
    assert infer_role("Procurement Lead", "manager") == "procurement"
    assert infer_role("Account Clerk", "individual") == "user"
    assert contact_role({"role": "blocker", "title": "CFO"}) == ("blocker", False)


def test_depth_counts_engaged_people_roles_and_functions() -> None:
    G = people(
        ["s1", "s2"],
        ["a", "b", "c"],
        [("s1", "a", 3.0), ("s2", "b", 1.0), ("s1", "c", 0.5)],
        a={"role": "champion"},
        b={"role": "unknown", "title": "CFO"},
        c={"role": "economic_buyer"},
    )
    G.nodes["s2"]["function"] = "success"
    d = depth(G)
    assert d.engaged_contacts == ("a", "b") and d.engaged_staff == ("s1", "s2")
    assert d.active_threads == 2
    # over the active threads only (c's 0.5 engages nobody): strengths 3, 1 of 4, 1 / (9/16 + 1/16) = 1.6
    assert d.effective_contacts == pytest.approx(1.6)
    assert d.covered_roles == ("economic_buyer", "champion")  # c is below theta: not engaged
    assert [(r.contact_key, r.inferred) for r in d.roles] == [("a", False), ("b", True)]
    assert d.role_coverage == pytest.approx(2 / 6)
    assert d.functions == ("sales", "success") and d.k == 2


# -- value, cost


def test_relationship_value_and_momentum() -> None:
    G = people(["s"], ["a"], [("s", "a", 2.0)], a={"role": "champion", "seniority": "vp"})
    # 2 x champion 2.0 x vp 1.7 x breadth(k=1, 1/6)
    assert relationship_value(G) == pytest.approx(2 * 2.0 * 1.7 * breadth(1, 1 / 6))
    G["s"]["a"]["strength_before"] = 4.0
    before = relationship_value(G, weight="strength_before", current="current_before")
    assert momentum(relationship_value(G), before) == pytest.approx(0.5)
    assert momentum(1.0, 0.0) is None


def test_cost_to_engage_prefers_own_cost_then_duration_then_channel() -> None:
    assert interaction_cost("call", cost=10.0, duration_minutes=60, staff_cost_per_hour=[100]) == 10.0
    assert interaction_cost("call", duration_minutes=90, staff_cost_per_hour=[100, 20]) == 180.0
    assert interaction_cost("call", duration_minutes=90) == P.channel_unit_costs["call"]
    old = {"channel": "email", "occurred_at": NOW - timedelta(days=400)}
    new = {"channel": "email", "occurred_at": NOW - timedelta(days=1), "cost": 3.0}
    assert cost_to_engage([old, new], NOW) == 3.0
    assert contribution_margin(200_000, 0.5, 10_000) == 90_000
    assert value_at_risk(90_000, 50) == 45_000


# -- risk


def test_risk_factors_name_people_and_sum_to_the_score() -> None:
    signals = RiskSignals(
        "Acme",
        k=1,
        single_points_of_failure=("Ann", "Rep (ours)"),
        top_contact="Ann",
        top_contact_share=1.0,
        top_staff="Rep",
        top_staff_share=1.0,
        days_since_inbound=60.0,
        last_inbound_from="Ann",
        momentum=0.75,
        departures=(Departure("Carl", "champion", NOW - timedelta(days=3), "Beta"),),
        decision_maker_engaged=False,
        one_way_share=1.0,
        one_way_contacts=("Dora",),
    )
    r = score_risk(signals)
    codes = {f.code: f for f in r.factors}
    assert codes["SINGLE_THREADED"].contribution == 25.0
    assert "Ann or Rep (ours)" in codes["SINGLE_THREADED"].sentence
    assert codes["GOING_DARK"].contribution == pytest.approx(20 * (60 - 30) / (90 - 30))
    assert codes["DECLINING_MOMENTUM"].contribution == pytest.approx(10 * 0.25 / 0.5)
    assert (
        "Carl (champion) left Acme" in codes["CHAMPION_LEFT"].sentence
        and "Beta" in codes["CHAMPION_LEFT"].sentence
    )
    assert r.score == pytest.approx(sum(f.contribution for f in r.factors))
    assert r.score == pytest.approx(25 + 8 + 7 + 10 + 5 + 15 + 8 + 7)
    assert r.level == "CRITICAL"
    assert risk_level(24.999) == "LOW" and risk_level(25) == "MEDIUM" and risk_level(74.9) == "HIGH"


def test_account_metrics_on_a_single_threaded_account() -> None:
    G = people(["rep"], ["ann"], [("rep", "ann", 5.0)], ann={"role": "economic_buyer"})
    G.graph.update(last_inbound_at=NOW - timedelta(days=1), cost_to_engage=1000.0)
    G.graph["account"].update(annualRevenue=10_000.0, grossMarginRate=0.5)
    m = account_metrics(G)
    assert m.single_threaded and m.connectivity == 1
    assert [f.code for f in m.risk.factors] == [
        "SINGLE_THREADED",
        "CONTACT_CONCENTRATION",
        "STAFF_CONCENTRATION",
    ]
    assert m.contribution_margin == 4000.0
    assert m.value_at_risk == pytest.approx(4000.0 * m.risk.score / 100)
    # "if the rep leaves": nobody of ours knows anybody there
    assert account_metrics(G, without_=["rep"]).connectivity == 0


def test_with_no_active_thread_every_structural_factor_is_at_its_maximum() -> None:
    # A brand-new account (nothing at all), and the same with one outbound email nobody answered (a
    # one-way thread of 0.2, below theta): neither is engaged, both are as thin as it gets.
    G = people(["rep"], ["ann"], [])
    G.graph.update(last_inbound_at=None)
    emailed = people(["rep"], ["ann"], [("rep", "ann", 0.2)])
    emailed["rep"]["ann"].update(replies=0)
    for graph in (G, emailed):
        r = account_metrics(graph).risk
        codes = {f.code: f for f in r.factors}
        for code in ("SINGLE_THREADED", "CONTACT_CONCENTRATION", "STAFF_CONCENTRATION", "ONE_WAY_ENGAGEMENT"):
            assert codes[code].severity == 1.0, code
        assert r.score == 25 + 8 + 7 + 20 + 8 + 7 and r.level == "CRITICAL"
        assert not any(re.search(r"(?<![0-9])0%", f.sentence) for f in r.factors)  # no "holds 0%"
    assert "Ann never" not in codes["ONE_WAY_ENGAGEMENT"].sentence
    assert codes["ONE_WAY_ENGAGEMENT"].sentence.endswith("never got an answer (Ann).")
    assert depth(emailed).effective_contacts == 0.0


def test_what_if_they_leave_keeps_the_past() -> None:
    # Rep knows Ann (current) and knew Carl (no recorded role, left a month ago): Carl counts as a key
    # contact who left. Rep2 has a weak, steady thread with Bob. Rep's thread with Ann is cooling.
    G = people(
        ["rep", "rep2"],
        ["ann", "bob", "carl"],
        [("rep", "ann", 2.0), ("rep2", "bob", 0.5), ("rep", "carl", 0.0)],
        ann={"role": "decision_maker"},
    )
    G.nodes["carl"].update(current=False, until=NOW - timedelta(days=30))
    G["rep"]["ann"]["strength_before"] = 8.0
    G["rep"]["carl"]["strength_before"] = 3.0
    G.graph.update(last_inbound_at=NOW - timedelta(days=5))
    m = account_metrics(G)
    assert m.depth.connectivity.single_points_of_failure == ("ann", "rep")
    assert "CHAMPION_LEFT" in {f.code for f in m.risk.factors}
    for person in ("ann", "rep"):
        gone = account_metrics(G, without_=[person])
        codes = {f.code for f in gone.risk.factors}
        # Carl left while we knew him, whoever leaves next.
        assert "CHAMPION_LEFT" in codes
        # What is left (Bob's 0.5) against what there was (Ann's 8 and Bob's 0.5), not against Bob alone.
        assert gone.value_before == m.value_before and gone.momentum < m.momentum
        assert gone.risk.score >= m.risk.score
    assert account_metrics(G, without_=["rep2"]).depth.effective_contacts == 1.0


def test_decision_maker_reached_through_reporting_line() -> None:
    G = people(
        ["rep", "rep2"],
        ["ann", "boss"],
        [("rep", "ann", 5.0), ("rep2", "ann", 5.0)],
        ann={"role": "user", "reports_to": "boss"},
        boss={"role": "decision_maker"},
    )
    G.graph.update(last_inbound_at=NOW)
    assert "NO_DECISION_MAKER" not in {f.code for f in account_metrics(G).risk.factors}
    G.nodes["ann"]["reports_to"] = None
    assert "NO_DECISION_MAKER" in {f.code for f in account_metrics(G).risk.factors}


# -- warm introductions and champion moves


def test_warm_intro_path_prefers_the_strongest_chain() -> None:
    N = nx.Graph()
    N.add_nodes_from(["s1", "s2"], kind="staff")
    N.add_nodes_from(["a", "b", "t"], kind="contact")
    N.add_edge("s1", "a", kind="thread", strength=2.0)  # 0.5
    N.add_edge("a", "t", kind="reports_to")  # 0.8  -> 0.4
    N.add_edge("s2", "b", kind="thread", strength=6.0)  # 0.875
    N.add_edge("b", "t", kind="colleague")  # 0.5 -> 0.4375
    path = warm_intro_path(N, "t")
    assert path is not None and path.strength == pytest.approx(0.4375)
    assert [(x.from_key, x.to_key, x.kind) for x in path.links] == [
        ("s2", "b", "thread"),
        ("b", "t", "colleague"),
    ]
    N.remove_edge("b", "t")
    assert warm_intro_path(N, "t").strength == pytest.approx(0.4)
    N.remove_edge("a", "t")
    assert warm_intro_path(N, "t") is None


def test_champion_moves_filters_by_time_and_role() -> None:
    base = {
        "contactName": "Ann",
        "fromAccountKey": "A",
        "fromAccountName": "Acme",
        "toAccountKey": "B",
        "toAccountName": "Beta",
        "leftAt": NOW - timedelta(days=30),
        "since": NOW - timedelta(days=20),
    }
    rows = [
        {**base, "contactKey": "ann", "role": "champion", "strength": 2.0},
        {**base, "contactKey": "bob", "role": "user", "strength": 5.0},
    ]
    assert [m.contact_key for m in champion_moves(rows, NOW)] == ["bob", "ann"]
    assert [m.contact_key for m in champion_moves(rows, NOW, roles=["champion"])] == ["ann"]
    assert champion_moves(rows, NOW, within_days=10) == []
