"""A/B of the API server: the working tree against another commit, two servers side by side.

On a shared machine, two benchmark runs minutes apart differ by more than most changes do; this runs
both servers at once and alternates slices between them (``--rounds``, order flipped each round) with
the same load generator, so both see the same machine. Reports requests/s, p50/p99 and the CPU
milliseconds per request of each server (from /proc), which moves much less than wall time.

The other commit's ``api``, ``graph`` and ``queries`` are exported (``git archive``) to a temporary
folder and served from there, on the same database and settings.

    eval "$(bash bench/setup_world.sh)"
    .venv/bin/python bench/api_ab.py --base HEAD~1 [--requests risk page] [--clients 1] [--seconds 30]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_api import (  # noqa: E402
    PAGE,
    RISK,
    RawHTTP,
    Result,
    _free_port,
    _server_loop,
    drive,
    start_server,
    wait_ready,
)

from graph.apikeys import create_key, revoke_key  # noqa: E402
from graph.cli.context import resolve_settings  # noqa: E402
from graph.store import Store  # noqa: E402


def export(revision: str, into: Path) -> None:
    """The code the server runs (`api`, `graph`, `queries`) at `revision`, written under `into`."""
    archive = subprocess.run(["git", "archive", revision, "api", "graph", "queries"], cwd=ROOT,
                             check=True, capture_output=True).stdout
    archive_path = into / "code.tar"
    archive_path.write_bytes(archive)
    with tarfile.open(archive_path) as tar:
        tar.extractall(into, filter="data")


async def compare(base: str, kinds: list[str], clients: int, seconds: float, rounds: int) -> None:
    settings = resolve_settings()
    sync = Store.connect(settings)
    keys = [r["key"] for r in sync.read("api_account_keys", allowed=None)]
    if not keys:
        raise SystemExit("no accounts: load some first (`relgraph demo`)")
    new = create_key(sync, "api_ab", ["read"])
    servers: dict[str, tuple[subprocess.Popen[bytes], RawHTTP]] = {}
    with tempfile.TemporaryDirectory(prefix="relgraph-ab-") as tmp:
        export(base, Path(tmp))
        try:
            for label, cwd in (("working tree", ROOT), (base, Path(tmp))):
                port = _free_port()
                servers[label] = (start_server(settings, port, 1, cwd=cwd),
                                  RawHTTP("127.0.0.1", port, {"Authorization": f"Bearer {new.token}"}))
                await wait_ready(f"http://127.0.0.1:{port}", 1)
            for kind in kinds:
                query, variables = (RISK, True) if kind == "risk" else (PAGE, False)

                def caller(http: RawHTTP, query: str = query, variables: bool = variables) -> Any:
                    async def call(i: int) -> None:
                        body = {"query": query, "variables": {"k": keys[i % len(keys)]} if variables else {}}
                        status, data = await http.post("/graphql", json.dumps(body).encode())
                        if status != 200 or b'"errors"' in data:
                            raise RuntimeError(f"API error: {status} {data[:300]!r}")
                    return call

                results = {label: Result() for label in servers}
                for _process, http in servers.values():
                    await drive(caller(http), clients, 2.0)  # warm-up
                labels = list(servers)
                for r in range(rounds):
                    for label in labels if r % 2 == 0 else labels[::-1]:
                        process, http = servers[label]
                        results[label].add(await drive(caller(http), clients, seconds / rounds, process.pid))
                for label, res in results.items():
                    print(f"{kind:5} x{clients:<3} {label:14} {res.rps:8.1f}/s p50 {res.pct(0.5):7.2f} ms "
                          f"p99 {res.pct(0.99):7.2f} ms server CPU {res.cpu_ms('server'):7.3f} ms/req",
                          flush=True)
                a, b = results["working tree"], results[base]
                print(f"{kind:5} x{clients:<3} working tree / {base}: req/s {a.rps / b.rps:.3f}, "
                      f"server CPU per request {a.cpu_ms('server') / b.cpu_ms('server'):.3f}", flush=True)
        finally:
            for process, http in servers.values():
                process.terminate()
                process.wait(10)
                await http.close()
            revoke_key(sync, new.key.id)
            sync.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", required=True, help="The commit to compare with (e.g. HEAD~1, main).")
    parser.add_argument("--requests", nargs="+", choices=["risk", "page"], default=["risk"])
    parser.add_argument("--clients", type=int, default=1, help="Concurrent clients.")
    parser.add_argument("--seconds", type=float, default=30.0,
                        help="Measured seconds per server and request.")
    parser.add_argument("--rounds", type=int, default=6, help="Alternations per request.")
    args = parser.parse_args()
    with asyncio.Runner(loop_factory=_server_loop()) as runner:
        runner.run(compare(args.base, args.requests, args.clients, args.seconds, max(1, args.rounds)))


if __name__ == "__main__":
    main()
