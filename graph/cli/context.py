"""How commands reach Neo4j: the `--home` of a local server, else the environment."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from graph.errors import ConfigurationError
from graph.settings import Settings, load_settings
from graph.store import Store

__all__ = ["open_store", "resolve_settings", "set_home"]

_home: Path | None = None


def set_home(home: Path | None) -> None:
    global _home
    _home = home


def _values(connection: dict[str, str]) -> dict[str, Any]:
    # Settings coerces the strings itself; typed as Any so that the checker sees keyword arguments.
    return dict(connection)


def resolve_settings() -> Settings:
    """Settings from, in order: `--home` (or RELGRAPH_NEO4J_HOME), NEO4J_* variables, the default local home.

    The default local home (`relgraph neo4j start` without `--home`) is used only when NEO4J_URI is not set
    and a server started there has left its connection file.
    """
    import os

    from graph.neo4j_server import default_home, read_connection

    if _home is not None:
        try:
            return load_settings(**_values(read_connection(_home).as_settings()))
        except FileNotFoundError:
            raise ConfigurationError(
                f"no server was started in {_home} (--home / RELGRAPH_NEO4J_HOME)",
                hint=f"start one with `relgraph neo4j start --home {_home}`, or leave --home out",
            ) from None
    if "NEO4J_URI" not in os.environ:
        try:
            return load_settings(**_values(read_connection(default_home()).as_settings()))
        except FileNotFoundError:
            pass
    return load_settings()


def open_store() -> Store:
    """A connected `Store` for the resolved settings (raises `StoreUnavailable` with a hint)."""
    return Store.connect(resolve_settings())
