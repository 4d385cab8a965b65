"""Benchmark ingestion: interactions per second through `relgraph import`, next to the floor.

The world is the 10,000-account demo world (`graph.demo`, seed 7, anchored on 2026-11-22): its
accounts, staff, contacts and coverage are imported first, then the first `--interactions` rows of
its interactions file (grouped by account, as the generator writes them) are written by:

- the floor: the same rows sent as plain batched `UNWIND ... MERGE` through the driver with no
  validation, no existence checks and no accounting (`queries/bench/bench_floor_interactions.cypher`);
- `relgraph import FILE --refresh off` as a subprocess, as an operator runs it (file check, read,
  validation, in-file duplicates, existence checks, write, KNOWS, accounting); its peak RSS is that
  process's own (os.wait4);
- the same import again (a replay: every row a duplicate);
- `relgraph import FILE` with the command's default `--refresh end` (the metrics of the touched
  accounts recomputed once at the end: metrics work the floor does not do, shown separately);
- the floor once more, so that the two floors bracket the imports (the ratio uses their mean).

Between runs the interactions and KNOWS threads are deleted (`bench_delete_interactions`), so every
run starts from the same people. The timed runs follow an untimed warm-up round (`--warmup`, one
floor and one import: a fresh server's JIT is cold, and the first run paid for it). Besides wall
time, each run reports the CPU seconds per 1,000 rows of Neo4j's process and of the client, which
move much less than wall time on a loaded machine.

    .venv/bin/python bench/bench_ingest.py --interactions 200000
    .venv/bin/python bench/bench_ingest.py --world synthetic --accounts 2000   # the older synthetic world

By default the benchmark starts a scratch Neo4j of its own in a temporary folder (free ports) and
stops it at the end. With `--use-env` it uses NEO4J_URI/NEO4J_USER/NEO4J_PASSWORD instead and EMPTIES
that database (it refuses unless `--wipe` is given too). Targets: >= 10,000 interactions/s and
>= 0.7 of the floor. Memory on large files: bench/bench_ingest_memory.py.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rich.console import Console
from rich.table import Table

from graph.migrate import migrate
from graph.settings import Settings
from graph.store import Store

ROOT = Path(__file__).resolve().parent.parent
RELGRAPH = ROOT / ".venv" / "bin" / "relgraph"
CHANNELS = ["email", "meeting", "call", "chat", "support_ticket", "webinar"]
DIRECTIONS = ["inbound", "outbound", "mutual"]
err = Console(stderr=True)


# ---------------------------------------------------------------------------------------------- data


def write_people(folder: Path, accounts: int, contacts_per_account: int, staff: int, seed: int) -> None:
    """accounts.csv, staff.csv, contacts.csv, coverage.csv for a synthetic portfolio."""
    rng = random.Random(seed)
    with (folder / "accounts.csv").open("w") as f:
        f.write("key,name,segment,tier,lifecycle_stage,annual_revenue,gross_margin_rate\n")
        for a in range(accounts):
            f.write(f"acc-{a:05d},Account {a},enterprise,key,active,{rng.randint(10**5, 10**8)},0.4\n")
    with (folder / "staff.csv").open("w") as f:
        f.write("key,name,function,cost_per_hour\n")
        for s in range(staff):
            f.write(f"stf-{s:04d},Staff {s},{['sales', 'success', 'service'][s % 3]},{80 + s % 50}\n")
    with (folder / "contacts.csv").open("w") as f:
        f.write("key,name,role,seniority,account_key,since\n")
        for a in range(accounts):
            for c in range(contacts_per_account):
                f.write(f"con-{a:05d}-{c:02d},Contact {a}/{c},unknown,manager,acc-{a:05d},2024-01-01\n")
    with (folder / "coverage.csv").open("w") as f:
        f.write("staff_key,account_key,role\n")
        for a in range(accounts):
            f.write(f"stf-{a % staff:04d},acc-{a:05d},owner\n")


def write_interactions(
    path: Path, n: int, accounts: int, contacts_per_account: int, staff: int, seed: int
) -> None:
    """`n` interactions as JSON Lines, 1-3 contacts and 1-2 staff each, spread over the last year."""
    rng = random.Random(seed)
    start = datetime(2025, 6, 1, tzinfo=UTC)
    with path.open("w") as f:
        for i in range(n):
            a = rng.randrange(accounts)
            owner = a % staff
            contacts = sorted(
                {f"con-{a:05d}-{rng.randrange(contacts_per_account):02d}" for _ in range(rng.randint(1, 3))}
            )
            people = (
                sorted({f"stf-{owner:04d}", f"stf-{rng.randrange(staff):04d}"})
                if i % 3 == 0
                else [f"stf-{owner:04d}"]
            )
            at = start + timedelta(minutes=rng.randrange(525_600))
            row = {
                "key": f"int-{i:08d}",
                "source": "bench",
                "channel": rng.choice(CHANNELS),
                "occurred_at": at.isoformat(),
                "direction": rng.choice(DIRECTIONS),
                "duration_minutes": rng.choice([None, 15, 30, 60]),
                "sentiment": round(rng.uniform(-1, 1), 2),
                "subject": f"thread {i % 997}",
                "account_key": f"acc-{a:05d}",
                "contact_keys": contacts,
                "staff_keys": people,
            }
            f.write(json.dumps({k: v for k, v in row.items() if v is not None}) + "\n")


# ---------------------------------------------------------------------------------------------- runs


def write_demo(folder: Path, accounts: int, seed: int, interactions: int) -> tuple[list[Path], Path]:
    """The demo world's people files and the first `interactions` rows of its interactions file."""
    from graph.demo import FILE_NAMES, generate_world, write_world

    world = generate_world(accounts, seed, anchor=datetime(2026, 11, 22, tzinfo=UTC))
    write_world(world, folder / "demo")
    people = [folder / "demo" / FILE_NAMES[k] for k in ("accounts", "staff", "contacts", "coverage")]
    sliced = folder / "bench-interactions.jsonl"
    with (folder / "demo" / FILE_NAMES["interactions"]).open() as src, sliced.open("w") as out:
        for n, line in enumerate(src):
            if n >= interactions:
                break
            out.write(line)
    return people, sliced


def count_lines(path: Path) -> int:
    with path.open("rb") as f:
        return sum(1 for _ in f)


# ---------------------------------------------------------------------------------------------- runs


def wipe(store: Store) -> None:
    while store.write("bench_delete_batch", limit=20_000)[0]["deleted"]:
        pass


def clear_interactions(store: Store) -> None:
    while store.write("bench_delete_interactions", limit=20_000)[0]["deleted"]:
        pass


class ServerCpu:
    """CPU seconds (user + system) used by the Neo4j process, when we know its pid."""

    def __init__(self, pid: int | None) -> None:
        self.pid = pid

    def __call__(self) -> float | None:
        if self.pid is None:
            return None
        try:
            fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_import(files: list[Path], env: dict[str, str], *extra: str) -> tuple[float, int, float, list[dict]]:
    """(seconds, peak RSS in bytes, CPU seconds, JSON summary) of `relgraph import FILES --json`."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        [str(RELGRAPH), "import", *map(str, files), "--json", *extra],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        cwd=files[0].parent,
    )
    out = proc.stdout.read() if proc.stdout else b""  # type: ignore[union-attr]
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 3):
        raise SystemExit(f"relgraph import failed with exit code {code}")
    return seconds, usage.ru_maxrss * 1024, usage.ru_utime + usage.ru_stime, json.loads(out)


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _at(text: str) -> list[int]:
    # The same cheap instant encoding as the import (see queries/bench/bench_floor_interactions.cypher).
    at = datetime.fromisoformat(text)
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    delta = at - _EPOCH
    return [delta.days * 86_400 + delta.seconds, delta.microseconds * 1000]


def run_floor(store: Store, path: Path, batch_size: int) -> tuple[float, float]:
    """(seconds, client CPU seconds) of the same rows through the floor statement: parse JSON, name
    the properties, send; nothing else."""
    started, cpu = time.perf_counter(), time.process_time()
    batch: list[dict] = []

    def send() -> None:
        store.write("bench_floor_interactions", rows=batch)
        batch.clear()

    with path.open() as f:
        for line in f:
            r = json.loads(line)
            batch.append(
                {
                    "source": r["source"],
                    "key": r["key"],
                    "accountKey": r["account_key"],
                    "at": _at(r["occurred_at"]),
                    "contactKeys": r.get("contact_keys") or [],
                    "staffKeys": r.get("staff_keys") or [],
                    "props": {
                        "source": r["source"],
                        "key": r["key"],
                        "channel": r["channel"],
                        "direction": r["direction"],
                        "durationMinutes": r.get("duration_minutes"),
                        "cost": r.get("cost"),
                        "sentiment": r.get("sentiment"),
                        "subject": r.get("subject"),
                    },
                }
            )
            if len(batch) >= batch_size:
                send()
    if batch:
        send()
    return time.perf_counter() - started, time.process_time() - cpu


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--world", choices=("demo", "synthetic"), default="demo")
    parser.add_argument("--interactions", type=int, default=200_000)
    parser.add_argument("--accounts", type=int, default=None, help="default 10,000 (demo), 2,000 (synthetic)")
    parser.add_argument("--contacts-per-account", type=int, default=6, help="synthetic world only")
    parser.add_argument("--staff", type=int, default=200, help="synthetic world only")
    parser.add_argument("--batch-size", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--heap", default="2g", help="scratch server heap")
    parser.add_argument("--pagecache", default="2g", help="scratch server page cache")
    parser.add_argument("--use-env", action="store_true", help="use NEO4J_* instead of a scratch server")
    parser.add_argument("--wipe", action="store_true", help="allow emptying the NEO4J_* database")
    parser.add_argument("--json", action="store_true", help="print the results as JSON too")
    parser.add_argument(
        "--warmup",
        type=int,
        default=1,
        help="untimed rounds of floor + import before the timed runs (a fresh server's JIT is cold)",
    )
    args = parser.parse_args()
    accounts = args.accounts or (10_000 if args.world == "demo" else 2_000)

    results: list[dict] = []
    with (
        bench_server("relgraph-bench-ingest-", args.use_env, args.wipe, args.heap, args.pagecache) as server,
        tempfile.TemporaryDirectory(prefix="relgraph-bench-files-") as tmp,
        Store.connect(server.settings) as store,
    ):
        env, server_cpu = server.env, ServerCpu(server.pid)
        folder = Path(tmp)
        err.print(f"writing the {args.world} world ({accounts:,} accounts) ...")
        if args.world == "demo":
            people, rows_file = write_demo(folder, accounts, args.seed, args.interactions)
        else:
            people = [folder / n for n in ("accounts.csv", "staff.csv", "contacts.csv", "coverage.csv")]
            write_people(folder, accounts, args.contacts_per_account, args.staff, args.seed)
            rows_file = folder / "bench-interactions.jsonl"
            write_interactions(
                rows_file, args.interactions, accounts, args.contacts_per_account, args.staff, args.seed
            )
        n = count_lines(rows_file)
        migrate(store)
        wipe(store)
        err.print("importing the people ...")
        seconds, _, _, summary = run_import(people, env, "--refresh", "off")
        err.print(
            "  " + ", ".join(f"{r['kind']} {r['rows']:,}" for r in summary) + f" in {seconds:.0f} s"
        )

        def record(
            name: str, seconds: float, server: float | None, client: float, rss: int | None
        ) -> None:
            results.append(
                {
                    "run": name,
                    "interactions": n,
                    "seconds": seconds,
                    "server_cpu": server,
                    "client_cpu": client,
                    "rss": rss,
                    "load": _load(),
                }
            )
            err.print(f"  {name}: {seconds:.1f} s, {n / seconds:,.0f}/s (load {_load()})")

        def floor(name: str) -> None:
            clear_interactions(store)
            before = server_cpu()
            seconds, client = run_floor(store, rows_file, args.batch_size)
            after = server_cpu()
            record(name, seconds, None if before is None else after - before, client, None)  # type: ignore[operator]

        def imported(name: str, *extra: str, expect: str, clear: bool = True) -> None:
            if clear:
                clear_interactions(store)
            before = server_cpu()
            seconds, rss, client, summary = run_import(
                [rows_file], env, "--batch-size", str(args.batch_size), *extra
            )
            after = server_cpu()
            got = summary[0]
            assert got[expect] == n, got
            record(name, seconds, None if before is None else after - before, client, rss)  # type: ignore[operator]
            if got.get("refresh_seconds"):
                err.print(f"    of which metrics refresh {got['refresh_seconds']:.1f} s")
                results[-1]["refresh_seconds"] = got["refresh_seconds"]

        for round_ in range(args.warmup):
            # A fresh JVM compiles its hot paths during the first runs: whichever run came first paid
            # for it (Neo4j CPU per row 0.11 s/1k on the first floor, 0.07 on the second).
            err.print(f"warm-up {round_ + 1}/{args.warmup} (untimed): the floor and the import once each ...")
            clear_interactions(store)
            run_floor(store, rows_file, args.batch_size)
            clear_interactions(store)
            run_import([rows_file], env, "--batch-size", str(args.batch_size), "--refresh", "off")
        err.print(f"{n:,} interactions, batch {args.batch_size:,} ...")
        floor("floor: UNWIND MERGE, no validation")
        imported("relgraph import --refresh off (new rows)", "--refresh", "off", expect="inserted")
        imported(
            "relgraph import --refresh off (replay: all duplicate)",
            "--refresh",
            "off",
            expect="duplicate",
            clear=False,
        )
        imported("relgraph import (default --refresh end)", expect="inserted")
        floor("floor again")

    floors = [r["interactions"] / r["seconds"] for r in results if r["run"].startswith("floor")]
    floor_rate = sum(floors) / len(floors)
    table = Table(
        "run",
        "interactions",
        "seconds",
        "interactions/s",
        "vs floor",
        "Neo4j CPU s/1k",
        "client CPU s/1k",
        "peak RSS",
        "load",
        title=f"ingestion: {n:,} interactions of the {args.world} world ({accounts:,} accounts), "
        f"batch {args.batch_size:,}; floor = mean of the two floor runs ({floor_rate:,.0f}/s)",
    )
    out = []
    for r in results:
        rate = r["interactions"] / r["seconds"]
        per_k = 1000 / r["interactions"]
        table.add_row(
            r["run"],
            f"{r['interactions']:,}",
            f"{r['seconds']:.1f}",
            f"{rate:,.0f}",
            f"{rate / floor_rate:.2f}",
            f"{r['server_cpu'] * per_k:.3f}" if r["server_cpu"] is not None else "",
            f"{r['client_cpu'] * per_k:.3f}",
            f"{r['rss'] / 2**20:.0f} MiB" if r["rss"] else "",
            r["load"],
        )
        out.append(
            {
                "run": r["run"],
                "interactions": r["interactions"],
                "seconds": round(r["seconds"], 2),
                "rate": round(rate),
                "vs_floor": round(rate / floor_rate, 3),
                "server_cpu_s_per_1k": round(r["server_cpu"] * per_k, 4)
                if r["server_cpu"] is not None
                else None,
                "client_cpu_s_per_1k": round(r["client_cpu"] * per_k, 4),
                "peak_rss_mib": round(r["rss"] / 2**20) if r["rss"] else None,
                "refresh_seconds": r.get("refresh_seconds"),
                "load": r["load"],
            }
        )
    Console(width=200).print(table)
    err.print(
        "targets: >= 10,000 interactions/s and >= 0.70 of the floor (new rows); the import's seconds "
        "include process start-up and file checks"
    )
    if args.json:
        print(json.dumps(out, indent=2))


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass(frozen=True)
class BenchServer:
    """The Neo4j a benchmark writes to, and the environment of the `relgraph` commands it runs."""

    settings: Settings
    pid: int | None  # the scratch server's process (None with --use-env: its CPU is not measured)
    env: dict[str, str]


@contextmanager
def bench_server(
    prefix: str, use_env: bool, wipe_ok: bool, heap: str, pagecache: str
) -> Iterator[BenchServer]:
    """A scratch Neo4j in a temporary folder named `prefix...`, stopped and removed at the end (a run
    leaves 0.5-5 GB of store behind otherwise); or, with `use_env`, NEO4J_URI's server, which the
    benchmark empties (refused unless `wipe_ok`)."""
    from graph import neo4j_server

    scratch: Path | None = None
    pid: int | None = None
    if use_env:
        if not wipe_ok:
            raise SystemExit("--use-env empties the database at NEO4J_URI; add --wipe to confirm")
        settings = Settings()
    else:
        scratch = Path(tempfile.mkdtemp(prefix=prefix))
        err.print(f"starting a scratch Neo4j in {scratch} ...")
        connection = neo4j_server.start(
            scratch / "neo4j", bolt_port=_free_port(), http_port=_free_port(), heap=heap, pagecache=pagecache,
            tie_to_parent=True,
        )
        settings = Settings(**connection.as_settings())
        pid = neo4j_server.status(scratch / "neo4j").pid
    env = {
        **os.environ,
        "NEO4J_URI": settings.neo4j_uri,
        "NEO4J_USER": settings.neo4j_user,
        "NEO4J_PASSWORD": settings.neo4j_password,
        "NEO4J_DATABASE": settings.neo4j_database,
    }
    env.pop("RELGRAPH_NEO4J_HOME", None)  # a local home would take precedence over NEO4J_URI
    try:
        yield BenchServer(settings, pid, env)
    finally:
        if scratch is not None:
            neo4j_server.stop(scratch / "neo4j")
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
