"""Write the demo world as the files `relgraph import` reads: CSV per kind, interactions as JSON lines."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Any

from graph.demo.world import KINDS, DemoWorld

__all__ = ["FILE_NAMES", "read_rows", "write_world"]

# File per kind, in the order they import.
FILE_NAMES: dict[str, str] = {
    "accounts": "accounts.csv",
    "staff": "staff.csv",
    "contacts": "contacts.csv",
    "coverage": "coverage.csv",
    "interactions": "interactions.jsonl",
    "contact_moves": "contacts_moves.csv",
}

_COLUMNS: dict[str, tuple[str, ...]] = {
    "accounts": (
        "key",
        "name",
        "domain",
        "industry",
        "segment",
        "tier",
        "lifecycle_stage",
        "annual_revenue",
        "gross_margin_rate",
        "churned_at",
    ),
    "staff": ("key", "name", "email", "function", "title", "cost_per_hour", "active"),
    "contacts": (
        "key",
        "name",
        "email",
        "title",
        "role",
        "seniority",
        "department",
        "account_key",
        "since",
        "until",
        "reports_to_key",
    ),
    "coverage": ("staff_key", "account_key", "role", "since", "until"),
}
_COLUMNS["contact_moves"] = _COLUMNS["contacts"]

Progress = Callable[[str, int], None]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _write_csv(path: Path, columns: tuple[str, ...], rows: Iterable[dict], tick: Callable[[], None]) -> int:
    n = 0
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(row.get(c)) for c in columns])
            n += 1
            if n % 1000 == 0:
                tick()
    return n


def write_world(world: DemoWorld, directory: Path, *, progress: Progress | None = None) -> dict[str, int]:
    """Write every kind of `world` under `directory` (created if needed); returns rows written per kind.

    Besides the data files, `stories.json` records the stories (account keys by story, champion moves),
    the seed, size and anchor, so that a world imported from files can be checked like a loaded one.
    """
    directory.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    for kind in KINDS:
        path = directory / FILE_NAMES[kind]
        done = 0

        def tick(kind: str = kind) -> None:
            nonlocal done
            done += 1000
            if progress is not None:
                progress(kind, 1000)

        if kind == "interactions":
            n = 0
            with path.open("w", encoding="utf-8") as f:
                for row in world.interactions:
                    f.write(json.dumps(row, default=_json_default, separators=(",", ":")))
                    f.write("\n")
                    n += 1
                    if n % 1000 == 0:
                        tick()
        else:
            n = _write_csv(path, _COLUMNS[kind], world.rows(kind), tick)
        if progress is not None:
            progress(kind, n - (n // 1000) * 1000)
        counts[kind] = n
    meta = {
        "accounts": world.accounts_count,
        "seed": world.seed,
        "anchor": world.anchor.isoformat(),
        "counts": counts,
        "stories": world.stories,
        "champion_moves": [asdict(m) for m in world.champion_moves],
        "load_order": [FILE_NAMES[k] for k in KINDS],
    }
    (directory / "stories.json").write_text(json.dumps(meta, default=_json_default, indent=2) + "\n")
    return counts


def read_rows(path: Path) -> Iterable[dict]:
    """Rows of a file written by `write_world` as plain dicts of strings (CSV) or JSON values (JSON lines).

    Blank CSV cells come back as None; validation (`graph.records`) turns the strings into values.
    """
    if path.suffix == ".jsonl":
        with path.open(encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    yield json.loads(line)
        return
    with path.open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            yield {k: (v if v != "" else None) for k, v in row.items()}
