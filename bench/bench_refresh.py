"""Benchmark the metrics refresh: full refresh throughput, and lag from ingest commit to readable metrics.

Run against the benchmark world (see bench/setup_world.sh), e.g.

    eval "$(bash bench/setup_world.sh)"
    .venv/bin/python bench/bench_refresh.py --accounts 10000

An empty database is first filled with the demo world of `--accounts` accounts. Results print as a table
(and as JSON with `--json`). Targets: full refresh of 10,000 accounts under 2 minutes; p99 lag under 1 s.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rich.console import Console
from rich.table import Table

from graph.cli.context import resolve_settings
from graph.refresh import refresh_all
from graph.snapshot import instant, snapshot_params
from graph.store import Store


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def _targets(store: Store, keys: list[str], n: int, seed: int) -> list[tuple[str, str, str]]:
    """(account, contact, staff) triples of accounts that have a current contact and a staff member."""
    rng = random.Random(seed)
    sample = rng.sample(keys, min(len(keys), max(n * 3, 50)))
    params = resolve_settings().metrics
    rows = store.read("account_snapshots", **snapshot_params(sample, datetime.now(UTC), params))
    out = []
    for r in rows:
        contacts = [c["key"] for c in r["contacts"] if c.get("until") is None]
        staff = [s["key"] for s in (r["staff"] or r["coverage"])]
        if contacts and staff:
            out.append((r["account"]["key"], rng.choice(contacts), rng.choice(staff)))
    rng.shuffle(out)
    return (out * (n // max(len(out), 1) + 1))[:n]


def bench_lag(store: Store, keys: list[str], n: int, seed: int, warmup: int = 3) -> dict[str, float]:
    """Ingest `n` single interactions one by one; time each until the account's new metrics are readable.

    The first `warmup` are not counted: they pay Neo4j's one-time planning of the statements.
    """
    from graph.ingest import ingest

    lags: list[float] = []
    run = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    for i, (account, contact, staff) in enumerate(_targets(store, keys, n + warmup, seed)):
        before = datetime.now(UTC)
        row = {
            "key": f"bench-{run}-{i}",
            "source": "bench",
            "channel": "call",
            "direction": "inbound",
            "occurred_at": before.isoformat(),
            "duration_minutes": 15,
            "account_key": account,
            "contact_keys": [contact],
            "staff_keys": [staff],
        }
        started = time.perf_counter()
        ingest(store, "interactions", [row])
        while True:  # readable: the account's metrics are as of an instant after the interaction
            got = store.read("account_metrics_as_of", accountKeys=[account])
            as_of = instant(got[0]["metricsAsOf"]) if got else None
            if as_of is not None and as_of >= before:
                break
            if time.perf_counter() - started > 10:
                raise RuntimeError(f"metrics of {account} not refreshed 10 s after ingesting {row['key']}")
        if i >= warmup:
            lags.append(time.perf_counter() - started)
    return {
        "interactions": len(lags),
        "lag_median_s": statistics.median(lags),
        "lag_p99_s": _quantile(lags, 0.99),
        "lag_max_s": max(lags),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--accounts", type=int, default=10000, help="Demo world size when the database is empty."
    )
    parser.add_argument("--workers", type=int, default=2, help="Refresh batches in flight at once.")
    parser.add_argument("--batch-size", type=int, default=200, help="Accounts per refresh statement.")
    parser.add_argument(
        "--lag-samples", type=int, default=200, help="Single interactions for the lag benchmark."
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--skip-lag", action="store_true", help="Only the full refresh.")
    parser.add_argument("--skip-full", action="store_true", help="Only the lag.")
    parser.add_argument("--json", action="store_true", help="Also print the results as JSON.")
    args = parser.parse_args()
    err = Console(stderr=True)
    results: dict[str, object] = {}
    with Store.connect(resolve_settings()) as store:
        keys = [r["key"] for r in store.read("account_keys_all")]
        if not keys:
            from graph.demo import load_demo

            err.print(f"empty database: loading the demo world of {args.accounts} accounts ...")
            began = time.perf_counter()
            load_demo(store, accounts=args.accounts, seed=args.seed)
            results["demo_load_s"] = round(time.perf_counter() - began, 1)
            keys = [r["key"] for r in store.read("account_keys_all")]
        elif len(keys) != args.accounts:
            err.print(
                f"[yellow]the database holds {len(keys)} accounts (not {args.accounts}); measuring those"
            )
        results["accounts"] = len(keys)
        if not args.skip_full:
            err.print(f"full refresh of {len(keys)} accounts ...")
            statements = store.statements
            result = refresh_all(store, batch_size=args.batch_size, workers=args.workers)
            results.update(
                full_refresh_s=round(result.seconds, 2),
                accounts_per_s=round(result.accounts_per_second, 1),
                refresh_statements=store.statements - statements,
                workers=args.workers,
                batch_size=args.batch_size,
            )
        if not args.skip_lag:
            err.print(f"lag over {args.lag_samples} single interactions ...")
            results.update(
                {
                    k: round(v, 4) if isinstance(v, float) else v
                    for k, v in bench_lag(store, keys, args.lag_samples, args.seed).items()
                }
            )
    table = Table(title="bench_refresh")
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_column("target")
    targets = {"full_refresh_s": "< 120 s for 10,000 accounts", "lag_p99_s": "< 1 s"}
    for k, v in results.items():
        table.add_row(k, str(v), targets.get(k, ""))
    Console().print(table)
    if args.json:
        print(json.dumps(results))


if __name__ == "__main__":
    main()
