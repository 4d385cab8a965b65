"""`relgraph import` end to end on the real Neo4j: idempotency, bad rows, rejects that replay, exit codes."""

from __future__ import annotations

import csv
import json
import signal
import subprocess
import time
from pathlib import Path

import pytest

from graph.settings import Settings
from graph.store import Store
from tests.cli_process import relgraph_process
from tests.ingest.conftest import ACCOUNTS, CONTACTS, dump, interactions, write_csv, write_jsonl


def _summary(result) -> dict[str, dict]:  # type: ignore[no-untyped-def]
    return {Path(r["file"]).name: r for r in json.loads(result.stdout)}


def test_importing_twice_leaves_the_graph_as_importing_once(
    clean_store: Store, world_files, run_import
) -> None:
    first = run_import(*map(str, world_files), "--json", "--refresh", "batch")
    assert first.exit_code == 0, first.stderr
    once = dump(clean_store)
    summary = _summary(first)
    assert summary["accounts.csv"]["inserted"] == 4
    assert summary["contacts.csv"]["inserted"] == 8
    assert summary["2026-interactions.jsonl"]["inserted"] == 30
    assert sum(1 for n in once["nodes"] if n[0] == ["Interaction"]) == 30
    assert any(r[1] == "KNOWS" for r in once["rels"])

    second = run_import(*map(str, world_files), "--json", "--refresh", "batch")
    assert second.exit_code == 0, second.stderr
    for row in _summary(second).values():
        assert row["duplicate"] == row["rows"], row  # nothing inserted, updated or rejected
    assert dump(clean_store) == once


def test_bad_rows_are_reported_and_the_fixed_rejects_replay(
    clean_store: Store, world_files, run_import, tmp_path: Path
) -> None:
    people = [p for p in world_files if "interactions" not in p.name]
    assert run_import(*map(str, people)).exit_code == 0

    good = interactions(10)
    bad = [
        {**good[0], "key": "x-account", "account_key": "a404"},  # line 12: unknown account
        {**good[1], "key": "x-contact", "contact_keys": "c1;c404"},  # 13: unknown contact
        {**good[2], "key": "x-enum", "channel": "fax"},  # 14: bad enum
        {**good[3], "key": "x-date", "occurred_at": "31/12/2026"},  # 15: bad date
        {**good[4], "key": ""},  # 16: missing key
        {**good[5], "key": "x-type", "sentiment": "very happy"},  # 17: wrong type
        {**good[6]},  # 18: duplicate of line 8 (i6)
        {**good[7], "key": "x-staff", "staff_keys": "s404"},  # 19: unknown staff
    ]
    path = write_csv(tmp_path / "interactions.csv", good + bad)
    (tmp_path / "fix").mkdir()  # --rejects creates no folders (a typo would, silently)
    rejects = tmp_path / "fix" / "interactions.rejects.csv"
    result = run_import(str(path), "--rejects", str(rejects), "--json")
    assert result.exit_code == 3
    row = _summary(result)["interactions.csv"]
    assert (row["inserted"], row["rejected"], row["rows"]) == (10, 8, 18)

    expected = {
        12: "account_key: unknown account 'a404'",
        13: "contact_keys: unknown contact 'c404'",
        14: "channel:",
        15: "occurred_at:",
        16: "key:",
        17: "sentiment:",
        18: "key: duplicate of line 8",
        19: "staff_keys: unknown staff member 's404'",
    }
    for line, text in expected.items():
        assert f"interactions.csv:{line}: {text}" in result.stderr, (line, result.stderr)

    with rejects.open(newline="") as f:
        rows = list(csv.DictReader(f))
    assert sorted(int(r["_line"]) for r in rows) == sorted(expected)
    assert all(r["_error"] for r in rows)

    # Fix every row the way a person would, and replay the rejects file as it is.
    fixes = {
        "x-account": {"account_key": "a1"},
        "x-contact": {"contact_keys": "c1"},
        "x-enum": {"channel": "chat"},
        "x-date": {"occurred_at": "2026-12-31"},
        "": {"key": "x-missing"},
        "x-type": {"sentiment": "0.8"},
        "i6": {"key": "x-was-duplicate"},
        "x-staff": {"staff_keys": "s1"},
    }
    for r in rows:
        r.update(fixes[r["key"]])
    fixed = write_csv(tmp_path / "fix" / "interactions.fixed.csv", rows)
    replay = run_import(str(fixed), "--json")
    assert replay.exit_code == 0, replay.stderr
    row = _summary(replay)["interactions.fixed.csv"]
    assert (row["inserted"], row["rejected"]) == (8, 0)
    count = sum(1 for n in dump(clean_store)["nodes"] if n[0] == ["Interaction"])
    assert count == 18


def test_a_contact_file_with_bad_rows_keeps_the_good_ones(
    clean_store: Store, run_import, tmp_path: Path
) -> None:
    write_csv(tmp_path / "accounts.csv", ACCOUNTS)
    assert run_import(str(tmp_path / "accounts.csv")).exit_code == 0
    rows = [
        *CONTACTS[:4],
        {**CONTACTS[4], "account_key": "a404"},
        {**CONTACTS[5], "seniority": "emperor"},
        {**CONTACTS[6], "reports_to_key": "c404"},
        {**CONTACTS[7], "since": "2026-02-01", "until": "2025-01-01"},
    ]
    path = write_jsonl(tmp_path / "people-contacts.jsonl", rows)
    result = run_import(str(path), "--json")
    assert result.exit_code == 3
    row = _summary(result)["people-contacts.jsonl"]
    assert (row["inserted"], row["rejected"]) == (4, 4)
    for line, text in {
        5: "account_key: unknown account",
        6: "seniority:",
        7: "reports_to_key: unknown contact",
        8: "until is before since",
    }.items():
        assert f"people-contacts.jsonl:{line}: " in result.stderr and text in result.stderr
    rejects = [
        json.loads(line) for line in (tmp_path / "people-contacts.rejects.jsonl").read_text().splitlines()
    ]
    assert [r["_line"] for r in sorted(rejects, key=lambda r: r["_line"])] == [5, 6, 7, 8]


def test_unusable_files_write_nothing(clean_store: Store, run_import, tmp_path: Path) -> None:
    good = write_csv(tmp_path / "accounts.csv", ACCOUNTS)
    (tmp_path / "staff.csv").write_text("key,name,salary\nx,y,1\n")
    (tmp_path / "contacts.csv").write_bytes(b"key,name\nc1,Ren\xe9\n")
    (tmp_path / "mystery.csv").write_text("key,name\n")
    (tmp_path / "b-interactions.jsonl").write_text("key,source\n")
    for bad, message in [
        ("staff.csv", "unknown columns: salary"),
        ("contacts.csv", "not UTF-8"),
        ("mystery.csv", "cannot tell the kind"),
        ("missing-accounts.csv", "no such file"),
        ("b-interactions.jsonl", "not JSON Lines"),
    ]:
        result = run_import(str(good), str(tmp_path / bad))
        assert result.exit_code == 2, bad
        assert message in result.stderr and "nothing was imported" in result.stderr
    assert dump(clean_store)["nodes"] == []
    assert run_import(str(good), "--kind", "gadgets").exit_code == 2


def _import_in_a_subprocess(settings: Settings, cwd: Path, *args: str) -> subprocess.Popen[str]:
    """`relgraph import ARGS` as an operator runs it, against the test server."""
    return relgraph_process(settings, cwd, "import", *args)


def _when_writing(store: Store, proc: subprocess.Popen[str]) -> None:
    """Wait until the import has committed some interactions."""
    deadline = time.monotonic() + 120
    while store.read("bench_count_interactions")[0]["interactions"] == 0:
        assert proc.poll() is None and time.monotonic() < deadline, "the import never started writing"
        time.sleep(0.02)


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_ctrl_c_or_sigterm_stops_after_the_batch_being_written_and_says_where(
    stop: signal.Signals,
    clean_store: Store, settings: Settings, run_import, tmp_path: Path, world_files: list[Path],
) -> None:
    # SIGTERM is what `kill`, `docker stop` and Kubernetes send: handled as Ctrl-C is.
    # The people of the small world, then many small batches of interactions in a real subprocess.
    assert run_import(*[str(p) for p in world_files if "interactions" not in p.name]).exit_code == 0
    rows = [{**row, "key": f"i{n}"} for n, row in enumerate(interactions(20) * 1000)]
    big = write_jsonl(tmp_path / "interactions.jsonl", rows)
    proc = _import_in_a_subprocess(
        settings, tmp_path, str(big), "--batch-size", "20", "--refresh", "off", "--json"
    )
    try:
        _when_writing(clean_store, proc)
        proc.send_signal(stop)
        out, err = proc.communicate(timeout=120)
    finally:
        proc.kill()

    assert proc.returncode == 130, err
    name = "Ctrl-C" if stop == signal.SIGINT else "SIGTERM"
    assert f"{name}: stopping once the batch being written commits" in err, err
    assert "interrupted:" in err and "Run the same import again" in err
    (summary,) = json.loads(out)
    assert summary["interrupted"] and 0 < summary["last_line"] < len(rows)
    assert summary["rows"] == summary["last_line"] == summary["inserted"]
    assert clean_store.read("bench_count_interactions")[0]["interactions"] == summary["inserted"]

    again = run_import(str(big), "--refresh", "off", "--json")
    assert again.exit_code == 0, again.output
    (finished,) = json.loads(again.stdout)
    written = summary["inserted"]
    assert (finished["duplicate"], finished["inserted"]) == (written, len(rows) - written)


def test_a_hard_stop_says_that_the_committed_batches_need_a_refresh(
    clean_store: Store, settings: Settings, run_import, tmp_path: Path, world_files: list[Path]
) -> None:
    """A second signal aborts before the end-of-file refresh: the accounts of the committed batches keep
    their old metrics, and a re-run will not refresh them (their rows are duplicates by then)."""
    assert run_import(*[str(p) for p in world_files if "interactions" not in p.name]).exit_code == 0
    rows = [{**row, "key": f"i{n}"} for n, row in enumerate(interactions(20) * 1000)]
    big = write_jsonl(tmp_path / "interactions.jsonl", rows)
    proc = _import_in_a_subprocess(settings, tmp_path, str(big), "--batch-size", "500")  # --refresh end
    try:
        _when_writing(clean_store, proc)
        proc.send_signal(signal.SIGTERM)
        time.sleep(0.05)
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=120)
    finally:
        proc.kill()
    assert proc.returncode == 130, err
    assert "SIGTERM: stopping once the batch being written commits and the touched accounts are" in err
    aborted = err.strip().splitlines()[-1]
    assert aborted.startswith("aborted: the transaction in flight is rolled back by the server"), err
    assert "relgraph refresh --all" in aborted and "--account" in aborted, aborted
