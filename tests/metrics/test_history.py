"""The risk history: refreshes write their day's snapshot, a backfill writes past ones, and a portfolio as
of a past instant reads the history where it is fresh and computes the rest, with the same answer."""

from __future__ import annotations

from datetime import timedelta

import pytest
from typer.testing import CliRunner

from graph.cli.main import app
from graph.history import backfill_history, history_dates, portfolio_as_of_async
from graph.intelligence import account_metrics_for
from graph.metrics.parameters import MetricParameters
from graph.refresh import refresh_accounts
from graph.settings import Settings
from graph.store import AsyncStore, Store
from tests.metrics.conftest import load_world
from tests.metrics.worlds import AS_OF, random_world

P = MetricParameters()


async def test_history_answers_as_computing_would(world_store: Store, async_store: AsyncStore) -> None:
    load_world(world_store, random_world(31))
    keys = sorted(r["key"] for r in world_store.read("account_keys_all"))
    result = backfill_history(world_store, start=AS_OF - timedelta(days=28), end=AS_OF - timedelta(days=7),
                              every_days=7, params=P)
    assert len(result.dates) == 4 and result.snapshots == 4 * len(keys)

    at = AS_OF - timedelta(days=14)  # a backfilled instant: every account reads from the history
    points = (await portfolio_as_of_async(async_store, at, allowed=None, params=P)).points
    computed = account_metrics_for(world_store, keys, as_of=at, params=P)
    assert [p.account_key for p in points] == keys and all(p.from_history for p in points)
    for p in points:
        m = computed[p.account_key]
        assert (p.risk_level, p.risk_score) == (m.risk.level, m.risk.score)
        assert p.single_threaded == m.single_threaded
        assert p.value_at_risk == pytest.approx(m.value_at_risk, abs=0.01)

    # A day after a snapshot still reads it; long after (beyond history_max_age_days) computes instead.
    assert all(p.from_history for p in (await portfolio_as_of_async(
        async_store, at + timedelta(days=1), allowed=None, params=P)).points)
    long_ago = AS_OF - timedelta(days=100)
    old = (await portfolio_as_of_async(async_store, long_ago, allowed=keys[:2], params=P)).points
    assert [p.account_key for p in old] == keys[:2] and not any(p.from_history for p in old)


def test_refresh_writes_its_days_snapshot_and_the_latest_of_a_day_wins(world_store: Store) -> None:
    load_world(world_store, random_world(32))
    refresh_accounts(world_store, ["A0"], as_of=AS_OF, params=P)
    # An earlier instant of the same day (a backfill, say) does not replace the later refresh.
    backfill_history(world_store, start=AS_OF - timedelta(hours=10), end=AS_OF - timedelta(hours=10),
                     params=P)
    [row] = world_store.read("metrics_snapshots_as_of", asOf=AS_OF, notBefore=AS_OF - timedelta(hours=1),
                             allowed=["A0"])
    assert row["snapshot"]["at"] == AS_OF
    stored = world_store.read("api_accounts_by_keys", keys=["A0"], allowed=None)[0]["account"]
    assert row["snapshot"]["riskScore"] == stored["riskScore"]
    # 30 days later the account is refreshed again: the exploration sees the change against history.
    refresh_accounts(world_store, ["A0"], as_of=AS_OF + timedelta(days=30), params=P)
    [rose] = [r for r in world_store.read("explore_risk_rose_30d", days=30, limit=10) if r["account"] == "A0"]
    assert rose["before"] == AS_OF.date() and rose["riskBefore"] == stored["riskScore"]


def test_history_dates_and_the_command(world_store: Store, settings: Settings,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    assert len(list(history_dates(AS_OF, AS_OF + timedelta(days=20), 10))) == 3
    with pytest.raises(ValueError):
        list(history_dates(AS_OF, AS_OF, 0))
    load_world(world_store, random_world(33))
    for name, value in (("NEO4J_URI", settings.neo4j_uri), ("NEO4J_USER", settings.neo4j_user),
                        ("NEO4J_PASSWORD", settings.neo4j_password)):
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("RELGRAPH_NEO4J_HOME", raising=False)
    runner = CliRunner()
    day = AS_OF.date()
    done = runner.invoke(app, ["history", "--from", str(day - timedelta(days=14)), "--to", str(day)])
    assert done.exit_code == 0, done.output
    assert "over 3 dates" in done.output
    bad = runner.invoke(app, ["history", "--from", "1850-01-01"])
    assert bad.exit_code != 0 and "1900-01-01" in bad.output
