"""`relgraph serve`'s logging: every line with time, level and logger, relgraph's own loggers at
RELGRAPH_LOG_LEVEL, the driver's at WARNING; an operator's configuration wins."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from graph.settings import Settings

# 2026-11-24 02:15:53,123 INFO relgraph.webhooks: ...
LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (TRACE|DEBUG|INFO|WARNING|ERROR|CRITICAL) [\w.]+: ")


def _emit(level: str) -> list[str]:
    """The stderr lines of a process set up with `logging_config(level)` that logs as relgraph does."""
    script = (
        "import logging, logging.config\n"
        "from api.logs import logging_config\n"
        f"logging.config.dictConfig(logging_config({level!r}))\n"
        "logging.getLogger('relgraph.webhooks').info('webhook delivery d1 to w1 failed (attempt 1): 503')\n"
        "logging.getLogger('relgraph.api').warning('readyz: Neo4j unavailable: gone')\n"
        "logging.getLogger('neo4j.io').info('the driver chatting')\n"
        "logging.getLogger('neo4j').warning('Transaction failed and will be retried in 1.0s')\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stderr.splitlines()


def test_relgraph_info_lines_come_out_with_time_level_and_logger() -> None:
    lines = _emit("info")
    assert [LINE.sub("", line) for line in lines] == [
        "webhook delivery d1 to w1 failed (attempt 1): 503",
        "readyz: Neo4j unavailable: gone",
        "Transaction failed and will be retried in 1.0s",
    ], lines
    assert all(LINE.match(line) for line in lines), lines
    assert " INFO relgraph.webhooks: webhook delivery d1" in lines[0]
    assert " WARNING neo4j: " in lines[2]


def test_the_level_is_relgraph_log_level() -> None:
    lines = _emit("warning")
    assert [LINE.sub("", line) for line in lines] == [
        "readyz: Neo4j unavailable: gone",
        "Transaction failed and will be retried in 1.0s",
    ], lines


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(settings: Settings, tmp_path: Path, **env: str) -> tuple[list[str], list[str]]:
    """Run `relgraph serve` (its port from RELGRAPH_API_PORT), ask /healthz, stop it: stderr and stdout."""
    port = _free_port()
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "RELGRAPH_", "UVICORN_"))},
        "NEO4J_URI": settings.neo4j_uri,
        "NEO4J_USER": settings.neo4j_user,
        "NEO4J_PASSWORD": settings.neo4j_password,
        "NEO4J_DATABASE": settings.neo4j_database,
        "RELGRAPH_API_PORT": str(port),
        **env,
    }
    err, out = tmp_path / "stderr", tmp_path / "stdout"
    with err.open("w") as stderr, out.open("w") as stdout:
        proc = subprocess.Popen(
            [sys.executable, "-m", "graph.cli", "serve"], env=environment, stdout=stdout, stderr=stderr
        )
        try:
            deadline = time.monotonic() + 90
            while True:
                assert proc.poll() is None, err.read_text()
                try:
                    if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert time.monotonic() < deadline, err.read_text()
                time.sleep(0.2)
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=30)
        finally:
            proc.kill()
    return err.read_text().splitlines(), out.read_text().splitlines()


def test_serve_formats_every_line(settings: Settings, tmp_path: Path) -> None:
    errors, access = _serve(settings, tmp_path, RELGRAPH_LOG_LEVEL="info")
    assert errors and all(LINE.match(line) for line in errors), errors
    assert any(" INFO relgraph.api: serving with RELGRAPH_ENV=development, Neo4j " in line for line in errors)
    assert any(" INFO uvicorn.error: Uvicorn running on http://127.0.0.1:" in line for line in errors), errors
    # uvicorn's access log is kept, on stdout, with the same prefix.
    assert any(
        LINE.match(line) and " INFO uvicorn.access: " in line and '"GET /healthz HTTP/1.1" 200' in line
        for line in access
    ), access


def test_an_operators_logging_configuration_wins(settings: Settings, tmp_path: Path) -> None:
    mine = tmp_path / "logging.json"
    mine.write_text(json.dumps({
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"mine": {"format": "MINE %(name)s %(message)s"}},
        "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "mine", "stream": "ext://sys.stderr"}},
        "root": {"level": "WARNING", "handlers": ["stderr"]},
        "loggers": {"uvicorn": {"level": "INFO"}},
    }))
    errors, _ = _serve(settings, tmp_path, UVICORN_LOG_CONFIG=str(mine), RELGRAPH_LOG_LEVEL="info")
    assert any(line.startswith("MINE uvicorn.error Uvicorn running on") for line in errors), errors
    assert not any(LINE.match(line) for line in errors), errors
    assert not any("relgraph.api" in line for line in errors), errors  # their root is at WARNING
