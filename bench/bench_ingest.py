"""Benchmark ingestion: interactions per second through `relgraph import`, next to the floor.

The floor is the same rows sent as plain batched `UNWIND ... MERGE` through the driver with no
validation, no existence checks and no accounting (`queries/bench/bench_floor_interactions.cypher`).
Both write the same graph (interaction, account link, participants, KNOWS threads) on the same people.
The import runs as a subprocess (`relgraph import FILE --refresh off`), so its peak RSS is that
process's own (os.wait4); it is measured at two file sizes to show memory stays flat.

    .venv/bin/python bench/bench_ingest.py --interactions 200000

By default the benchmark starts a scratch Neo4j of its own in a temporary folder and stops it at the
end. With `--use-env` it uses NEO4J_URI/NEO4J_USER/NEO4J_PASSWORD instead and EMPTIES that database
(it refuses unless `--wipe` is given too). Targets: >= 10,000 interactions/s and >= 0.7 of the floor.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
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


def wipe(store: Store) -> None:
    while store.write("bench_delete_batch", limit=20_000)[0]["deleted"]:
        pass


def run_import(files: list[Path], env: dict[str, str], *extra: str) -> tuple[float, int, list[dict]]:
    """(seconds, peak RSS in bytes, JSON summary) of `relgraph import FILES --json` as a subprocess."""
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
    return seconds, usage.ru_maxrss * 1024, json.loads(out)


def run_floor(store: Store, path: Path, batch_size: int) -> float:
    """The same rows through the floor statement: parse JSON, name the properties, send; nothing else."""
    started = time.perf_counter()
    batch: list[dict] = []

    def send() -> None:
        store.write("bench_floor_interactions", rows=batch)
        batch.clear()

    with path.open() as f:
        for line in f:
            r = json.loads(line)
            at = datetime.fromisoformat(r["occurred_at"])
            batch.append(
                {
                    "source": r["source"],
                    "key": r["key"],
                    "accountKey": r["account_key"],
                    "occurredAt": at,
                    "contactKeys": r["contact_keys"],
                    "staffKeys": r["staff_keys"],
                    "props": {
                        "source": r["source"],
                        "key": r["key"],
                        "channel": r["channel"],
                        "occurredAt": at,
                        "direction": r["direction"],
                        "durationMinutes": r.get("duration_minutes"),
                        "sentiment": r.get("sentiment"),
                        "subject": r.get("subject"),
                    },
                }
            )
            if len(batch) >= batch_size:
                send()
    if batch:
        send()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--interactions", type=int, default=200_000)
    parser.add_argument("--accounts", type=int, default=2_000)
    parser.add_argument("--contacts-per-account", type=int, default=6)
    parser.add_argument("--staff", type=int, default=200)
    parser.add_argument("--batch-size", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--use-env", action="store_true", help="use NEO4J_* instead of a scratch server")
    parser.add_argument("--wipe", action="store_true", help="allow emptying the NEO4J_* database")
    parser.add_argument("--json", action="store_true", help="print the results as JSON too")
    args = parser.parse_args()

    scratch: Path | None = None
    if args.use_env:
        if not args.wipe:
            raise SystemExit("--use-env empties the database at NEO4J_URI; add --wipe to confirm")
        settings = Settings()
    else:
        from graph import neo4j_server

        scratch = Path(tempfile.mkdtemp(prefix="relgraph-bench-ingest-"))
        err.print(f"starting a scratch Neo4j in {scratch} ...")
        connection = neo4j_server.start(
            scratch / "neo4j",
            bolt_port=_free_port(),
            http_port=_free_port(),
            heap="2g",
            pagecache="1g",
            tie_to_parent=True,
        )
        settings = Settings(**connection.as_settings())
    env = {
        **os.environ,
        "NEO4J_URI": settings.neo4j_uri,
        "NEO4J_USER": settings.neo4j_user,
        "NEO4J_PASSWORD": settings.neo4j_password,
        "NEO4J_DATABASE": settings.neo4j_database,
    }
    env.pop("RELGRAPH_NEO4J_HOME", None)

    try:
        with (
            tempfile.TemporaryDirectory(prefix="relgraph-bench-files-") as tmp,
            Store.connect(settings) as store,
        ):
            folder = Path(tmp)
            people = [folder / n for n in ("accounts.csv", "staff.csv", "contacts.csv", "coverage.csv")]
            write_people(folder, args.accounts, args.contacts_per_account, args.staff, args.seed)
            small, large = folder / "small-interactions.jsonl", folder / "interactions.jsonl"
            n_small = max(1, args.interactions // 4)
            err.print(f"writing {args.interactions:,} + {n_small:,} interactions ...")
            write_interactions(
                large, args.interactions, args.accounts, args.contacts_per_account, args.staff, args.seed
            )
            write_interactions(
                small, n_small, args.accounts, args.contacts_per_account, args.staff, args.seed
            )
            migrate(store)
            results = []

            def fresh() -> None:
                wipe(store)
                run_import(people, env, "--refresh", "off")

            err.print("floor ...")
            fresh()
            floor_s = run_floor(store, large, args.batch_size)
            floor_rate = args.interactions / floor_s
            results.append(("floor: UNWIND MERGE, no validation", args.interactions, floor_s, None, None))
            err.print(f"  floor: {floor_s:.1f} s, {floor_rate:,.0f}/s")

            err.print("import ...")
            fresh()
            s, rss, summary = run_import(
                [large], env, "--refresh", "off", "--batch-size", str(args.batch_size)
            )
            assert summary[0]["inserted"] == args.interactions, summary
            results.append(("relgraph import (new rows)", args.interactions, s, rss, summary[0]))
            err.print(f"  import: {s:.1f} s, {args.interactions / s:,.0f}/s, peak RSS {rss / 2**20:.0f} MiB")
            err.print("replay ...")
            s, rss, summary = run_import(
                [large], env, "--refresh", "off", "--batch-size", str(args.batch_size)
            )
            assert summary[0]["duplicate"] == args.interactions, summary
            results.append(("relgraph import (replay: all duplicate)", args.interactions, s, rss, summary[0]))

            err.print("import of a file a quarter the size (memory) ...")
            fresh()
            s, rss, summary = run_import(
                [small], env, "--refresh", "off", "--batch-size", str(args.batch_size)
            )
            results.append(("relgraph import (1/4 file)", n_small, s, rss, summary[0]))
    finally:
        if scratch is not None:
            from graph import neo4j_server

            neo4j_server.stop(scratch / "neo4j")

    table = Table(
        "run",
        "interactions",
        "seconds",
        "interactions/s",
        "vs floor",
        "peak RSS",
        title=f"ingestion: {args.interactions:,} interactions, {args.accounts:,} accounts, "
        f"batch {args.batch_size:,}",
    )
    out = []
    for name, rows, seconds, rss, _ in results:
        rate = rows / seconds
        table.add_row(
            name,
            f"{rows:,}",
            f"{seconds:.1f}",
            f"{rate:,.0f}",
            f"{rate / floor_rate:.2f}",
            f"{rss / 2**20:.0f} MiB" if rss else "",
        )
        out.append(
            {
                "run": name,
                "interactions": rows,
                "seconds": round(seconds, 2),
                "rate": round(rate),
                "vs_floor": round(rate / floor_rate, 3),
                "peak_rss_mib": round(rss / 2**20) if rss else None,
            }
        )
    Console(width=140).print(table)
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


if __name__ == "__main__":
    main()
