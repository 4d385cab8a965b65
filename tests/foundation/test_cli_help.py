"""`--help` shows what to type: a flag without a value placeholder, arguments as `FILES...`. Typer labelled
every flag with its type (`--json <bool>`, `--help <bool>`) and wrote `{files}...` in the usage line, as if
they took values."""

from __future__ import annotations

import re

import pytest
import typer
from typer.testing import CliRunner

from graph.cli.main import app


def _command_paths() -> list[list[str]]:
    paths: list[list[str]] = []

    def walk(command: typer.core.TyperGroup | typer.core.TyperCommand, path: list[str]) -> None:
        paths.append(path)
        for name, sub in (getattr(command, "commands", None) or {}).items():
            walk(sub, [*path, name])

    walk(typer.main.get_command(app), [])
    return paths


@pytest.mark.parametrize("path", _command_paths(), ids=lambda p: " ".join(p) or "relgraph")
def test_help_shows_flags_bare_and_arguments_by_name(path: list[str]) -> None:
    shown = CliRunner().invoke(app, [*path, "--help"], terminal_width=200)
    assert shown.exit_code == 0, shown.output
    assert "<bool>" not in shown.output
    assert re.search(r"--help\s+Show this message", shown.output), shown.output
    usage = next(line for line in shown.output.splitlines() if "Usage:" in line)
    assert "{" not in usage and "<" not in usage, usage


def test_import_usage_names_its_files() -> None:
    shown = CliRunner().invoke(app, ["import", "--help"], terminal_width=200)
    assert "Usage: relgraph import [OPTIONS] FILES..." in shown.output
    assert re.search(r"--json\s+Print the summary", shown.output), shown.output


@pytest.mark.parametrize("path", _command_paths(), ids=lambda p: " ".join(p) or "relgraph")
def test_help_cuts_no_word_at_80_columns(path: list[str]) -> None:
    # Rich cuts a word longer than its column with "…" (`--kind accounts|contacts|staff|cove…`): help
    # texts keep their words short enough to wrap.
    shown = CliRunner().invoke(app, [*path, "--help"], terminal_width=80, env={"COLUMNS": "80"})
    assert shown.exit_code == 0, shown.output
    assert max(len(line) for line in shown.output.splitlines()) <= 80, shown.output
    assert "…" not in shown.output, shown.output
