"""`relgraph history --from DATE [--to DATE] [--every DAYS]`: backfill the risk history.

Exit codes: 0 done; 1 an error; 130 stopped by Ctrl-C or SIGTERM once the batch being written committed
(the message names the dates written and the command that writes the rest).
"""

from __future__ import annotations

import shlex
from datetime import UTC, datetime, time
from typing import Annotated

import typer
from rich.console import Console

from graph.cli.common import check_order, counting_bar, parse_instant
from graph.cli.context import open_store, resolve_settings
from graph.cli.interrupt import EXIT_INTERRUPTED, stop_requested
from graph.history import HistoryResult, backfill_history
from graph.snapshot import utc_now

_STOPPING = "stopping once the batch of snapshots being written commits; no new one starts"
_ABORTED = (
    "aborted: the transaction in flight is rolled back by the server; the snapshots committed before "
    "stay. Run the same command again to write the rest (rewriting a snapshot changes nothing)"
)


def _as_option(at: datetime) -> str:
    """An instant as --from takes it: the date alone at midnight UTC (as a date given is read)."""
    return at.date().isoformat() if at.timetz() == time(tzinfo=UTC) else at.isoformat()


def _span(dates: list[datetime]) -> str:
    first, last = dates[0].date(), dates[-1].date()
    return f"{first}" if first == last else f"{first} to {last}"


def _stopped_message(result: HistoryResult, resume: datetime, end: str | None, every: int) -> str:
    """Which dates a stop left written, which not, and the command that writes the rest."""
    written = result.written_dates
    done = (
        f"{len(written):,} of {len(result.dates):,} dates written ({_span(written)})"
        if written
        else f"none of the {len(result.dates):,} dates written"
    )
    rest = result.dates[result.complete :]
    if result.stopped_accounts:
        done += f"; {resume.date()} for {result.stopped_accounts:,} of {result.accounts:,} accounts"
        rest = rest[1:]
    if rest:
        done += f"; {_span(rest)} not started"
    command = ["relgraph", "history", "--from", _as_option(resume)]
    if end is not None:
        command += ["--to", end]
    command += ["--every", str(every)]
    return (
        f"interrupted: {done}. To write the rest, run the same command with --from {_as_option(resume)}: "
        f"{shlex.join(command)}"
    )


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

        Ctrl-C or SIGTERM stops it once the batch being written commits (exit 130); it says how to finish.
        """
        frm = parse_instant(start, "--from")
        to = parse_instant(end, "--to") if end else utc_now()
        check_order(frm, to, end_default=None if end else "now")
        err = Console(stderr=True, soft_wrap=True)  # whole lines for logs and grep, as import
        stopping = stop_requested(_STOPPING, aborted=_ABORTED)
        with open_store() as store, stopping as stop, counting_bar("history", err) as advance:
            params = resolve_settings().metrics
            result = backfill_history(
                store, start=frm, end=to, every_days=every, params=params, progress=advance, stop=stop
            )
        resume = result.resume_from
        if resume is None:
            err.print(
                f"wrote {result.snapshots} snapshots over {len(result.dates)} dates "
                f"({result.dates[0].date()} to {result.dates[-1].date()}) in {result.seconds:.1f}s"
            )
            return
        touched = result.dates[: result.complete + (1 if result.stopped_accounts else 0)]
        over = f" over {len(touched)} dates ({touched[0].date()} to {touched[-1].date()})" if touched else ""
        err.print(f"wrote {result.snapshots} snapshots{over} in {result.seconds:.1f}s")
        err.print(_stopped_message(result, resume, end, every), highlight=False, soft_wrap=True)
        raise typer.Exit(EXIT_INTERRUPTED)
