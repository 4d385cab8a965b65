"""Benchmark the GraphQL API against its floor: the same Cypher through the driver, without GraphQL.

Two requests, each at 1 and 16 concurrent clients:

- ``risk``: one account's risk (score, level, factors, single points of failure), keys rotating;
- ``page``: a page of 100 accounts with their contacts (10 each) and risk.

The API runs as a real server (``uvicorn api.app:create_app --factory``, one worker) in its own process;
the floor runs the statements the API sends for the same answer (``api_accounts_by_keys`` or
``api_accounts_page``, ``api_contacts_by_accounts``, ``api_people_by_keys``) on an `AsyncStore` with the
same concurrency. Runs against the configured database (``NEO4J_*``, or the local server of
``relgraph neo4j start``); creates a temporary admin key and revokes it at the end.

    .venv/bin/python bench/bench_api.py [--seconds 10] [--concurrency 1 16]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graph.apikeys import create_key, revoke_key  # noqa: E402
from graph.cli.context import resolve_settings  # noqa: E402
from graph.settings import Settings  # noqa: E402
from graph.store import AsyncStore, Store  # noqa: E402

RISK = """query($k: String!) { account(key: $k) { key risk { score level singleThreaded connectivity
  factors { code contribution explanation } singlePointsOfFailure { key name } } } }"""

PAGE = """{ accounts(first: 100) { edges { node { key name
  contacts(first: 10) { edges { current node { key name role } } }
  risk { score level singleThreaded connectivity factors { code contribution explanation }
         singlePointsOfFailure { key name } } } } } }"""


@dataclass
class Result:
    requests: int
    seconds: float
    latencies: list[float]

    @property
    def rps(self) -> float:
        return self.requests / self.seconds

    def pct(self, q: float) -> float:
        xs = sorted(self.latencies)
        return xs[min(len(xs) - 1, int(q * len(xs)))] * 1000.0


async def drive(call: Callable[[int], Awaitable[None]], concurrency: int, seconds: float) -> Result:
    """Run `call(i)` from `concurrency` clients for `seconds` (after a short warm-up)."""
    latencies: list[float] = []
    counter = 0
    stop = 0.0

    async def client(warm: bool) -> None:
        nonlocal counter
        while time.perf_counter() < stop:
            counter += 1
            began = time.perf_counter()
            await call(counter)
            if not warm:
                latencies.append(time.perf_counter() - began)

    stop = time.perf_counter() + min(2.0, seconds / 4)
    await asyncio.gather(*(client(True) for _ in range(concurrency)))
    began = time.perf_counter()
    stop = began + seconds
    await asyncio.gather(*(client(False) for _ in range(concurrency)))
    return Result(len(latencies), time.perf_counter() - began, latencies)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(settings: Settings, port: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "NEO4J_URI": settings.neo4j_uri,
        "NEO4J_USER": settings.neo4j_user,
        "NEO4J_PASSWORD": settings.neo4j_password,
        "NEO4J_DATABASE": settings.neo4j_database,
        # Measure throughput, not the per-key cost budget (the cost is still computed for every request).
        "RELGRAPH_LIMITS__COST_BUDGET_PER_MINUTE": "1000000000",
    }
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "api.app:create_app",
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
            "--no-access-log",
        ],
        cwd=ROOT,
        env=env,
    )


async def wait_ready(base: str) -> None:
    async with httpx.AsyncClient(base_url=base) as c:
        for _ in range(300):
            try:
                if (await c.get("/readyz")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.1)
    raise SystemExit("the API did not become ready (is the schema applied? `relgraph migrate`)")


async def bench(settings: Settings, seconds: float, levels: list[int]) -> list[dict[str, Any]]:
    sync = Store.connect(settings)
    keys = [r["key"] for r in sync.read("api_account_keys", allowed=None)]
    if not keys:
        raise SystemExit("no accounts: load some first (`relgraph demo`)")
    new = create_key(sync, "bench_api", ["read"])
    port = _free_port()
    server = start_server(settings, port)
    store = AsyncStore.open(settings)
    rows: list[dict[str, Any]] = []
    try:
        base = f"http://127.0.0.1:{port}"
        await wait_ready(base)
        limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
        async with httpx.AsyncClient(
            base_url=base, limits=limits, timeout=60, headers={"Authorization": f"Bearer {new.token}"}
        ) as http:

            async def api(query: str, variables: dict[str, Any]) -> None:
                r = await http.post("/graphql", json={"query": query, "variables": variables})
                body = r.json()
                if r.status_code != 200 or body.get("errors"):
                    raise RuntimeError(f"API error: {r.status_code} {str(body)[:300]}")

            async def api_risk(i: int) -> None:
                await api(RISK, {"k": keys[i % len(keys)]})

            async def api_page(i: int) -> None:
                await api(PAGE, {})

            async def floor_risk(i: int) -> None:
                row = (await store.read("api_accounts_by_keys", keys=[keys[i % len(keys)]], allowed=None))[0]
                spof = (row["account"] or {}).get("singlePointsOfFailure") or []
                if spof:
                    await store.read("api_people_by_keys", keys=spof, allowed=None)

            async def floor_page(i: int) -> None:
                page = (
                    await store.read(
                        "api_accounts_page",
                        allowed=None,
                        segments=None,
                        tiers=None,
                        stages=None,
                        riskLevels=None,
                        ownerKey=None,
                        singleThreaded=None,
                        search=None,
                        orderBy="riskScore",
                        descending=True,
                        keyDescending=False,
                        afterValue=None,
                        afterKey=None,
                        limit=101,
                    )
                )[:100]
                account_keys = [r["account"]["key"] for r in page]
                await store.read(
                    "api_contacts_by_accounts",
                    keys=account_keys,
                    allowed=None,
                    status="all",
                    afterValue=None,
                    afterKey=None,
                    beforeValue=None,
                    beforeKey=None,
                    limit=11,
                    fromEnd=False,
                )
                spof = sorted({k for r in page for k in (r["account"].get("singlePointsOfFailure") or [])})
                if spof:
                    await store.read("api_people_by_keys", keys=spof, allowed=None)

            for name, api_call, floor_call in (
                ("risk", api_risk, floor_risk),
                ("page", api_page, floor_page),
            ):
                for n in levels:
                    a = await drive(api_call, n, seconds)
                    f = await drive(floor_call, n, seconds)
                    rows.append({"request": name, "clients": n, "api": a, "floor": f})
                    print(
                        f"{name:5} x{n:<3} api {a.rps:8.1f}/s p50 {a.pct(0.5):7.1f} ms p99 "
                        f"{a.pct(0.99):7.1f} ms | "
                        f"floor {f.rps:8.1f}/s p50 {f.pct(0.5):7.1f} ms p99 {f.pct(0.99):7.1f} ms | "
                        f"ratio {a.rps / f.rps:5.2f}",
                        file=sys.stderr,
                    )
    finally:
        server.terminate()
        server.wait(10)
        await store.close()
        revoke_key(sync, new.key.id)
        sync.close()
    return rows


def table(rows: list[dict[str, Any]], accounts: int) -> str:
    lines = [
        f"GraphQL API vs floor (same Cypher, driver only), {accounts} accounts",
        "",
        "| request | clients | API req/s | API p50 ms | API p99 ms | floor req/s | floor p50 ms | "
        "floor p99 ms | API/floor |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        a, f = r["api"], r["floor"]
        lines.append(
            f"| {r['request']} | {r['clients']} | {a.rps:.1f} | {a.pct(0.5):.1f} | {a.pct(0.99):.1f} | "
            f"{f.rps:.1f} | {f.pct(0.5):.1f} | {f.pct(0.99):.1f} | {a.rps / f.rps:.2f} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="Measured seconds per cell.")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 16], help="Concurrent clients.")
    args = parser.parse_args()
    settings = resolve_settings()
    with Store.connect(settings) as s:
        accounts = len(s.read("api_account_keys", allowed=None))
    rows = asyncio.run(bench(settings, args.seconds, args.concurrency))
    print(table(rows, accounts))


if __name__ == "__main__":
    main()
