"""Shared fixtures: one real Neo4j per test session, started by the project itself.

Unless `RELGRAPH_TEST_NEO4J_URI` points to a server, the session starts Neo4j (assembled from Maven
Central on first use) in a temporary home on free ports, tied to this process so that it dies with it,
and stops it at the end whether the tests passed or not.

Tests wipe the database they run on, so they never take the product's own `NEO4J_*` settings (which
point at a real graph): those are removed from this process's environment before anything reads them.
A server given for tests has its own variables: `RELGRAPH_TEST_NEO4J_URI`, `RELGRAPH_TEST_NEO4J_USER`,
`RELGRAPH_TEST_NEO4J_PASSWORD`, `RELGRAPH_TEST_NEO4J_DATABASE`.
"""

from __future__ import annotations

import os
import socket
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from graph.migrate import migrate
from graph.settings import Settings
from graph.store import AsyncStore, Store

DEMO_ACCOUNTS = 40
DEMO_HISTORY_WEEKS = 6  # weekly risk-history snapshots before today: trends have data
DEMO_SEED = 7

_state: dict[str, Any] = {"wipes": 0, "demo_loaded_at_wipe": None, "demo": None}

# The product's connection settings name a real graph; the tests wipe theirs (see the module's docstring).
for _setting in ("URI", "USER", "PASSWORD", "DATABASE"):
    os.environ.pop(f"NEO4J_{_setting}", None)
    os.environ.pop(f"RELGRAPH_NEO4J_{_setting}", None)
os.environ.pop("RELGRAPH_NEO4J_HOME", None)


def wipe(store: Store) -> None:
    """Empty the graph (schema kept) in slices, so a large database never outgrows one transaction."""
    while store.write("admin_wipe_data", batchSize=20_000)[0]["deleted"]:
        pass


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def neo4j_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    uri = os.environ.get("RELGRAPH_TEST_NEO4J_URI")
    if uri:
        given = {
            "neo4j_uri": uri,
            "neo4j_user": os.environ.get("RELGRAPH_TEST_NEO4J_USER", "neo4j"),
            "neo4j_password": os.environ.get("RELGRAPH_TEST_NEO4J_PASSWORD", ""),
            "neo4j_database": os.environ.get("RELGRAPH_TEST_NEO4J_DATABASE", "neo4j"),
        }
        yield Settings(env="test", **given)
        return
    from graph import neo4j_server

    home: Path = tmp_path_factory.mktemp("neo4j-home")
    connection = neo4j_server.start(
        home, bolt_port=_free_port(), http_port=_free_port(), heap="768m", pagecache="256m",
        tie_to_parent=True, echo=lambda m: print(m),
    )
    try:
        yield Settings(env="test", **connection.as_settings())
    finally:
        neo4j_server.stop(home)


@pytest.fixture(scope="session")
def settings(neo4j_settings: Settings) -> Settings:
    return neo4j_settings


@pytest.fixture(scope="session")
def _session_store(settings: Settings) -> Iterator[Store]:
    store = Store.connect(settings)
    migrate(store)
    try:
        yield store
    finally:
        store.close()


@pytest.fixture
def store(_session_store: Store) -> Store:
    """The session's store, on whatever the database holds now."""
    return _session_store


@pytest.fixture
def clean_store(_session_store: Store) -> Store:
    """The session's store on an empty graph (schema kept)."""
    wipe(_session_store)
    _state["wipes"] += 1
    return _session_store


def invalidate_demo_world() -> None:
    """Make the next `demo_world` reload from scratch (for tests that need it untouched by others' writes)."""
    _state["wipes"] += 1


@pytest.fixture
def demo_world(_session_store: Store) -> Any:
    """The database holding the small demo world (40 accounts, seed 7, six weeks of risk history), loaded
    once unless a test wiped it."""
    if _state["demo"] is None or _state["demo_loaded_at_wipe"] != _state["wipes"]:
        from graph.demo import load_demo

        wipe(_session_store)
        _state["demo"] = load_demo(
            _session_store, accounts=DEMO_ACCOUNTS, seed=DEMO_SEED, history_weeks=DEMO_HISTORY_WEEKS
        )
        _state["demo_loaded_at_wipe"] = _state["wipes"]
    return _state["demo"]


@pytest.fixture(scope="session")
async def async_store(settings: Settings, _session_store: Store) -> AsyncIterator[AsyncStore]:
    store = AsyncStore.open(settings)
    try:
        yield store
    finally:
        await store.close()


@pytest.fixture
def cli_env(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    """`relgraph` commands run in-process against the session's Neo4j: NEO4J_* from its settings, and no
    local home that would take precedence."""
    monkeypatch.setenv("NEO4J_URI", settings.neo4j_uri)
    monkeypatch.setenv("NEO4J_USER", settings.neo4j_user)
    monkeypatch.setenv("NEO4J_PASSWORD", settings.neo4j_password)
    monkeypatch.setenv("NEO4J_DATABASE", settings.neo4j_database)
    monkeypatch.delenv("RELGRAPH_NEO4J_HOME", raising=False)
