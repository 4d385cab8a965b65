"""`relgraph demo`: load (or write as files) a deterministic demo world with the stories relgraph finds."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from graph.errors import RelgraphError


def _parse_anchor(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        try:
            parsed = datetime.combine(date.fromisoformat(value), datetime.min.time())
        except ValueError as exc:
            raise typer.BadParameter(f"{value!r} is not a date (YYYY-MM-DD) or ISO 8601 datetime") from exc
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


class _Bar:
    """A rich progress bar on stderr with one line per phase, fed by `progress(phase, done, total)`."""

    def __init__(self, console: Console) -> None:
        self.progress = Progress(
            TextColumn("{task.description:<14}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}"),
            TimeElapsedColumn(),
            console=console,
            transient=False,
        )
        self.tasks: dict[str, TaskID] = {}
        self.started: dict[str, float] = {}

    def __call__(self, phase: str, done: int, total: int | None) -> None:
        if phase not in self.tasks:
            self.tasks[phase] = self.progress.add_task(phase, total=total, rate="")
            self.started[phase] = time.perf_counter()
        elapsed = time.perf_counter() - self.started[phase]
        rate = f"{done / elapsed:,.0f}/s" if elapsed > 0.5 else ""
        self.progress.update(
            self.tasks[phase], completed=done, total=total if total is not None else None, rate=rate
        )


def register(app: typer.Typer) -> None:
    @app.command("demo")
    def demo(
        accounts: Annotated[
            int, typer.Option("--accounts", min=1, help="How many customer accounts.")
        ] = 1000,
        seed: Annotated[
            int, typer.Option("--seed", help="Seed: the same seed and size give the same world.")
        ] = 7,
        anchor: Annotated[
            str | None,
            typer.Option(
                "--anchor", help="The world's 'now' (YYYY-MM-DD or ISO datetime, UTC); default today."
            ),
        ] = None,
        out: Annotated[
            Path | None,
            typer.Option(
                "--out",
                help="Write the world as files (CSV, JSON lines) to this folder instead of loading it.",
            ),
        ] = None,
        force: Annotated[
            bool,
            typer.Option("--force", help="Load even though the database already holds data (adds to it)."),
        ] = False,
        if_empty: Annotated[
            bool,
            typer.Option(
                "--if-empty", help="Load only into an empty database; otherwise do nothing (exit 0)."
            ),
        ] = False,
        history_weeks: Annotated[
            int,
            typer.Option(
                "--history-weeks",
                min=0,
                help="Backfill this many weekly risk-history snapshots before the anchor (each costs "
                "about one full refresh).",
            ),
        ] = 0,
    ) -> None:
        """Generate a realistic B2B world (two years of interactions) and load it, or write it as files.

        The world tells the stories relgraph exists to see: deeply multi-threaded accounts, accounts that
        hang on one contact or on one of our people, accounts going dark, champions who left for another
        customer, and churned accounts whose engagement fell months before they left.
        """
        from graph.demo import generate_world, load_demo, write_world

        console = Console(stderr=True, soft_wrap=True)  # whole lines for logs and grep, as import
        when = _parse_anchor(anchor)
        bar = _Bar(console)
        started = time.perf_counter()
        if out is not None:
            world = generate_world(accounts, seed, anchor=when)
            with bar.progress:
                counts: dict[str, int] = {}

                def tick(kind: str, advance: int) -> None:
                    counts[kind] = counts.get(kind, 0) + advance
                    bar(kind, counts[kind], None)

                written = write_world(world, out, progress=tick)
            elapsed = time.perf_counter() - started
            _print_counts(console, written, elapsed, world.stories)
            console.print(
                f"wrote the world to {out} (import in this order: accounts.csv, staff.csv, contacts.csv, "
                "coverage.csv, interactions.jsonl, contacts_moves.csv)"
            )
            return

        from graph.cli.common import bulk_gc
        from graph.cli.context import open_store

        with open_store() as store:
            nodes = int(store.read("admin_count_nodes")[0]["nodes"])
            if nodes and not force:
                if if_empty:
                    console.print(f"the database already holds {nodes:,} nodes: demo data not loaded")
                    return
                raise RelgraphError(
                    f"the database already holds {nodes:,} nodes; refusing to load demo data into it",
                    hint="pass --force to add the demo world anyway, or point NEO4J_URI at an empty database",
                )
            with bar.progress, bulk_gc():
                summary = load_demo(
                    store, accounts, seed, anchor=when, progress=bar, history_weeks=history_weeks
                )
        elapsed = time.perf_counter() - started
        _print_counts(console, summary.counts, elapsed, summary.stories, summary.seconds, summary.rejected)
        if summary.refreshed:
            console.print(f"metrics refreshed for {summary.refreshed:,} accounts")
        for sample in summary.reject_samples:
            console.print(f"[red]rejected[/red] {sample}")


def _print_counts(
    console: Console,
    counts: dict[str, int],
    elapsed: float,
    stories: dict[str, list[str]],
    seconds: dict[str, float] | None = None,
    rejected: dict[str, int] | None = None,
) -> None:
    table = Table("kind", "rows", "seconds", "rows/s", "rejected", title="demo world")
    for kind, n in counts.items():
        s = (seconds or {}).get(kind)
        table.add_row(
            kind,
            f"{n:,}",
            "" if s is None else f"{s:.1f}",
            "" if not s else f"{n / s:,.0f}",
            "" if rejected is None else str(rejected.get(kind, 0)),
        )
    if seconds and "refresh" in seconds:
        table.add_row("refresh", "", f"{seconds['refresh']:.1f}", "", "")
    console.print(table)
    stories_table = Table("story", "accounts", "e.g.", title="stories")
    for story, keys in stories.items():
        stories_table.add_row(story, str(len(keys)), ", ".join(keys[:3]))
    console.print(stories_table)
    console.print(f"done in {elapsed:.1f} s")
