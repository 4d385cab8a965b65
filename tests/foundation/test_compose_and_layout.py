"""Rules of the project held by tests: the compose pin, and the layout of DESIGN.md."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import yaml

from graph.neo4j_server import NEO4J_VERSION

ROOT = Path(__file__).resolve().parents[2]


def test_compose_parses_and_pins_the_local_neo4j_version() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    neo4j = compose["services"]["neo4j"]
    assert neo4j["image"] == f"neo4j:{NEO4J_VERSION}-community"
    assert "apoc" in neo4j["environment"]["NEO4J_PLUGINS"]
    assert neo4j["healthcheck"]["test"]
    api = compose["services"]["api"]
    assert api["depends_on"]["neo4j"]["condition"] == "service_healthy"
    assert api["build"] == "."
    for variable in ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE"):
        assert variable in api["environment"]
    assert (ROOT / "Dockerfile").exists()


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_graph_knows_nothing_of_http_or_graphql() -> None:
    for path in (ROOT / "graph").rglob("*.py"):
        forbidden = _imports(path) & {"fastapi", "strawberry", "starlette", "api", "uvicorn"}
        assert not forbidden, f"{path.relative_to(ROOT)} imports {forbidden}"


def test_queries_import_nothing_of_the_project() -> None:
    for path in (ROOT / "queries").rglob("*.py"):
        assert not _imports(path) & {"graph", "api"}, path


_CYPHER = re.compile(r"\b(MATCH|MERGE|UNWIND|DETACH DELETE|CREATE CONSTRAINT)\b\s*\(|\bRETURN\b .* AS \w+")


def test_no_cypher_outside_queries() -> None:
    offenders = []
    for package in ("graph", "api"):
        for path in (ROOT / package).rglob("*.py"):
            tree = ast.parse(path.read_text())
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.Constant)
                    and isinstance(node.value, str)
                    and _CYPHER.search(node.value)
                ):
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not offenders, "Cypher belongs in queries/*.cypher: " + ", ".join(offenders)


def test_api_runs_no_networkx() -> None:
    for path in (ROOT / "api").rglob("*.py"):
        assert "networkx" not in _imports(path), path
