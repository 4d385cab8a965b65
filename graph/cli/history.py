"""`relgraph history --from DATE [--to DATE] [--every DAYS]`: backfill the risk history."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from graph.cli.common import check_order, counting_bar, parse_instant
from graph.cli.context import open_store, resolve_settings
from graph.history import backfill_history
from graph.snapshot import utc_now


def register(app: typer.Typer) -> None:
    @app.command("history")
    def history_command(
        start: Annotated[str, typer.Option("--from", help="First date (ISO; naive means UTC).")],
        end: Annotated[
            str | None, typer.Option("--to", help="Last date (default now).", show_default=False)
        ] = None,
        every: Annotated[int, typer.Option("--every", min=1, help="Days between two snapshots.")] = 7,
    ) -> None:
        """Compute every account's metrics as of past dates into its risk history (MetricsSnapshot).

        Every refresh writes its day's snapshot; this fills in the days before (portfolio asOf, trends).
        """
        frm = parse_instant(start, "--from")
        to = parse_instant(end, "--to") if end else utc_now()
        check_order(frm, to, end_default=None if end else "now")
        err = Console(stderr=True)
        with open_store() as store, counting_bar("history", err) as advance:
            params = resolve_settings().metrics
            result = backfill_history(
                store, start=frm, end=to, every_days=every, params=params, progress=advance
            )
        err.print(
            f"wrote {result.snapshots} snapshots over {len(result.dates)} dates "
            f"({result.dates[0].date()} to {result.dates[-1].date()}) in {result.seconds:.1f}s"
        )
