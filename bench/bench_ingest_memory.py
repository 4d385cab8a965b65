"""Benchmark ingestion memory: peak RSS of `relgraph import` on a file ten times the demo world's size.

The demo world holds about 1.11 million interactions; this writes a JSON Lines file of `--rows`
interactions (11,000,000 by default: ~3.3 GB) on a synthetic portfolio (bench/bench_ingest.py's
generator: 2,000 accounts, 12,000 contacts, 200 staff), imports the people, then runs
`relgraph import FILE --refresh off` as a subprocess and samples, every `--every` seconds, the
process's resident memory (VmRSS, and VmHWM, the peak) against the interactions committed so far
(read from Neo4j's count store). Memory is flat when RSS stops growing with the rows: the script
prints the slope in bytes per row over the second half of the samples.

At a few thousand rows per second an 11-million-row import takes about an hour on the shared
two-core machine, so `--seconds` stops it early (SIGINT) and the report says how far it got; the
file check (the whole file is decoded once before any write) is part of the run either way.

    .venv/bin/python bench/bench_ingest_memory.py --rows 11000000 --seconds 600

By default it starts a scratch Neo4j of its own; with `--use-env --wipe` it EMPTIES NEO4J_URI's.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_ingest import RELGRAPH, bench_server, run_import, wipe, write_interactions, write_people
from rich.console import Console
from rich.table import Table

from graph.migrate import migrate
from graph.store import Store

err = Console(stderr=True)


def _status(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM of a process, in bytes (empty once it has ended)."""
    out: dict[str, int] = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            name, _, value = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                out[name] = int(value.split()[0]) * 1024
    except OSError:
        pass
    return out


def _slope(points: list[tuple[int, int]]) -> float:
    """Least-squares slope of RSS (bytes) over rows."""
    if len(points) < 2:
        return 0.0
    n = len(points)
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    sxx = sum((x - mx) ** 2 for x, _ in points)
    return sum((x - mx) * (y - my) for x, y in points) / sxx if sxx else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=11_000_000)
    parser.add_argument("--seconds", type=float, default=600, help="stop the import after this long")
    parser.add_argument("--every", type=float, default=5, help="seconds between samples")
    parser.add_argument("--batch-size", type=int, default=2_000)
    parser.add_argument("--file", type=Path, help="reuse this interactions file (else one is written)")
    parser.add_argument("--use-env", action="store_true")
    parser.add_argument("--wipe", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    samples: list[dict[str, float]] = []
    with (
        bench_server("relgraph-bench-memory-", args.use_env, args.wipe, "2g", "2g") as server,
        tempfile.TemporaryDirectory(prefix="relgraph-bench-memory-files-") as tmp,
        Store.connect(server.settings) as store,
    ):
        env = server.env
        folder = Path(tmp)
        write_people(folder, 2000, 6, 200, 7)
        people = [folder / n for n in ("accounts.csv", "staff.csv", "contacts.csv", "coverage.csv")]
        big = args.file
        if big is None:
            big = folder / "big-interactions.jsonl"
            err.print(f"writing {args.rows:,} interactions to {big} ...")
            started = time.perf_counter()
            write_interactions(big, args.rows, 2000, 6, 200, 7)
            err.print(f"  {big.stat().st_size / 2**30:.2f} GiB in {time.perf_counter() - started:.0f} s")
        migrate(store)
        wipe(store)
        run_import(people, env, "--refresh", "off")

        err.print(f"importing for up to {args.seconds:.0f} s ...")
        started = time.perf_counter()
        proc = subprocess.Popen(
            [str(RELGRAPH), "import", str(big), "--refresh", "off", "--batch-size", str(args.batch_size)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            cwd=folder,
            # A job started in the background ignores SIGINT, and its children inherit that:
            # give the import its default handler so that --seconds can stop it like Ctrl-C.
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
        stopped = False
        while proc.poll() is None:
            time.sleep(args.every)
            status = _status(proc.pid)
            if not status:
                break
            rows = store.read("bench_count_interactions")[0]["interactions"]
            elapsed = time.perf_counter() - started
            samples.append(
                {"seconds": elapsed, "rows": rows, "rss": status["VmRSS"], "peak": status["VmHWM"]}
            )
            err.print(
                f"  {elapsed:6.0f} s {rows:>11,} rows  RSS {status['VmRSS'] / 2**20:6.1f} MiB  "
                f"peak {status['VmHWM'] / 2**20:6.1f} MiB  load {os.getloadavg()[0]:.2f}"
            )
            if elapsed >= args.seconds and not stopped and proc.poll() is None:
                proc.send_signal(signal.SIGINT)
                stopped = True
        proc.wait()

    if not samples:
        raise SystemExit("no samples: the import ended before the first one")
    writing = [s for s in samples if s["rows"] > 0]
    half = writing[len(writing) // 2 :]
    slope = _slope([(int(s["rows"]), int(s["rss"])) for s in half])
    peak = max(s["peak"] for s in samples)
    table = Table("seconds", "rows committed", "RSS", "peak RSS", title="relgraph import memory")
    step = max(1, len(samples) // 12)
    for s in [*samples[::step], samples[-1]] if samples[-1] is not samples[::step][-1] else samples[::step]:
        table.add_row(
            f"{s['seconds']:.0f}",
            f"{int(s['rows']):,}",
            f"{s['rss'] / 2**20:.1f} MiB",
            f"{s['peak'] / 2**20:.1f} MiB",
        )
    Console(width=120).print(table)
    done = int(samples[-1]["rows"])
    err.print(
        f"file: {args.rows:,} rows; {'stopped after' if stopped else 'finished in'} "
        f"{samples[-1]['seconds']:.0f} s with {done:,} rows committed; peak RSS {peak / 2**20:.1f} MiB; "
        f"RSS slope over the second half of the samples: {slope:.2f} bytes/row"
    )
    if args.json:
        print(
            json.dumps(
                {
                    "file_rows": args.rows,
                    "rows_committed": done,
                    "stopped": stopped,
                    "peak_rss_mib": round(peak / 2**20, 1),
                    "slope_bytes_per_row": round(slope, 2),
                    "samples": samples,
                },
                indent=2,
            )
        )


if __name__ == "__main__":
    main()
