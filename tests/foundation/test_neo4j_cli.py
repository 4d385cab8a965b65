"""`relgraph neo4j start|status|stop` with its own home and ports, run from another directory."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

from neo4j import GraphDatabase

RELGRAPH = [sys.executable, "-m", "graph.cli"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    return subprocess.run([*RELGRAPH, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def test_start_prints_assignments_keeps_running_and_stop_waits(tmp_path: Path) -> None:
    home = tmp_path / "home"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    bolt, http = _free_port(), _free_port()
    started = _run("neo4j", "start", "--home", str(home), "--bolt-port", str(bolt), "--http-port", str(http),
                   "--heap", "512m", "--pagecache", "128m", cwd=elsewhere)
    try:
        assert started.returncode == 0, started.stderr
        assignments = dict(line.split("=", 1) for line in started.stdout.strip().splitlines())
        assert set(assignments) == {"NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD"}
        assert assignments["NEO4J_URI"] == f"bolt://localhost:{bolt}"
        assert len(assignments["NEO4J_PASSWORD"]) >= 16  # auth stays on, with a made-up password

        # The command returned; the server keeps answering, with the printed credentials only.
        with GraphDatabase.driver(assignments["NEO4J_URI"],
                                  auth=(assignments["NEO4J_USER"], assignments["NEO4J_PASSWORD"])) as driver:
            driver.verify_connectivity()
        status = _run("neo4j", "status", "--home", str(home), cwd=elsewhere)
        assert status.returncode == 0 and "running" in status.stdout

        # Other commands given the same --home use that server.
        migrated = _run("--home", str(home), "migrate", cwd=elsewhere)
        assert migrated.returncode == 0, migrated.stderr
    finally:
        stopped = _run("neo4j", "stop", "--home", str(home), cwd=elsewhere)
    assert stopped.returncode == 0, stopped.stderr
    after = _run("neo4j", "status", "--home", str(home), cwd=elsewhere)
    assert after.returncode == 3 and "stopped" in after.stdout
    with socket.socket() as s:
        assert s.connect_ex(("127.0.0.1", bolt)) != 0, "Bolt still answers after stop"


def test_a_home_without_a_server_is_one_clear_error(tmp_path: Path) -> None:
    home = tmp_path / "no-server-here"
    result = _run("--home", str(home), "migrate", cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.strip() == (
        f"error: no server was started in {home} (--home / RELGRAPH_NEO4J_HOME) "
        f"(start one with `relgraph neo4j start --home {home}`, or leave --home out)"
    )
