"""Benchmark the analysts' explorations: time, db hits, and label scans where an index should serve.

Loads nothing: it runs against the database currently configured (NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD,
or `--home` / RELGRAPH_NEO4J_HOME of a local server), e.g. on the 10,000-account benchmark world:

    eval "$(bash bench/setup_world.sh)"
    .venv/bin/python bench/bench_explore.py --runs 3

For every exploration of `queries/explore/` with its header's example parameters it runs EXPLAIN (the
plan), PROFILE (db hits, rows) and then the statement itself `--runs` times (median wall time, warm).
A `NodeByLabelScan` (or `AllNodesScan`) is flagged when the plan filters that variable on a property
the schema indexes for that label (queries/schema/schema_indexes.cypher and the key constraints): an
index seek was expected there. Label scans with no indexed filter are listed but not flagged (a
portfolio-wide question reads every account by design).

The only Cypher text composed here is `EXPLAIN`/`PROFILE` put before an exploration's own text.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import neo4j
from rich.console import Console
from rich.table import Table

from graph.cli.context import resolve_settings, set_home
from graph.explore import explorations, short_name
from graph.store import Store
from queries import Query, load

_INDEX = re.compile(
    r"FOR\s*\(\s*\w+\s*:\s*(\w+)\s*\)\s*(?:ON|REQUIRE)\s*\(?([^)]*?)\)?\s*(?:IS UNIQUE)?\s*$", re.I
)
_PROP = re.compile(r"\w+\.(\w+)")
_SCANS = ("NodeByLabelScan", "AllNodesScan")


@dataclass
class Measure:
    """One exploration's numbers."""

    name: str
    rows: int = 0
    median_ms: float = 0.0
    profile_ms: float = 0.0
    db_hits: int = 0
    scans: list[str] = field(default_factory=list)
    flagged: list[str] = field(default_factory=list)
    seeks: list[str] = field(default_factory=list)
    error: str | None = None


def indexed_properties() -> dict[str, set[str]]:
    """Label -> properties that a range/unique index serves, read from the schema files."""
    out: dict[str, set[str]] = {}
    for name in ("schema_indexes", "schema_constraints"):
        for statement in load(name).statements:
            if "FULLTEXT" in statement.upper() or "()-[" in statement:
                continue
            m = _INDEX.search(statement.replace("\n", " "))
            if not m:
                continue
            props = _PROP.findall(m.group(2))
            if props:
                # A composite index serves a filter on its first property.
                out.setdefault(m.group(1), set()).add(props[0])
    return out


def _walk(plan: dict) -> list[dict]:
    """The operators of a plan (the driver gives plans as nested dicts), root first."""
    nodes = [plan]
    for child in plan.get("children") or []:
        nodes.extend(_walk(child))
    return nodes


def _op(plan: dict) -> str:
    return str(plan.get("operatorType", "")).split("@")[0]


def _details(plan: dict) -> str:
    return str((plan.get("args") or {}).get("Details", ""))


def analyse_plan(plan: dict, indexed: dict[str, set[str]]) -> tuple[list[str], list[str], list[str]]:
    """(label scans, flagged scans, index seeks) of a plan."""
    ops = _walk(plan)
    filters = " ".join(_details(p) for p in ops if _op(p) in ("Filter", "CacheProperties"))
    scans, flagged, seeks = [], [], []
    for p in ops:
        op, details = _op(p), _details(p)
        if op in _SCANS:
            m = re.match(r"(\w+)(?::(\w+))?", details.strip())
            var, label = (m.group(1), m.group(2)) if m else ("?", None)
            scans.append(f"{op} {details}")
            wanted = [
                prop for prop in indexed.get(label or "", ()) if re.search(rf"\b{var}\.{prop}\b", filters)
            ]
            if wanted:
                flagged.append(f"{details} filtered on indexed {', '.join(sorted(wanted))}")
        elif "Index" in op or "UniqueIndex" in op:
            seeks.append(f"{op} {details}"[:80])
    return scans, flagged, seeks


def _hits(plan: dict) -> int:
    return sum(int(p.get("dbHits", 0) or 0) for p in _walk(plan))


def measure(store: Store, query: Query, runs: int, indexed: dict[str, set[str]]) -> Measure:
    m = Measure(short_name(query))
    params = dict(query.examples)
    try:
        with store.driver.session(database=store.database, default_access_mode=neo4j.READ_ACCESS) as session:
            plan = session.run("EXPLAIN " + query.text, params).consume().plan or {}
            m.scans, m.flagged, m.seeks = analyse_plan(plan, indexed)
            began = time.perf_counter()
            result = session.run("PROFILE " + query.text, params)
            m.rows = len(list(result))
            profile = result.consume().profile or {}
            m.profile_ms = (time.perf_counter() - began) * 1000
            m.db_hits = _hits(profile)
        times = []
        for _ in range(runs):
            began = time.perf_counter()
            store.read(query.name, **params)
            times.append((time.perf_counter() - began) * 1000)
        m.median_ms = statistics.median(times) if times else m.profile_ms
    except neo4j.exceptions.Neo4jError as exc:
        m.error = f"{exc.code}: {exc.message}"
    return m


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="timed runs per exploration (after PROFILE)")
    parser.add_argument("--only", nargs="*", help="names of explorations to run")
    parser.add_argument("--home", type=Path, help="home of a local server started by `relgraph neo4j start`")
    parser.add_argument("--json", action="store_true", help="print the measures as JSON too")
    args = parser.parse_args()
    set_home(args.home)
    console = Console()
    indexed = indexed_properties()
    measures: list[Measure] = []
    with Store.connect(resolve_settings()) as store:
        counts = store.read("admin_count_nodes")
        console.print(f"database: {store.database}, domain nodes: {counts[0]['nodes']:,}", style="dim")
        for q in explorations():
            if args.only and short_name(q) not in args.only:
                continue
            measures.append(measure(store, q, args.runs, indexed))
            console.print(f"  {measures[-1].name}: {measures[-1].median_ms:.0f} ms", style="dim")

    table = Table(title="explorations: EXPLAIN + PROFILE")
    for col, justify in (
        ("exploration", "left"),
        ("rows", "right"),
        ("median ms", "right"),
        ("profile ms", "right"),
        ("db hits", "right"),
        ("index seeks/scans", "left"),
        ("label scans", "left"),
        ("flag", "left"),
    ):
        table.add_column(col, justify=justify)  # type: ignore[arg-type]
    for m in measures:
        table.add_row(
            m.name,
            str(m.rows),
            f"{m.median_ms:,.0f}",
            f"{m.profile_ms:,.0f}",
            f"{m.db_hits:,}",
            "\n".join(m.seeks) or "-",
            "\n".join(m.scans) or "-",
            m.error or ("[red]" + "; ".join(m.flagged) + "[/red]" if m.flagged else "ok"),
        )
    console.print(table)
    ok = [m for m in measures if not m.error]
    if ok:
        slowest = max(ok, key=lambda m: m.median_ms)
        console.print(
            f"slowest: {slowest.name} ({slowest.median_ms:,.0f} ms median, {slowest.db_hits:,} db hits)"
        )
        console.print(
            f"total median time: {sum(m.median_ms for m in ok):,.0f} ms over {len(ok)} explorations"
        )
    flagged = [m for m in measures if m.flagged]
    console.print(
        f"label scans where an index was expected: {len(flagged)}"
        + (f" ({', '.join(m.name for m in flagged)})" if flagged else "")
    )
    if args.json:
        print(json.dumps([asdict(m) for m in measures], indent=2))
    return 1 if flagged or any(m.error for m in measures) else 0


if __name__ == "__main__":
    sys.exit(main())
