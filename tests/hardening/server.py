# ruff: noqa: E501  (GraphQL documents read best unwrapped)
"""The API as a real uvicorn subprocess on a free port (so that a test can kill -9 it and start it again)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from graph.settings import Settings
from tests.hardening.receiver import free_port

ROOT = Path(__file__).resolve().parents[2]


class ApiProcess:
    """`uvicorn api.app:create_app --factory` for `settings`, with extra RELGRAPH_* variables."""

    def __init__(self, settings: Settings, env: dict[str, str] | None = None, port: int | None = None) -> None:
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "NEO4J_URI": settings.neo4j_uri,
            "NEO4J_USER": settings.neo4j_user,
            "NEO4J_PASSWORD": settings.neo4j_password,
            "NEO4J_DATABASE": settings.neo4j_database,
            "RELGRAPH_ENV": settings.env,
            **(env or {}),
        }
        self.process: subprocess.Popen[bytes] | None = None
        # A file, not a pipe: nobody reads a pipe while the tests run, and a full one blocks the server.
        self.log = tempfile.NamedTemporaryFile(prefix="relgraph-api-", suffix=".log", delete=False)  # noqa: SIM115

    def start(self, timeout: float = 60.0) -> ApiProcess:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "api.app:create_app", "--factory", "--host", "127.0.0.1",
             "--port", str(self.port), "--log-level", "warning"],
            cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL, stderr=self.log,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                err = Path(self.log.name).read_text(errors="replace")
                raise RuntimeError(f"the API exited at start: {err[-2000:]}")
            try:
                if httpx.get(f"{self.url}/healthz", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        self.kill()
        raise RuntimeError("the API did not start in time")

    def kill(self) -> None:
        """kill -9: no shutdown, no lifespan exit, in-flight work lost."""
        if self.process is not None and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()
