"""Fixtures of the explorations' tests: the CLI pointed at the test session's Neo4j."""

from __future__ import annotations

import pytest

from graph.settings import Settings


@pytest.fixture
def cli_env(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    """NEO4J_* from the session's settings, and no local home that would take precedence."""
    monkeypatch.setenv("NEO4J_URI", settings.neo4j_uri)
    monkeypatch.setenv("NEO4J_USER", settings.neo4j_user)
    monkeypatch.setenv("NEO4J_PASSWORD", settings.neo4j_password)
    monkeypatch.setenv("NEO4J_DATABASE", settings.neo4j_database)
    monkeypatch.delenv("RELGRAPH_NEO4J_HOME", raising=False)
