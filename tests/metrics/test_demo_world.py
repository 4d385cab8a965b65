"""On the demo world the metrics find the stories the generator planted, and risk leads churn."""

from __future__ import annotations

from typing import Any

from graph.backtest import run_backtest
from graph.intelligence import account_graphs, account_metrics_for, champion_moves_for
from graph.metrics.account import account_metrics
from graph.store import Store
from tests.metrics.worlds import threads_now


def test_single_threaded_accounts_are_found(store: Store, demo_world: Any) -> None:
    keys = demo_world.stories["single_threaded_contact"] + demo_world.stories["single_threaded_staff"]
    assert keys
    metrics = account_metrics_for(store, keys, as_of=demo_world.anchor)
    assert all(m.single_threaded for m in metrics.values())
    assert all(m.depth.connectivity.single_points_of_failure for m in metrics.values())
    assert all(m.risk.factors[0].code == "SINGLE_THREADED" for m in metrics.values())
    deep = account_metrics_for(store, demo_world.stories["multi_threaded"], as_of=demo_world.anchor)
    assert deep and not any(m.single_threaded for m in deep.values())


def test_going_dark_accounts_are_found(store: Store, demo_world: Any) -> None:
    keys = demo_world.stories["going_dark"]
    assert keys
    metrics = account_metrics_for(store, keys, as_of=demo_world.anchor)
    dark = [k for k, m in metrics.items() if "GOING_DARK" in {f.code for f in m.risk.factors}]
    assert len(dark) >= 0.8 * len(keys)


def test_champions_who_moved_are_found(store: Store, demo_world: Any) -> None:
    moves = champion_moves_for(store, as_of=demo_world.anchor)
    found = {(m.contact_key, m.from_account_key, m.to_account_key) for m in moves}
    planted = {(m.contact_key, m.from_account_key, m.to_account_key) for m in demo_world.champion_moves}
    assert planted <= found
    left = account_metrics_for(store, demo_world.stories["champion_left"], as_of=demo_world.anchor)
    recent = [k for k, m in left.items() if "CHAMPION_LEFT" in {f.code for f in m.risk.factors}]
    assert recent  # those who left within the window are named as a risk factor


def test_materialized_metrics_are_on_every_account(store: Store, demo_world: Any) -> None:
    rows = store.read("account_metrics_as_of", accountKeys=demo_world.stories["healthy"][:10])
    assert rows and all(r["metricsAsOf"] is not None and r["riskLevel"] for r in rows)


def test_backtest_risk_leads_churn(store: Store, demo_world: Any) -> None:
    result = run_backtest(store, horizon_days=90)
    assert result.months and result.observations > 0
    assert result.churned > 0
    assert result.auc is not None and result.auc > 0.6


def test_losing_a_single_point_of_failure_never_lowers_the_risk(store: Store, demo_world: Any) -> None:
    keys = [r["key"] for r in store.read("api_account_keys", allowed=None)]
    graphs = account_graphs(store, keys, as_of=demo_world.anchor)
    checked = 0
    for key, G in graphs.items():
        m = account_metrics(G)
        for person in m.depth.connectivity.single_points_of_failure:
            gone = account_metrics(G, without_=[person])
            assert gone.connectivity == 0 and gone.depth.effective_contacts == 0
            assert gone.risk.score >= m.risk.score, (key, person, m.risk, gone.risk)
            checked += 1
    assert checked >= len(demo_world.stories["single_threaded_contact"])


def test_no_thread_never_scores_below_one_thread(store: Store, demo_world: Any) -> None:
    keys = [r["key"] for r in store.read("api_account_keys", allowed=None)]
    graphs = account_graphs(store, keys, as_of=demo_world.anchor)
    for key, G in graphs.items():
        # The same account, people and history, with no thread left today; then with each one alone.
        nothing = account_metrics(threads_now(G, ())).risk.score
        for thread in G.edges:
            one = account_metrics(threads_now(G, [thread])).risk
            assert nothing >= one.score, (key, thread, nothing, one)
