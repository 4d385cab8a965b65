"""`relgraph refresh [--all | --account KEY ...]`: recompute and materialize the metrics of accounts."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from graph.cli.common import counting_bar, parse_instant
from graph.cli.context import open_store, resolve_settings
from graph.refresh import DEFAULT_BATCH_SIZE, refresh_accounts, refresh_all


def register(app: typer.Typer) -> None:
    @app.command("refresh")
    def refresh_command(
        all_: Annotated[bool, typer.Option("--all", help="Refresh every account.")] = False,
        account: Annotated[
            list[str] | None,
            typer.Option("--account", "-a", help="An account key (repeat for several)."),
        ] = None,
        as_of: Annotated[
            str | None,
            typer.Option("--as-of", help="Compute as of this ISO instant (default now; naive means UTC)."),
        ] = None,
        batch_size: Annotated[int, typer.Option(min=1, help="Accounts per statement.")] = DEFAULT_BATCH_SIZE,
        workers: Annotated[int, typer.Option(min=1, help="Batches in flight at once.")] = 2,
    ) -> None:
        """Recompute depth, risk, Relationship Value and Cost to Engage and store them on the accounts."""
        if all_ == bool(account):
            raise typer.BadParameter("give either --all or one or more --account KEY")
        at = parse_instant(as_of, "--as-of") if as_of else None
        params = resolve_settings().metrics
        err = Console(stderr=True)
        with open_store() as store, counting_bar("refresh", err) as advance:
            if all_:
                result = refresh_all(
                    store, progress=advance, as_of=at, params=params, batch_size=batch_size, workers=workers
                )
            else:
                result = refresh_accounts(
                    store,
                    account or [],
                    progress=advance,
                    as_of=at,
                    params=params,
                    batch_size=batch_size,
                    workers=workers,
                )
        table = Table(title="risk level changes")
        for column in ("account", "from", "to", "score"):
            table.add_column(column)
        for c in result.changes[:50]:
            table.add_row(c.account_key, c.old_level or "-", c.new_level, f"{c.new_score:.1f}")
        if result.changes and not all_:
            Console().print(table)
        err.print(
            f"refreshed {result.accounts} accounts in {result.seconds:.1f}s "
            f"({result.accounts_per_second:.0f} accounts/s); {len(result.changes)} risk level changes"
            + (f", {len(result.first_levels)} first levels" if result.first_levels else "")
            + (f"; unknown: {', '.join(result.missing[:10])}" if result.missing else "")
        )
        if result.missing and not all_:
            raise typer.Exit(1)
