"""`relgraph neo4j start|stop|status`: a local Neo4j server for machines without Docker."""

from __future__ import annotations

import shlex
import time
from pathlib import Path
from typing import Annotated, Optional

import typer

from graph import neo4j_server

HomeOption = Annotated[
    Optional[Path],  # noqa: UP045 - typer needs Optional
    typer.Option(
        "--home", help="Folder of the server's configuration, data and logs.", envvar="RELGRAPH_NEO4J_HOME"
    ),
]


def _echo(message: str) -> None:
    typer.echo(message, err=True)


def register(app: typer.Typer) -> None:
    group = typer.Typer(help="Run a local Neo4j Community server (no Docker needed).", no_args_is_help=True)
    app.add_typer(group, name="neo4j")

    @group.command("start")
    def start(
        home: HomeOption = None,
        bolt_port: Annotated[int, typer.Option(help="Bolt port (127.0.0.1).")] = 7687,
        http_port: Annotated[int, typer.Option(help="HTTP port for Neo4j Browser (127.0.0.1).")] = 7474,
        heap: Annotated[str, typer.Option(help="JVM heap, e.g. 1g.")] = "1g",
        pagecache: Annotated[
            str, typer.Option(help="Page cache, e.g. 512m; more for large graphs.")
        ] = "512m",
        no_auth: Annotated[
            bool, typer.Option("--no-auth", help="Disable authentication (tests only).")
        ] = False,
    ) -> None:
        """Start Neo4j (fetched once from Maven Central) and print its connection as shell assignments."""
        began = time.monotonic()
        connection = neo4j_server.start(
            home,
            bolt_port=bolt_port,
            http_port=http_port,
            heap=heap,
            pagecache=pagecache,
            auth=not no_auth,
            echo=_echo,
        )
        _echo(
            f"Neo4j answers on {connection.uri} after {time.monotonic() - began:.1f}s; "
            f"Browser at {connection.browser_url}"
        )
        for key, value in connection.as_env().items():
            typer.echo(f"{key}={shlex.quote(value)}")

    @group.command("stop")
    def stop(home: HomeOption = None) -> None:
        """Stop the server of --home and wait until it has exited."""
        if neo4j_server.stop(home):
            _echo("Neo4j stopped")
        else:
            _echo("no Neo4j was running there")

    @group.command("status")
    def status(home: HomeOption = None) -> None:
        """Say whether the server of --home runs, where, and how much memory it holds."""
        st = neo4j_server.status(home)
        if not st.running:
            typer.echo(f"stopped (home {st.home})")
            raise typer.Exit(code=3)
        conn = st.connection
        rss = f", {st.rss_mb:.0f} MiB resident" if st.rss_mb else ""
        typer.echo(f"running (pid {st.pid}{rss}) home {st.home}")
        if conn:
            typer.echo(f"bolt {conn.uri}  browser {conn.browser_url}")
