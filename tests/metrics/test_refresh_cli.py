"""`relgraph refresh` and `relgraph backtest` on a small stored world, and the async refresh twin."""

from __future__ import annotations

from datetime import timedelta

from typer.testing import CliRunner

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
    assert runner.invoke(app, ["refresh", "--all"]).exit_code == 0
    assert runner.invoke(app, ["refresh"]).exit_code != 0
    frm = (AS_OF - timedelta(days=200)).date().isoformat()
    out = runner.invoke(app, ["backtest", "--horizon", "90", "--from", frm, "--to", AS_OF.date().isoformat()])
    assert out.exit_code == 0, out.output
    assert "AUC" in out.output
