"""`relgraph serve`: the GraphQL API under uvicorn."""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    @app.command("serve")
    def serve(
        host: Annotated[
            str | None,
            typer.Option(
                help="Interface to listen on (default RELGRAPH_API_HOST, 127.0.0.1).", show_default=False
            ),
        ] = None,
        port: Annotated[
            int | None,
            typer.Option(
                min=1, max=65535, help="Port to listen on (default RELGRAPH_API_PORT, 8000).",
                show_default=False,
            ),
        ] = None,
        workers: Annotated[
            int | None,
            typer.Option(
                min=1,
                help="Worker processes (default RELGRAPH_API_WORKERS, 1). Workers share nothing but Neo4j: "
                "subscriptions hear every change through the risk event log; the cost budget is per worker.",
            ),
        ] = None,
        reload: Annotated[bool, typer.Option(help="Reload on code changes (development).")] = False,
        log_config: Annotated[
            str | None,
            typer.Option(
                "--log-config",
                metavar="FILE",
                help="A logging configuration of your own for uvicorn (.json, .yaml or .ini; default "
                "UVICORN_LOG_CONFIG, else relgraph's: time, level and logger on every line, relgraph's "
                "loggers at RELGRAPH_LOG_LEVEL).",
                show_default=False,
            ),
        ] = None,
    ) -> None:
        """Serve the GraphQL API (GraphiQL at /graphql outside production)."""
        from graph.cli.context import resolve_settings

        # The API process reads its settings from the environment: hand it the resolved connection.
        settings = resolve_settings()
        os.environ.update(
            NEO4J_URI=settings.neo4j_uri,
            NEO4J_USER=settings.neo4j_user,
            NEO4J_PASSWORD=settings.neo4j_password,
            NEO4J_DATABASE=settings.neo4j_database,
        )
        # uvicorn's own command line (`api.serve` only gives it relgraph's logging as its default), run
        # by name, not imported: `graph` depends on neither `api` nor the HTTP stack.
        command = [
            sys.executable, "-m", "api.serve", "api.app:create_app", "--factory",
            # The flags win over the settings (RELGRAPH_API_HOST, _PORT, _WORKERS).
            "--host", host or settings.api_host,
            "--port", str(port or settings.api_port),
            "--workers", str(workers or settings.api_workers),
            "--log-level", settings.log_level,
            # websockets' sans-I/O protocol: the legacy `websockets` implementation is deprecated.
            "--ws", "websockets-sansio",
        ]
        if reload:
            command.append("--reload")
        if log_config is not None:
            command += ["--log-config", log_config]
        os.execv(sys.executable, command)
