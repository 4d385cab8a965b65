"""`scripts/run.sh` (`make run`, the Docker image) with RELGRAPH_ENV=production: the schema and the API,
nothing else: no demo data, no key, no secret in the log."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from graph.settings import Settings
from graph.store import Store

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_production_start_migrates_and_serves_only(
    clean_store: Store, settings: Settings, tmp_path: Path
) -> None:
    port = _free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "RELGRAPH_", "UVICORN_"))},
        "NEO4J_URI": settings.neo4j_uri,
        "NEO4J_USER": settings.neo4j_user,
        "NEO4J_PASSWORD": settings.neo4j_password,
        "NEO4J_DATABASE": settings.neo4j_database,
        "RELGRAPH_ENV": "production",
        "RELGRAPH": str(Path(sys.executable).with_name("relgraph")),
        "RELGRAPH_STATE_DIR": str(tmp_path / "state"),
        "PORT": str(port),
        "DEMO_ACCOUNTS": "2",
    }
    log = tmp_path / "run.log"
    with log.open("w") as out:
        proc = subprocess.Popen(["bash", str(ROOT / "scripts" / "run.sh")], env=env, stdout=out, stderr=out)
        try:
            deadline = time.monotonic() + 120
            while True:
                assert proc.poll() is None, log.read_text()
                try:
                    ready = httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=3)
                    if ready.status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.3)
            graphiql = httpx.get(f"http://127.0.0.1:{port}/graphql", headers={"Accept": "text/html"})
        finally:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            finally:
                proc.kill()
    printed = log.read_text()
    assert "relgraph is starting in production" in printed, printed
    assert "schema applied:" in printed  # relgraph migrate ran
    assert settings.neo4j_password not in printed
    # The development banner's lines: a key, how to send it, the Neo4j password, GraphiQL.
    for shown in ("API key:", "Bearer", "rg_", "password", "GraphiQL:"):
        assert shown not in printed, shown
    assert graphiql.status_code == 401  # no GraphiQL page in production
    assert clean_store.read("admin_count_nodes")[0]["nodes"] == 0  # no demo data
    assert clean_store.read("apikeys_list") == []  # no key made
    assert not (tmp_path / "state" / "dev-api-key").exists()
