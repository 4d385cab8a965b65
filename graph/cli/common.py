"""What several commands share: instants given on the command line, and a counting progress bar."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from graph.records import in_supported_range, to_utc

__all__ = ["counting_bar", "parse_instant"]


def parse_instant(value: str, option: str) -> datetime:
    """An ISO date or date-time given to `option` (naive means UTC), in the range relgraph accepts."""
    try:
        return in_supported_range(to_utc(datetime.fromisoformat(value)))
    except ValueError as exc:
        raise typer.BadParameter(f"{value!r}: {exc}", param_hint=option) from None


@contextmanager
def counting_bar(label: str, console: Console) -> Iterator[Callable[[int, int], None]]:
    """A progress bar on `console` (stderr) labelled `label`; yields `advance(done, total)`."""
    with Progress(
        TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=console
    ) as bar:
        task = bar.add_task(label, total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield advance
