"""`relgraph import FILE...`: load CSV / JSON Lines record files, accounting for every row.

Exit codes: 0 every row was imported (inserted, updated or duplicate); 3 some rows were rejected
(listed on stderr and written to the rejects files); 2 an input file or an option is unusable, a
rejects file among them (nothing written); 130 stopped by Ctrl-C (the batch being written commits
first; the summary says up to which line); 1 any other error (Neo4j unreachable...), or a rejects
file that failed while being written (the summary still accounts for every row).
"""

from __future__ import annotations

import json
import logging
import os
import sys
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)
from rich.table import Table

if TYPE_CHECKING:
    from graph.ingest.files import InputFile
    from graph.ingest.stale_rejects import EarlierRejects

__all__ = ["EXIT_OK", "EXIT_REJECTED", "EXIT_UNUSABLE", "register"]

EXIT_OK = 0
EXIT_UNUSABLE = 2
EXIT_REJECTED = 3
# Some rows were rejected and the rejects file could not be written (all of them are in the summary).
EXIT_REJECTS_UNWRITTEN = 1
# Rejected rows printed on stderr per file; all of them go to the rejects file.
_SHOWN_REJECTS = 20


def _advance(progress: Progress, task: TaskID, done: int) -> None:
    progress.update(task, completed=done)


def _rejects_path(source: Path, option: Path | None, folder: bool) -> Path:
    """Where rejects go: --rejects (a file, or a folder), else ./<stem>.rejects<ext>."""
    name = f"{source.stem}.rejects{source.suffix}"
    if option is None:
        return Path.cwd() / name
    if folder or option.is_dir():
        return option / name
    return option


def _names_a_folder(option: str) -> bool:
    """A trailing slash says "a folder", even one that does not exist yet (Path drops the slash)."""
    return option.endswith(tuple(s for s in (os.sep, os.altsep) if s))


def _rejects_targets(sources: list[InputFile], given: str | None) -> tuple[list[Path], list[str]]:
    """Every input's rejects file, checked now (nothing is written yet), and the problems found.

    The file is created at the first rejected row, perhaps after many committed batches: a path that
    cannot be written must be refused up front, not found then.
    """
    from graph.ingest.files import INPUT_SUFFIXES, UnusableInput, check_rejects_target
    from graph.ingest.stale_rejects import looks_like_rejects

    option = None if given is None else Path(given)
    slash = given is not None and _names_a_folder(given)
    several = len(sources) > 1
    folder = option is not None and (several or slash)
    # Several inputs need one rejects file each, so --rejects names a folder; a path that is a file,
    # or is named like one (and not ended by a slash), is a mistake (it used to become a folder
    # named `one.csv`).
    if (
        several
        and option is not None
        and not option.is_dir()
        and (option.exists() or (option.suffix.lower() in INPUT_SUFFIXES and not slash))
    ):
        return [], [
            f"--rejects {option}: {len(sources)} files are imported, so --rejects must be a folder "
            "(one rejects file per input in it); import the files one at a time to name each rejects file"
        ]
    targets = [_rejects_path(s.path, option, folder) for s in sources]
    problems = []
    inputs = {s.path.resolve(): s.path for s in sources}
    first: dict[Path, Path] = {}
    for source, target in zip(sources, targets, strict=True):
        resolved = target.resolve()
        if resolved in inputs:
            problems.append(f"the rejects file of {source.path} would overwrite the input {inputs[resolved]}")
            continue
        if resolved in first:
            problems.append(
                f"{first[resolved]} and {source.path} would write the same rejects file {target}: "
                "import them one at a time, with --rejects for each"
            )
            continue
        first[resolved] = source.path
        try:
            check_rejects_target(target, new_folder=folder)
        except UnusableInput as exc:
            problems.append(str(exc))
            continue
        # A rejects file replaces what is at its path: an earlier run's rejects may go, a file of the
        # user's (a typo in --rejects naming another input, a report) must not be lost to a reject.
        if target.is_file() and target.stat().st_size > 0 and not looks_like_rejects(target):
            problems.append(
                f"rejects file {target}: exists and is not a rejects file relgraph wrote; it would be "
                "overwritten at the first rejected row: move it, or name another --rejects"
            )
    return targets, problems


def _earlier_rejects_lines(found: list[EarlierRejects]) -> list[str]:
    """The summary's word on the rejects files of earlier runs, for files that rejected nothing now."""
    return [
        f"removed {e.path}: an earlier run's rejects; this run rejected nothing"
        if e.removed
        else f"left {e.path} as it is: {e.reason}"
        for e in found
    ]


def _stop_messages(refresh: str) -> tuple[str, str]:
    """What a first stop signal says will happen, and what a second one (an abort) leaves to do.

    After an abort, the accounts of the batches already committed may lack their refresh (all of them
    with `--refresh end`, the last batch's with `batch`), and importing the file again does not refresh
    them: their rows are duplicates by then, and duplicates touch nothing.
    """
    aborted = "aborted: the transaction in flight is rolled back by the server"
    if refresh == "off":
        return "stopping once the batch being written commits", aborted
    return (
        "stopping once the batch being written commits and the touched accounts are refreshed",
        f"{aborted}; the accounts of the batches already committed may not be refreshed, and importing "
        "again will not refresh them (their rows are duplicates by then): run `relgraph refresh --all` "
        "(or `relgraph refresh --account KEY ...` for those accounts)",
    )


def register(app: typer.Typer) -> None:
    @app.command("import")
    def import_command(
        files: Annotated[
            list[Path], typer.Argument(help="CSV or JSON Lines files (kind from --kind or the name).")
        ],
        kind: Annotated[
            str | None,
            typer.Option(
                "--kind", help="accounts, contacts, staff, coverage, interactions (default: from file names)."
            ),
        ] = None,
        rejects: Annotated[
            str | None,
            typer.Option(
                "--rejects",
                metavar="PATH",
                help="Rejects file, in an existing folder; or a folder (when importing several files, "
                "or a path ending in /; created if missing, not its parents) to hold <name>.rejects.<ext>. "
                "Default: ./<name>.rejects.<ext>. Written only if a row is rejected; an earlier run's "
                "rejects file there is removed when none is.",
            ),
        ] = None,
        batch_size: Annotated[
            int, typer.Option("--batch-size", min=1, max=20000, help="Rows per transaction.")
        ] = 2000,
        refresh: Annotated[
            str,
            typer.Option(
                "--refresh", help="Recompute touched accounts' metrics: end (default), batch or off."
            ),
        ] = "end",
        as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON on stdout.")] = False,
    ) -> None:
        """Import record files; rows are validated, written idempotently and each one accounted for.

        Exit code 0: every row imported; 3: some rows rejected (see the rejects file); 2: an input is
        unusable and nothing was written. See docs/ingestion.md for the columns.
        """
        from graph.cli.common import bulk_gc
        from graph.cli.context import open_store
        from graph.cli.interrupt import EXIT_INTERRUPTED, stop_requested
        from graph.ingest import ingest
        from graph.ingest.files import KIND_ORDER, RejectsWriter, UnusableInput, open_input, read_rows
        from graph.ingest.stale_rejects import remove_earlier_rejects

        err = Console(stderr=True, soft_wrap=True)
        if refresh not in ("end", "batch", "off"):
            err.print(f"[red]error:[/] --refresh must be end, batch or off (got {refresh!r})")
            raise typer.Exit(EXIT_UNUSABLE)
        # Check every file before writing anything: one unusable file stops the whole import.
        checked = []
        problems = []
        for path in files:
            try:
                checked.append(open_input(path, kind))
            except UnusableInput as exc:
                problems.append(str(exc))
        if not problems:
            checked.sort(key=lambda f: KIND_ORDER.index(f.kind))  # referenced records first
            targets, problems = _rejects_targets(checked, rejects)
        if problems:
            for problem in problems:
                err.print(f"[red]error:[/] {problem}", highlight=False)
            err.print("nothing was imported", highlight=False)
            raise typer.Exit(EXIT_UNUSABLE)

        # The driver logs Neo4j's notices (e.g. "property does not exist yet" on an empty graph) as warnings.
        logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)
        summaries = []
        total_rejected = 0
        failed_rejects: list[str] = []
        notice, aborted = _stop_messages(refresh)
        stopping = stop_requested(notice, aborted=aborted)
        with open_store() as store, bulk_gc(), stopping as stop:
            for source, target in zip(checked, targets, strict=True):
                shown: list[str] = []
                with (
                    RejectsWriter(target, source) as writer,
                    Progress(
                        TextColumn("[bold]{task.description}"),
                        BarColumn(),
                        DownloadColumn(),
                        TransferSpeedColumn(),
                        TextColumn("{task.fields[rows]:>10,} rows"),
                        TimeRemainingColumn(),
                        console=err,
                        transient=False,
                    ) as progress,
                ):
                    task = progress.add_task(
                        f"{source.kind.value} {source.path.name}", total=source.size, rows=0
                    )

                    def on_reject(outcome, row, _writer=writer, _shown=shown, _name=source.path.name):  # type: ignore[no-untyped-def]
                        _writer.write(outcome, row)
                        if len(_shown) < _SHOWN_REJECTS:
                            _shown.append(f"{_name}:{outcome.line}: {outcome.message}")

                    def on_batch(report, _task=task, _writer=writer):  # type: ignore[no-untyped-def]
                        _writer.flush()  # so that a failure to write is found, and counted, early
                        progress.update(_task, rows=report.rows)

                    report = ingest(
                        store,
                        source.kind,
                        read_rows(source, progress=partial(_advance, progress, task)),
                        batch_size=batch_size,
                        refresh=refresh,  # type: ignore[arg-type]
                        keep_outcomes=False,
                        on_reject=on_reject,
                        on_batch=on_batch,
                        stop=stop,
                    )
                    if not report.interrupted:
                        progress.update(task, completed=source.size, rows=report.rows)
                for line in shown:
                    err.print(f"[yellow]rejected[/] {line}", highlight=False)
                if report.rejected > len(shown):
                    err.print(f"... and {report.rejected - len(shown)} more", highlight=False)
                if writer.error is not None:
                    # The rows are all accounted for (the summary); only their copy in the file is short.
                    failed_rejects.append(str(target))
                    err.print(
                        f"[red]error:[/] could not write the rejects file {target}: "
                        f"{writer.error.strerror or writer.error}; {writer.missed:,} of the "
                        f"{report.rejected:,} rejected rows may be missing from it. Fix that and run the "
                        "same import again: rows already written then count as duplicates, and the "
                        "rejected ones are rejected, and written, again.",
                        highlight=False,
                    )
                elif report.rejected:
                    err.print(
                        f"rejected rows written to {target} (fix them and import that file)", highlight=False
                    )
                earlier: EarlierRejects | None = None
                if not report.rejected:
                    # The rejects file describes the latest run: one left by an earlier run is stale.
                    earlier = remove_earlier_rejects(target)  # said in the summary
                total_rejected += report.rejected
                summaries.append((source, report, target if report.rejected else None, writer, earlier))
                if report.interrupted:
                    break
        # Only the last file can have been interrupted: the loop stops there.
        interrupted = bool(summaries) and summaries[-1][1].interrupted
        if interrupted:
            stopped, stopped_report, *_ = summaries[-1]
            rest = [f.path.name for f in checked[len(summaries) :]]
            left = f"the rest of it and {', '.join(rest)} were" if rest else "the rest of it was"
            err.print(
                f"[yellow]interrupted:[/] {stopped.path.name} is accounted for up to line "
                f"{stopped_report.last_line:,} (the summary below); {left} not imported. Run the same import "
                "again to finish: rows already written then count as duplicates.",
                highlight=False,
            )

        if as_json:
            out = [
                {
                    **r.as_dict(),
                    "file": str(s.path),
                    "rejects_file": str(t) if t else None,
                    "rejects_error": f"{w.error.strerror or w.error}" if w.error else None,
                    "rejects_missed": w.missed,
                    "refresh_seconds": round(r.refresh_seconds, 3),
                    "earlier_rejects": e.as_dict() if e else None,
                }
                for s, r, t, w, e in summaries
            ]
            sys.stdout.write(json.dumps(out, indent=2) + "\n")
        else:
            table = Table(
                "file",
                "kind",
                "rows",
                "inserted",
                "updated",
                "duplicate",
                "rejected",
                "seconds",
                "rows/s",
                title="import summary",
            )
            for s, r, *_ in summaries:
                rate = r.rows / r.seconds if r.seconds else 0.0
                table.add_row(
                    s.path.name,
                    r.kind,
                    f"{r.rows:,}",
                    f"{r.inserted:,}",
                    f"{r.updated:,}",
                    f"{r.duplicate:,}",
                    f"{r.rejected:,}",
                    f"{r.seconds:.1f}",
                    f"{rate:,.0f}",
                )
            out_console = Console(width=None if sys.stdout.isatty() else 160)
            out_console.print(table)
            # Under the table, unwrapped: a path cut in two cannot be copied.
            for line in _earlier_rejects_lines([e for *_, e in summaries if e is not None]):
                out_console.print(line, highlight=False, soft_wrap=True)
        if interrupted:
            raise typer.Exit(EXIT_INTERRUPTED)
        if failed_rejects:
            raise typer.Exit(EXIT_REJECTS_UNWRITTEN)
        raise typer.Exit(EXIT_REJECTED if total_rejected else EXIT_OK)
