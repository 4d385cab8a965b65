"""Settings come from the environment and refuse unsafe production values."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from graph.errors import ConfigurationError
from graph.settings import Settings


def test_neo4j_variables_are_read_as_they_are(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_URI", "neo4j://db.example:7687")
    monkeypatch.setenv("NEO4J_USER", "svc")
    monkeypatch.setenv("NEO4J_PASSWORD", "s3cret-value")
    monkeypatch.setenv("NEO4J_DATABASE", "crm")
    monkeypatch.setenv("RELGRAPH_METRICS__HALF_LIFE_DAYS", "30")
    s = Settings()
    assert (s.neo4j_uri, s.neo4j_user, s.neo4j_password, s.neo4j_database) == (
        "neo4j://db.example:7687", "svc", "s3cret-value", "crm",
    )
    assert s.metrics.half_life_days == 30


def _shipped_passwords() -> list[str]:
    """The passwords this repository ships as defaults: `${NEO4J_PASSWORD:-...}` in the compose file."""
    compose = (Path(__file__).resolve().parents[2] / "docker-compose.yml").read_text()
    found = sorted(set(re.findall(r"\$\{NEO4J_PASSWORD:-([^}]*)\}", compose)))
    assert found, "the compose file names no default password any more: update this test"
    return found


@pytest.mark.parametrize("password", ["", "neo4j", "password", "changeme", "relgraph", *_shipped_passwords()])
def test_production_refuses_default_passwords(monkeypatch: pytest.MonkeyPatch, password: str) -> None:
    monkeypatch.setenv("RELGRAPH_ENV", "production")
    monkeypatch.setenv("NEO4J_PASSWORD", password)
    with pytest.raises(ConfigurationError, match="NEO4J_PASSWORD"):
        Settings()


def test_the_compose_default_password_is_refused_in_production() -> None:
    assert "relgraph-dev-password" in _shipped_passwords()
    with pytest.raises(ConfigurationError, match="well-known default"):
        Settings(env="production", neo4j_password="relgraph-dev-password")
    assert Settings(env="development", neo4j_password="relgraph-dev-password").env == "development"


def test_password_is_not_in_the_repr() -> None:
    assert "hunter2-long" not in repr(Settings(neo4j_password="hunter2-long"))


def test_api_workers_and_feed_poll_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RELGRAPH_API_WORKERS", "4")
    monkeypatch.setenv("RELGRAPH_RISK_FEED_POLL_SECONDS", "0.25")
    s = Settings()
    assert (s.api_workers, s.risk_feed_poll_seconds) == (4, 0.25)
    monkeypatch.setenv("RELGRAPH_API_WORKERS", "0")
    with pytest.raises(ValidationError, match="api_workers"):
        Settings()
