"""A small hand-made world as import files, and a `relgraph import` runner bound to the test server."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from graph.settings import Settings
from graph.store import Store

ACCOUNTS = [
    {
        "key": f"a{n}",
        "name": f"Account {n}",
        "domain": f"a{n}.test",
        "industry": "software",
        "segment": "enterprise",
        "tier": "key",
        "lifecycle_stage": "active",
        "annual_revenue": 1_000_000 * n,
        "gross_margin_rate": 0.4,
        "churned_at": "",
    }
    for n in range(1, 5)
]
STAFF = [
    {
        "key": "s1",
        "name": "Sam Seller",
        "email": "sam@us.test",
        "function": "sales",
        "title": "AE",
        "cost_per_hour": 120,
        "active": "true",
    },
    {
        "key": "s2",
        "name": "Sue Success",
        "email": "",
        "function": "success",
        "title": "",
        "cost_per_hour": 90,
        "active": "true",
    },
    {
        "key": "s3",
        "name": "Ed Exec",
        "email": "",
        "function": "executive",
        "title": "CRO",
        "cost_per_hour": 300,
        "active": "false",
    },
]
CONTACTS = [
    {
        "key": f"c{n}",
        "name": f"Contact {n}",
        "email": f"c{n}@them.test",
        "title": "VP Ops",
        "role": "champion" if n % 4 == 1 else "unknown",
        "seniority": "vp",
        "department": "",
        "account_key": f"a{(n - 1) // 2 + 1}",
        "since": "2024-01-01",
        "until": "",
        "reports_to_key": "" if n % 2 else f"c{n - 1}",
    }
    for n in range(1, 9)
]
COVERAGE = [
    {"staff_key": "s1", "account_key": f"a{n}", "role": "owner", "since": "2025-01-01", "until": ""}
    for n in range(1, 5)
] + [{"staff_key": "s2", "account_key": "a1", "role": "csm", "since": "", "until": ""}]


def interactions(count: int = 30) -> list[dict[str, Any]]:
    rows = []
    for n in range(count):
        account = n % 4 + 1
        contacts = [f"c{2 * account - 1}"] + ([f"c{2 * account}"] if n % 3 == 0 else [])
        rows.append(
            {
                "key": f"i{n}",
                "source": "crm" if n % 5 else "support",
                "channel": ["email", "meeting", "call", "support_ticket"][n % 4],
                "occurred_at": f"2026-0{1 + n % 9}-{10 + n % 15}T1{n % 10}:00:00Z",
                "direction": ["inbound", "outbound", "mutual"][n % 3],
                "duration_minutes": 30 if n % 4 == 1 else "",
                "cost": "",
                "sentiment": 0.5 if n % 2 else "",
                "subject": f"thread {n}",
                "account_key": f"a{account}",
                "contact_keys": ";".join(contacts),
                "staff_keys": "s1|s2" if n % 2 else "s1",
            }
        )
    return rows


def write_csv(path: Path, rows: list[dict[str, Any]], header: list[str] | None = None) -> Path:
    header = header or list(rows[0])
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, header)
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    with path.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps({k: v for k, v in row.items() if v != ""}) + "\n")
    return path


@pytest.fixture
def world_files(tmp_path: Path) -> list[Path]:
    """The small world as files: CSV for people and accounts, JSON Lines for interactions."""
    folder = tmp_path / "world"
    folder.mkdir()
    return [
        write_csv(folder / "contacts.csv", CONTACTS),  # out of order on purpose: import sorts by kind
        write_csv(folder / "accounts.csv", ACCOUNTS),
        write_csv(folder / "staff.csv", STAFF),
        write_csv(folder / "coverage.csv", COVERAGE),
        write_jsonl(folder / "2026-interactions.jsonl", interactions()),
    ]


@pytest.fixture
def run_import(settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Callable[..., Any]:
    """`run_import(*args)` runs `relgraph import ARGS` against the test server; returns the click result."""
    from graph.cli import context

    monkeypatch.setattr(context, "resolve_settings", lambda: settings)
    monkeypatch.chdir(tmp_path)
    from graph.cli.main import app

    runner = CliRunner()

    def run(*args: str) -> Any:
        return runner.invoke(app, ["import", *args], catch_exceptions=False)

    return run


def dump(store: Store) -> dict[str, Any]:
    """The whole graph as sorted plain values, for comparisons."""
    row = store.read("ingest_graph_dump")[0]
    nodes = sorted((sorted(n["labels"]), sorted(n["props"].items())) for n in row["nodes"])
    rels = sorted((r["from"], r["type"], r["to"], sorted(r["props"].items())) for r in row["rels"])
    return {"nodes": nodes, "rels": rels}
