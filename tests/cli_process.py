"""`relgraph` in a real subprocess, as an operator runs it, against a test server: for the tests that stop
a command with a real signal (Ctrl-C, SIGTERM) and read what it printed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from graph.settings import Settings

__all__ = ["relgraph_process"]


def relgraph_process(settings: Settings, cwd: Path, *args: str) -> subprocess.Popen[str]:
    """Start `relgraph ARGS` in `cwd` with the server of `settings` (and no other NEO4J_* setting)."""
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "RELGRAPH_NEO4J"))},
        "NEO4J_URI": settings.neo4j_uri,
        "NEO4J_USER": settings.neo4j_user,
        "NEO4J_PASSWORD": settings.neo4j_password,
        "NEO4J_DATABASE": settings.neo4j_database,
    }
    return subprocess.Popen(
        [sys.executable, "-m", "graph.cli", *args],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # As a terminal delivers it, even when the tests run as a background job (SIGINT ignored).
        preexec_fn=lambda: [signal.signal(s, signal.SIG_DFL) for s in (signal.SIGINT, signal.SIGTERM)],
    )
