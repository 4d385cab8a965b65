"""Benchmark the GraphQL API against its floor: the same Cypher through the driver, without GraphQL.

Two requests, each at 1 and 16 concurrent clients:

- ``risk``: one account's risk (score, level, factors, single points of failure), keys rotating;
- ``page``: a page of 100 accounts with their contacts (10 each) and risk.

The API runs as a real server (``uvicorn api.app:create_app --factory``, ``--workers`` processes) in its
own process; the floor runs the statements the API sends for the same answer (``api_accounts_by_keys``
or ``api_accounts_page``, ``api_contacts_by_accounts``, ``api_people_by_keys``) on an `AsyncStore` with
the same concurrency, in this process. Each cell alternates API and floor slices (``--rounds``) so that
both see the same machine load; the ratio is API requests/s over floor requests/s. Besides wall time, it
reports the CPU milliseconds per request of the API server (all its processes) and of this process
(the load generator, or the floor's driver work), which move much less than wall time on a busy machine.

The API server collects garbage less often while serving (``graph.collector``: its startup objects
frozen, the first generation every 10,000 allocations; ~20% less CPU per request); this process runs
with the same settings (``--floor-gc serving``, the default; ``--floor-gc default`` for Python's own),
so that the ratio compares GraphQL with the driver, not garbage collector settings. For the same reason
this process runs on the event loop the server runs on: uvloop when it is installed, as uvicorn's
`--loop auto` picks it.

The load generator is a minimal HTTP/1.1 keep-alive client (``--client raw``, the default): like wrk or
hey, it spends next to nothing per request, so the API is not charged for the client's own work on the
same cores (real clients run elsewhere). Every answer is still read whole, parsed and checked (status
200, no ``errors``). ``--client httpx`` uses httpx instead (about 1 ms of client CPU per request).

Runs against the configured database (``NEO4J_*``, or the local server of ``relgraph neo4j start``;
``eval "$(bash bench/setup_world.sh)"`` gives the 10,000-account world); creates a temporary read key and
revokes it at the end.

    .venv/bin/python bench/bench_api.py [--seconds 12] [--rounds 3] [--concurrency 1 16] [--workers 1]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graph.apikeys import create_key, revoke_key  # noqa: E402
from graph.cli.context import resolve_settings  # noqa: E402
from graph.collector import SERVING_GC_THRESHOLD, fewer_collections  # noqa: E402
from graph.settings import Settings  # noqa: E402
from graph.store import AsyncStore, Store  # noqa: E402

RISK = """query($k: String!) { account(key: $k) { key risk { score level singleThreaded connectivity
  factors { code contribution explanation } singlePointsOfFailure { key name } } } }"""

PAGE = """{ accounts(first: 100) { edges { node { key name
  contacts(first: 10) { edges { current node { key name role } } }
  risk { score level singleThreaded connectivity factors { code contribution explanation }
         singlePointsOfFailure { key name } } } } } }"""

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Result:
    """Requests, measured seconds, latencies and CPU seconds (API server, this process) of one side."""

    requests: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    server_cpu: float = 0.0
    client_cpu: float = 0.0

    def add(self, other: Result) -> None:
        self.requests += other.requests
        self.seconds += other.seconds
        self.latencies += other.latencies
        self.server_cpu += other.server_cpu
        self.client_cpu += other.client_cpu

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def pct(self, q: float) -> float:
        xs = sorted(self.latencies)
        return xs[min(len(xs) - 1, int(q * len(xs)))] * 1000.0 if xs else 0.0

    def cpu_ms(self, which: str) -> float:
        total = self.server_cpu if which == "server" else self.client_cpu
        return total / self.requests * 1000.0 if self.requests else 0.0


def tree_cpu(pid: int | None) -> float:
    """CPU seconds (user + system) of process `pid` and its children (uvicorn's workers)."""
    if pid is None:
        return 0.0
    total = 0.0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(entry) == pid or int(fields[1]) == pid:  # fields[1]: the parent's pid
            total += (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    return total


async def drive(call: Callable[[int], Awaitable[None]], concurrency: int, seconds: float,
                server_pid: int | None = None) -> Result:
    """Run `call(i)` from `concurrency` clients for `seconds`; latencies and CPU of that window."""
    latencies: list[float] = []
    counter = 0
    stop = 0.0

    async def client() -> None:
        nonlocal counter
        while time.perf_counter() < stop:
            counter += 1
            began = time.perf_counter()
            await call(counter)
            latencies.append(time.perf_counter() - began)

    server0, client0 = tree_cpu(server_pid), time.process_time()
    began = time.perf_counter()
    stop = began + seconds
    await asyncio.gather(*(client() for _ in range(concurrency)))
    elapsed = time.perf_counter() - began
    return Result(len(latencies), elapsed, latencies, tree_cpu(server_pid) - server0,
                  time.process_time() - client0)


class RawHTTP:
    """A minimal HTTP/1.1 keep-alive client for the load generator: one idle connection per client."""

    def __init__(self, host: str, port: int, headers: dict[str, str]) -> None:
        self.host = host
        self.port = port
        self.head = "".join(f"{k}: {v}\r\n" for k, v in {"Host": f"{host}:{port}", **headers}.items())
        self.idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []

    async def post(self, path: str, body: bytes) -> tuple[int, bytes]:
        """POST `body` (JSON) to `path`; the status and the whole response body."""
        request = (
            f"POST {path} HTTP/1.1\r\n{self.head}Content-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n".encode("latin-1") + body
        )
        while True:
            reused = bool(self.idle)
            conn = self.idle.pop() if reused else await asyncio.open_connection(self.host, self.port)
            reader, writer = conn
            try:
                writer.write(request)
                status_line = await reader.readline()
            except (ConnectionResetError, BrokenPipeError):
                if not reused:
                    raise
                status_line = b""  # reset rather than closed: the same case as below
            if status_line or not reused:
                break
            # The server closed an idle connection (its keep-alive timeout, e.g. during the floor's
            # slice): open another.
            writer.close()
        status = int(status_line.split()[1])
        length, chunked = -1, False
        while (line := await reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"transfer-encoding" and b"chunked" in value.lower():
                chunked = True
        if chunked:
            parts = []
            while (size := int((await reader.readline()).split(b";")[0], 16)) > 0:
                parts.append(await reader.readexactly(size))
                await reader.readline()
            await reader.readline()
            data = b"".join(parts)
        elif length >= 0:
            data = await reader.readexactly(length)
        else:
            raise RuntimeError(f"response without a length (status {status})")
        self.idle.append(conn)
        return status, data

    async def close(self) -> None:
        for _, writer in self.idle:
            writer.close()
        self.idle.clear()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(settings: Settings, port: int, workers: int, cwd: Path = ROOT) -> subprocess.Popen[bytes]:
    """The API served by uvicorn from the code under `cwd` (this checkout unless told)."""
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
            sys.executable, "-m", "uvicorn", "api.app:create_app", "--factory",
            "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers),
            "--log-level", "warning", "--no-access-log",
        ],
        cwd=cwd,
        env=env,
    )


async def wait_ready(base: str, workers: int) -> None:
    async with httpx.AsyncClient(base_url=base) as c:
        for _ in range(600):
            try:
                if (await c.get("/readyz")).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.1)
        else:
            raise SystemExit("the API did not become ready (is the schema applied? `relgraph migrate`)")
    if workers > 1:
        await asyncio.sleep(3.0)  # the other workers start alongside the first one


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"{one:.2f}/{five:.2f}"


async def bench(settings: Settings, seconds: float, rounds: int, levels: list[int], workers: int,
                client_kind: str, requests: list[str]) -> list[dict[str, Any]]:
    sync = Store.connect(settings)
    keys = [r["key"] for r in sync.read("api_account_keys", allowed=None)]
    if not keys:
        raise SystemExit("no accounts: load some first (`relgraph demo`)")
    new = create_key(sync, "bench_api", ["read"])
    port = _free_port()
    server = start_server(settings, port, workers)
    store = AsyncStore.open(settings)
    rows: list[dict[str, Any]] = []
    raw = RawHTTP("127.0.0.1", port, {"Authorization": f"Bearer {new.token}"})
    limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
    http = httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", limits=limits, timeout=60,
                             headers={"Authorization": f"Bearer {new.token}"})
    try:
        await wait_ready(f"http://127.0.0.1:{port}", workers)

        async def api(query: str, variables: dict[str, Any]) -> None:
            body = json.dumps({"query": query, "variables": variables}).encode()
            if client_kind == "raw":
                status, data = await raw.post("/graphql", body)
            else:
                r = await http.post("/graphql", content=body, headers={"Content-Type": "application/json"})
                status, data = r.status_code, r.content
            answer = json.loads(data)
            if status != 200 or answer.get("errors") or not answer.get("data"):
                raise RuntimeError(f"API error: {status} {data[:300]!r}")

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
                    startValue=None,
                    startKey=None,
                    stopValue=None,
                    stopKey=None,
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
            if name not in requests:
                continue
            for n in levels:
                a, f = Result(), Result()
                before = load()
                warm = min(2.0, seconds / rounds / 2)
                await drive(api_call, n, warm)
                await drive(floor_call, n, warm)
                for _ in range(rounds):
                    a.add(await drive(api_call, n, seconds / rounds, server.pid))
                    f.add(await drive(floor_call, n, seconds / rounds))
                rows.append({"request": name, "clients": n, "api": a, "floor": f,
                             "load": f"{before} -> {load()}"})
                print(
                    f"{name:5} x{n:<3} api {a.rps:8.1f}/s p50 {a.pct(0.5):7.1f} ms p99 {a.pct(0.99):7.1f} ms "
                    f"cpu server {a.cpu_ms('server'):6.2f} client {a.cpu_ms('client'):5.2f} ms/req | "
                    f"floor {f.rps:8.1f}/s p50 {f.pct(0.5):7.1f} ms p99 {f.pct(0.99):7.1f} ms "
                    f"cpu {f.cpu_ms('client'):6.2f} ms/req | ratio {a.rps / f.rps:5.2f} | "
                    f"load {rows[-1]['load']}",
                    file=sys.stderr,
                )
    finally:
        server.terminate()
        server.wait(10)
        await raw.close()
        await http.aclose()
        await store.close()
        revoke_key(sync, new.key.id)
        sync.close()
    return rows


def table(rows: list[dict[str, Any]], accounts: int, workers: int, client_kind: str) -> str:
    lines = [
        f"GraphQL API ({workers} worker{'s' if workers > 1 else ''}, {client_kind} client) vs floor "
        f"(same Cypher, driver only), {accounts} accounts",
        "",
        "| request | clients | API req/s | API p50 / p99 ms | API server CPU ms/req | floor req/s | "
        "floor p50 / p99 ms | floor CPU ms/req | API/floor | load 1m/5m |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for r in rows:
        a, f = r["api"], r["floor"]
        lines.append(
            f"| {r['request']} | {r['clients']} | {a.rps:.1f} | {a.pct(0.5):.1f} / {a.pct(0.99):.1f} | "
            f"{a.cpu_ms('server'):.2f} | {f.rps:.1f} | {f.pct(0.5):.1f} / {f.pct(0.99):.1f} | "
            f"{f.cpu_ms('client'):.2f} | {a.rps / f.rps:.2f} | {r['load']} |"
        )
    return "\n".join(lines)


def _server_loop() -> Callable[[], asyncio.AbstractEventLoop] | None:
    """The event loop uvicorn's `--loop auto` gives the API server: uvloop's when installed."""
    try:
        import uvloop
    except ImportError:
        return None
    return uvloop.new_event_loop


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=12.0, help="Measured seconds per side and cell.")
    parser.add_argument("--rounds", type=int, default=3, help="API/floor alternations per cell.")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 16], help="Concurrent clients.")
    parser.add_argument("--workers", type=int, default=1, help="API worker processes (uvicorn --workers).")
    parser.add_argument("--client", choices=["raw", "httpx"], default="raw", help="The API's load generator.")
    parser.add_argument("--requests", nargs="+", choices=["risk", "page"], default=["risk", "page"],
                        help="Which requests to measure.")
    parser.add_argument("--floor-gc", choices=["serving", "default"], default="serving",
                        help="The floor process's garbage collector: the API server's settings (default), "
                        "or Python's own.")
    args = parser.parse_args()
    settings = resolve_settings()
    with Store.connect(settings) as s:
        accounts = len(s.read("api_account_keys", allowed=None))
    # The API serves with fewer collections (SERVING_GC_THRESHOLD, its startup objects frozen);
    # the floor's process gets the same, so that the ratio compares GraphQL with the driver, not GC
    # settings.
    collector = (
        fewer_collections(SERVING_GC_THRESHOLD) if args.floor_gc == "serving" else contextlib.nullcontext()
    )
    with collector, asyncio.Runner(loop_factory=_server_loop()) as runner:
        rows = runner.run(bench(settings, args.seconds, max(1, args.rounds), args.concurrency,
                                args.workers, args.client, args.requests))
    print(table(rows, accounts, args.workers, args.client))


if __name__ == "__main__":
    main()
