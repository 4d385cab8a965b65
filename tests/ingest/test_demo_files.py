"""The demo generator's files import cleanly with `relgraph import`, and a second import changes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.store import Store
from tests.ingest.conftest import dump

demo = pytest.importorskip("graph.demo")


def test_demo_files_import_without_rejects_and_idempotently(
    clean_store: Store, run_import, tmp_path: Path
) -> None:
    folder = tmp_path / "demo"
    demo.write_world(demo.generate_world(8, 11), folder)
    files = [p for p in sorted(folder.iterdir()) if p.suffix in (".csv", ".jsonl")]
    first = run_import(*map(str, files), "--json", "--refresh", "off")
    assert first.exit_code == 0, first.stderr
    summary = json.loads(first.stdout)
    assert sum(r["rejected"] for r in summary) == 0
    assert sum(r["inserted"] for r in summary if r["kind"] == "interactions") > 100
    once = dump(clean_store)

    second = run_import(*map(str, files), "--json", "--refresh", "off")
    assert second.exit_code == 0, second.stderr
    # Only duplicates, contacts included: a contact who moved is in contacts.csv (old employer, old
    # email) and contacts_moves.csv (new ones), and the replayed old row is history, not the present.
    for row in json.loads(second.stdout):
        assert row["duplicate"] == row["rows"], row
    assert dump(clean_store) == once
