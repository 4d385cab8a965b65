"""`relgraph explore [NAME | --cypher TEXT | --file F]`: list or run analysts' explorations, read-only."""

from __future__ import annotations

import csv
import json
import sys
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from graph.cli.context import open_store
from graph.errors import RelgraphError
from graph.explore import (
    ExploreResult,
    coerce_value,
    explorations,
    find_exploration,
    parse_params,
    run_analyst_statement,
    run_exploration,
    short_name,
)


class OutputFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


def register(app: typer.Typer) -> None:
    @app.command("explore")
    def explore_command(
        name: Annotated[
            str | None, typer.Argument(help="The exploration to run (omit to list them all).")
        ] = None,
        param: Annotated[
            list[str] | None,
            typer.Option("--param", "-p", help="A parameter as key=value, typed like the header's example."),
        ] = None,
        examples: Annotated[
            bool,
            typer.Option("--examples", help="Use the header's example value for each parameter not given."),
        ] = False,
        cypher: Annotated[
            str | None, typer.Option("--cypher", help="Run your own Cypher statement (read-only).")
        ] = None,
        file: Annotated[
            Path | None,
            typer.Option(
                "--file",
                "-f",
                exists=True,
                dir_okay=False,
                readable=True,
                help="Run your own Cypher statement from a file (read-only).",
            ),
        ] = None,
        output: Annotated[
            OutputFormat, typer.Option("--format", help="table, csv or json.")
        ] = OutputFormat.table,
    ) -> None:
        """List the named explorations, or run one (or your own read-only Cypher) and print the rows."""
        try:
            if cypher is not None or file is not None:
                if name is not None or (cypher is not None and file is not None):
                    raise typer.BadParameter("give one of NAME, --cypher or --file")
                text = cypher if cypher is not None else file.read_text(encoding="utf-8")  # type: ignore[union-attr]
                params = {k: v for k, v in (_analyst_pair(p) for p in param or [])}
                with open_store() as store:
                    result = run_analyst_statement(store, text, params)
            elif name is None:
                _list(Console())
                return
            else:
                query = find_exploration(name)
                params = parse_params(query, param or [], use_examples=examples)
                with open_store() as store:
                    result = run_exploration(store, query, params)
        except RelgraphError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(1) from None
        _print(result, output)


def _analyst_pair(pair: str) -> tuple[str, Any]:
    key, sep, text = pair.partition("=")
    if not sep or not key.strip():
        raise typer.BadParameter(f"parameter {pair!r} is not key=value")
    return key.strip().lstrip("$"), coerce_value(text, None)


def _list(console: Console) -> None:
    table = Table(title="relgraph explorations (run: relgraph explore NAME --examples)", show_lines=False)
    table.add_column("name", style="bold cyan", no_wrap=True)
    table.add_column("answers")
    table.add_column("params", style="dim")
    for q in explorations():
        table.add_row(short_name(q), q.description, ", ".join(q.params) or "-")
    console.print(table)


def _plain(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def _cell(value: Any) -> str:
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, float):
        return f"{value:,.4g}" if abs(value) < 1e4 else f"{value:,.0f}"
    return str(value)


def _print(result: ExploreResult, output: OutputFormat) -> None:
    rows = [{c: _plain(row.get(c)) for c in result.columns} for row in result.rows]
    if output is OutputFormat.json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
    elif output is OutputFormat.csv:
        writer = csv.writer(sys.stdout)
        writer.writerow(result.columns)
        for row in rows:
            writer.writerow(
                [
                    json.dumps(v, ensure_ascii=False)
                    if isinstance(v, (list, dict))
                    else ("" if v is None else v)
                    for v in row.values()
                ]
            )
    else:
        table = Table(show_lines=False)
        for c in result.columns:
            table.add_column(c, overflow="fold")
        for row in result.rows:
            table.add_row(*(_cell(row.get(c)) for c in result.columns))
        Console().print(table)
        Console(stderr=True).print(f"{len(result.rows)} row(s)", style="dim")
