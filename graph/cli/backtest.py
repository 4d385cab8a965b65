"""`relgraph backtest`: does the risk score lead churn? AUC and the riskiest decile's churn rate."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from graph.backtest import run_backtest
from graph.cli.common import check_order, counting_bar, parse_instant
from graph.cli.context import open_store, resolve_settings

# A bound catches a typo (an extra zero or three) that would evaluate dates from before any data;
# ten years is longer than any churn horizon means.
MAX_HORIZON_DAYS = 3650


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{x:.1%}"


def _num(x: float | None) -> str:
    return "-" if x is None else f"{x:.3f}"


def register(app: typer.Typer) -> None:
    @app.command("backtest")
    def backtest_command(
        horizon: Annotated[
            int,
            typer.Option(
                "--horizon", min=1, max=MAX_HORIZON_DAYS, help="Days after each date in which churn counts."
            ),
        ] = 90,
        from_: Annotated[str | None, typer.Option("--from", help="First evaluation date (ISO).")] = None,
        to: Annotated[str | None, typer.Option("--to", help="Last evaluation date (ISO).")] = None,
    ) -> None:
        """For each month: the risk score as of that date against churn within the horizon (AUC, decile)."""
        start = parse_instant(from_, "--from") if from_ else None
        end = parse_instant(to, "--to") if to else None
        if start and end:
            check_order(start, end)
        with open_store() as store, counting_bar("backtest", Console(stderr=True)) as advance:
            result = run_backtest(
                store,
                horizon_days=horizon,
                start=start,
                end=end,
                params=resolve_settings().metrics,
                progress=advance,
            )
        table = Table(title=f"risk score vs churn within {horizon} days")
        for column in (
            "as of", "accounts", "churned", "AUC", "riskiest decile churn", "rest churn", "no data yet"
        ):
            table.add_column(column, justify="right")
        for m in result.months:
            table.add_row(
                m.as_of.date().isoformat(),
                str(m.accounts),
                str(m.churned),
                _num(m.auc),
                _pct(m.decile_churn_rate),
                _pct(m.rest_churn_rate),
                str(m.without_data),
            )
        table.add_section()
        table.add_row(
            "all",
            str(result.observations),
            str(result.churned),
            _num(result.auc),
            _pct(result.decile_churn_rate),
            _pct(result.rest_churn_rate),
        )
        Console().print(table)
        lift = result.lift
        print(
            f"AUC {_num(result.auc)}; riskiest decile churns at {_pct(result.decile_churn_rate)} vs "
            f"{_pct(result.rest_churn_rate)} for the rest" + (f" (lift {lift:.1f}x)" if lift else "")
        )
