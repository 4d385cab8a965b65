"""`relgraph refresh` and `relgraph backtest` on a small stored world, and the async refresh twin."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from typer.testing import CliRunner

from graph.backtest import NoEvaluationDates, run_backtest
from graph.cli.main import app
from graph.metrics.parameters import MetricParameters
from graph.refresh import refresh_accounts, refresh_accounts_async
from graph.store import AsyncStore, Store
from tests.metrics.conftest import load_world
from tests.metrics.worlds import AS_OF, random_world


async def test_async_refresh_matches_sync(world_store: Store, async_store: AsyncStore) -> None:
    load_world(world_store, random_world(21))
    p = MetricParameters()
    sync = refresh_accounts(world_store, ["A0", "A1"], as_of=AS_OF, params=p)
    before = world_store.read("account_metrics_as_of", accountKeys=["A0", "A1"])
    result = await refresh_accounts_async(async_store, ["A0", "A1", "zz"], as_of=AS_OF, params=p)
    assert result.accounts == 2 and result.missing == ["zz"] and result.changes == []
    assert world_store.read("account_metrics_as_of", accountKeys=["A0", "A1"]) == before
    assert sync.accounts == 2


def test_refresh_and_backtest_commands(world_store: Store, cli_env: None) -> None:
    load_world(world_store, random_world(22))
    runner = CliRunner()
    done = runner.invoke(app, ["refresh", "--account", "A0", "--as-of", AS_OF.isoformat()])
    assert done.exit_code == 0, done.output
    assert "refreshed 1 accounts" in done.output
    everything = runner.invoke(app, ["refresh", "--all"])
    assert everything.exit_code == 0
    # The summary is one line however narrow the terminal (logs and grep read it), as import's is.
    [summary] = [line for line in everything.output.splitlines() if line.startswith("refreshed ")]
    pattern = (
        r"refreshed \d+ accounts in [\d.]+s \(\d+ accounts/s\); \d+ risk level changes(, \d+ first levels)?"
    )
    assert re.fullmatch(pattern, summary), summary
    assert runner.invoke(app, ["refresh"]).exit_code != 0
    frm = (AS_OF - timedelta(days=200)).date().isoformat()
    out = runner.invoke(app, ["backtest", "--horizon", "90", "--from", frm, "--to", AS_OF.date().isoformat()])
    assert out.exit_code == 0, out.output
    assert "AUC" in out.output


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["refresh", "--all", "--batch-size", "-5"], "--batch-size"),
        (["refresh", "--all", "--batch-size", "0"], "--batch-size"),
        (["refresh", "--all", "--workers", "0"], "--workers"),
        (["backtest", "--horizon", "0"], "--horizon"),
        (["backtest", "--horizon", "36500"], "--horizon"),
        (["backtest", "--from", "2026-07-01", "--to", "2026-04-01"], "--from"),
        (["history", "--from", "2026-07-01", "--to", "2026-04-01"], "--from"),
    ],
)
def test_bad_options_are_refused_before_any_work(args: list[str], option: str, monkeypatch: Any) -> None:
    # No Neo4j: a refusal must come before connecting (a store it tried to open would fail otherwise).
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:9")
    monkeypatch.delenv("RELGRAPH_NEO4J_HOME", raising=False)
    out = CliRunner().invoke(app, args, terminal_width=200)
    assert out.exit_code == 2, out.output
    assert f"Invalid value for {option}" in out.output or f"Invalid value for '{option}'" in out.output


def test_history_from_after_default_to_names_now(monkeypatch: Any) -> None:
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:9")
    monkeypatch.delenv("RELGRAPH_NEO4J_HOME", raising=False)
    out = CliRunner().invoke(app, ["history", "--from", "2199-12-01"], terminal_width=200)
    assert out.exit_code == 2, out.output
    assert "must not be after --to (default: now, " in out.output


def test_backtest_range_without_a_month_start_is_an_error(world_store: Store) -> None:
    load_world(world_store, random_world(23))
    with pytest.raises(NoEvaluationDates, match="default: 90 days before the latest interaction"):
        run_backtest(world_store, start=AS_OF + timedelta(days=400))
