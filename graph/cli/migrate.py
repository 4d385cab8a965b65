"""`relgraph migrate`: apply constraints and indexes."""

from __future__ import annotations

import typer

from graph.cli.context import open_store
from graph.migrate import migrate


def register(app: typer.Typer) -> None:
    @app.command("migrate")
    def migrate_command() -> None:
        """Create the constraints and indexes relgraph needs (idempotent)."""
        with open_store() as store:
            result = migrate(store)
        typer.echo(
            f"schema applied: {result.statements} statements from {result.files} files "
            f"(checksum {result.checksum})",
            err=True,
        )
