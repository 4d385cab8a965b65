"""`relgraph refresh [--all | --account KEY ...]`: recompute and materialize the metrics of accounts.

Exit codes: 0 done; 1 an unknown --account key (or any error); 130 stopped by Ctrl-C or SIGTERM, after
the batches in flight committed (the message says how many accounts were refreshed; running the same
command again refreshes them all).
"""

from __future__ import annotations

from functools import partial
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from graph.cli.common import counting_bar, parse_instant
from graph.cli.context import open_store, resolve_settings
from graph.cli.interrupt import EXIT_INTERRUPTED, stop_requested
from graph.refresh import DEFAULT_BATCH_SIZE, RefreshResult, refresh_accounts, refresh_all

# What the first Ctrl-C or SIGTERM says will happen, and what a second one (an abort) leaves behind.
_STOPPING = (
    "stopping after the batches in flight commit (with their risk events and webhook deliveries); "
    "no new batch starts"
)
_ABORTED = (
    "aborted: the transactions in flight are rolled back by the server; the batches committed before keep "
    "their new metrics. Run the same command again to refresh all the accounts"
)


def _stopped_message(result: RefreshResult) -> str:
    """Where a stop left the refresh, and how to finish."""
    unknown = f", {len(result.missing):,} unknown" if result.missing else ""
    return (
        f"interrupted: {result.accounts:,} of {result.requested:,} accounts refreshed{unknown} (the batches "
        "in flight committed, with their risk events and webhook deliveries); the other "
        f"{len(result.left):,} keep their previous metrics. "
        "Run the same command again to refresh all of them."
    )


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
        """Recompute depth, risk, Relationship Value and Cost to Engage and store them on the accounts.

        Ctrl-C or SIGTERM stops it once the batches in flight commit (exit 130); run it again to finish.
        """
        if all_ == bool(account):
            raise typer.BadParameter("give either --all or one or more --account KEY")
        at = parse_instant(as_of, "--as-of") if as_of else None
        params = resolve_settings().metrics
        err = Console(stderr=True, soft_wrap=True)  # whole lines for logs and grep, as import
        stopping = stop_requested(_STOPPING, aborted=_ABORTED)
        with open_store() as store, stopping as stop, counting_bar("refresh", err) as advance:
            run = partial(refresh_all, store) if all_ else partial(refresh_accounts, store, account or [])
            result = run(
                progress=advance, as_of=at, params=params, batch_size=batch_size, workers=workers, stop=stop
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
        if result.stopped:
            err.print(_stopped_message(result), highlight=False, soft_wrap=True)
            raise typer.Exit(EXIT_INTERRUPTED)
        if result.missing and not all_:
            raise typer.Exit(1)
