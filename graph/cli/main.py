"""Entry point of the `relgraph` command: a typer app that each command module registers on."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from neo4j.exceptions import Neo4jError

from graph.cli import context
from graph.cli.help import HonestHelpGroup, honest_help
from graph.cli.interrupt import hard_exit_on_second_interrupt
from graph.errors import RelgraphError
from graph.settings import InvalidSettings

__all__ = ["app", "main"]

# Each module exposes `register(app)`; add yours here.
COMMAND_MODULES = [
    "graph.cli.neo4j",
    "graph.cli.migrate",
    "graph.cli.serve",
    "graph.cli.demo",
    "graph.cli.history",
    "graph.cli.keys",
    "graph.cli.refresh",
    "graph.cli.backtest",
    "graph.cli.importer",
    "graph.cli.explore",
]

app = typer.Typer(
    name="relgraph",
    help="Customer relationship intelligence over a Neo4j graph.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    cls=HonestHelpGroup,
)


@app.callback()
def _root(
    home: Annotated[
        Optional[Path],  # noqa: UP045 - typer needs Optional here
        typer.Option(
            "--home",
            help="Home of a local Neo4j started by `relgraph neo4j start`; its connection settings are used.",
            envvar="RELGRAPH_NEO4J_HOME",
        ),
    ] = None,
) -> None:
    context.set_home(home)


def _register_all() -> None:
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:  # a stream registered a module that is not written yet
                continue
            raise
        module.register(app)
    honest_help(app)


_register_all()


# What Neo4j answers when it stops a transaction: past its timeout (ours or the server's), terminated by
# an operator, or stopped while it waited for a lock for either reason.
_STOPPED_BY_NEO4J = frozenset({
    "Neo.ClientError.Transaction.TransactionTimedOut",
    "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration",
    "Neo.ClientError.Transaction.Terminated",
    "Neo.ClientError.Transaction.LockClientStopped",
})


def main() -> None:
    """Run the command line; domain errors become one clear line on stderr and exit code 1 (2 for a
    setting that does not validate)."""
    hard_exit_on_second_interrupt()
    try:
        app()
    except InvalidSettings as exc:  # a usage error, as a bad option is
        typer.echo(f"error: {exc}", err=True)
        sys.exit(2)
    except RelgraphError as exc:
        typer.echo(f"error: {exc}", err=True)
        sys.exit(1)
    except Neo4jError as exc:
        if exc.code not in _STOPPED_BY_NEO4J:
            raise
        typer.echo(
            f"error: Neo4j stopped a transaction ({exc.code}): it ran longer than "
            "RELGRAPH_NEO4J_TRANSACTION_TIMEOUT_SECONDS (default 30) allows, or was terminated (raise the "
            "setting for this job, or give a smaller --batch-size); what committed before it stays, and "
            "after an import the accounts it touched may need `relgraph refresh --all`",
            err=True,
        )
        sys.exit(1)
