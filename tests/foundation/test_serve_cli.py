"""`relgraph serve`: what it hands uvicorn (os.execv captured; nothing is served here)."""

from __future__ import annotations

import os

import pytest
from typer.testing import CliRunner

from graph.cli.main import app


class _Exec(Exception):
    """Raised instead of replacing the test process."""

    def __init__(self, argv: list[str]) -> None:
        super().__init__(argv)
        self.argv = argv


def _listening(argv: list[str]) -> tuple[str, ...]:
    """uvicorn's --host, --port and --workers in `argv`."""
    return tuple(argv[argv.index(name) + 1] for name in ("--host", "--port", "--workers"))


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """`relgraph serve` with the environment under the test's control and `os.execv` captured."""
    # serve exports the resolved connection to uvicorn's environment: set (and so restore) them here.
    for name, value in {"NEO4J_URI": "bolt://127.0.0.1:1", "NEO4J_USER": "neo4j", "NEO4J_PASSWORD": "x",
                        "NEO4J_DATABASE": "neo4j"}.items():
        monkeypatch.setenv(name, value)
    for name in ("RELGRAPH_NEO4J_HOME", "RELGRAPH_API_HOST", "RELGRAPH_API_PORT", "RELGRAPH_API_WORKERS"):
        monkeypatch.delenv(name, raising=False)

    def execv(path: str, argv: list[str]) -> None:
        raise _Exec(argv)

    monkeypatch.setattr(os, "execv", execv)
    return monkeypatch


def _serve(*args: str) -> list[str]:
    result = CliRunner().invoke(app, ["serve", *args])
    assert isinstance(result.exception, _Exec), result.output
    return result.exception.argv


def test_serve_listens_where_the_settings_say(served: pytest.MonkeyPatch) -> None:
    argv = _serve()
    assert _listening(argv) == ("127.0.0.1", "8000", "1")
    served.setenv("RELGRAPH_API_HOST", "0.0.0.0")
    served.setenv("RELGRAPH_API_PORT", "28612")
    served.setenv("RELGRAPH_API_WORKERS", "3")
    argv = _serve()
    assert _listening(argv) == ("0.0.0.0", "28612", "3")


def test_serve_flags_win_over_the_settings(served: pytest.MonkeyPatch) -> None:
    served.setenv("RELGRAPH_API_HOST", "0.0.0.0")
    served.setenv("RELGRAPH_API_PORT", "28612")
    argv = _serve("--host", "127.0.0.2", "--port", "9000", "--workers", "2")
    assert _listening(argv) == ("127.0.0.2", "9000", "2")


def test_serve_runs_uvicorn_with_relgraphs_logging_and_passes_a_log_config_on(
    served: pytest.MonkeyPatch,
) -> None:
    served.setenv("RELGRAPH_LOG_LEVEL", "WARNING")
    argv = _serve()
    assert argv[1:3] == ["-m", "api.serve"]  # uvicorn's command line, relgraph's logging as its default
    assert argv[argv.index("--log-level") + 1] == "warning"
    assert "--log-config" not in argv
    argv = _serve("--log-config", "/etc/relgraph/logging.json")
    assert argv[argv.index("--log-config") + 1] == "/etc/relgraph/logging.json"
