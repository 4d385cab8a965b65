"""The demo world in Neo4j: loaded through ingestion, its stories seen by the metrics, files re-imported."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from graph.demo import KINDS, generate_world, load_demo, write_world
from graph.demo.files import FILE_NAMES
from graph.settings import Settings
from graph.store import Store
from tests.conftest import wipe

ingest_module = pytest.importorskip("graph.ingest")

ANCHOR = datetime(2026, 11, 22, tzinfo=UTC)


def _expected_counts(world) -> dict[str, int]:
    contacts = list(world.contacts)
    moves = list(world.contact_moves)
    interactions = list(world.interactions)
    return {
        "accounts": world.accounts_count,
        "contacts": len(contacts),
        "staff": len(world.portfolio.staff),
        "interactions": len(interactions),
        "employments": len(contacts) + len(moves),
        "coverage": sum(1 for _ in world.coverage),
        "participations": sum(len(i["contact_keys"]) + len(i["staff_keys"]) for i in interactions),
        "churned": len(world.stories["churned"]),
    }


def _counts(store: Store) -> dict[str, int]:
    row = store.read("demo_world_counts")[0]
    return {
        k: row[k]
        for k in (
            "accounts",
            "contacts",
            "staff",
            "interactions",
            "employments",
            "coverage",
            "participations",
            "churned",
        )
    }


def test_the_demo_world_loads_completely(demo_world, store: Store) -> None:
    assert all(n == 0 for n in demo_world.rejected.values()), demo_world.rejected
    world = generate_world(demo_world.accounts, demo_world.seed, anchor=demo_world.anchor)
    assert _counts(store) == _expected_counts(world)
    assert demo_world.counts["interactions"] == _expected_counts(world)["interactions"]
    assert store.read("demo_world_counts")[0]["departures"] >= len(demo_world.champion_moves)


def test_a_champion_who_moved_has_two_employments(demo_world, store: Store) -> None:
    move = demo_world.champion_moves[0]
    jobs = store.read("demo_employments", contactKey=move.contact_key)
    assert [j["accountKey"] for j in jobs] == [move.from_account_key, move.to_account_key]
    assert jobs[0]["until"] is not None and jobs[1]["until"] is None
    assert jobs[1]["since"] is not None and jobs[1]["since"] >= jobs[0]["until"]
    # The new account's record does not know their part; the employment they left still says champion.
    assert [j["role"] for j in jobs] == ["champion", "unknown"]


def _metrics(store: Store, keys: list[str]) -> dict[str, dict]:
    rows = {r["key"]: r for r in store.read("demo_account_metrics", accountKeys=keys)}
    if any(r["riskLevel"] is None for r in rows.values()):
        pytest.skip("metrics were not refreshed (graph.refresh missing)")
    return rows


def test_the_metrics_see_the_stories(demo_world, store: Store) -> None:
    s = demo_world.stories
    single = _metrics(store, s["single_threaded_contact"] + s["single_threaded_staff"])
    assert all(r["singleThreaded"] for r in single.values()), single
    deep = _metrics(store, s["multi_threaded"])
    assert all(r["connectivity"] >= 3 and not r["singleThreaded"] for r in deep.values()), deep
    dark = _metrics(store, s["going_dark"])
    assert sum(r["riskLevel"] != "LOW" for r in dark.values()) >= 0.8 * len(dark), dark
    healthy = _metrics(store, s["healthy"])
    troubled = _metrics(store, s["going_dark"] + s["churned"] + s["single_threaded_contact"])
    mean = lambda rows: sum(r["riskScore"] for r in rows.values()) / len(rows)  # noqa: E731
    assert mean(troubled) > mean(healthy) + 15


def test_files_written_reimport_to_the_same_world(
    clean_store: Store, settings: Settings, tmp_path: Path
) -> None:
    world = generate_world(12, 3, anchor=ANCHOR)
    write_world(world, tmp_path)
    files = [str(tmp_path / FILE_NAMES[kind]) for kind in KINDS]
    (tmp_path / "rejects").mkdir()
    imported = _relgraph(
        settings, "import", *files, "--refresh", "off", "--rejects", str(tmp_path / "rejects")
    )
    assert imported.returncode == 0, imported.stderr
    from_files = clean_store.read("demo_world_counts")[0]
    assert _counts(clean_store) == _expected_counts(world)

    wipe(clean_store)
    summary = load_demo(clean_store, accounts=12, seed=3, anchor=ANCHOR)
    loaded = clean_store.read("demo_world_counts")[0]
    assert loaded == pytest.approx(from_files)
    assert summary.counts["interactions"] == from_files["interactions"]


def _relgraph(settings: Settings | None, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    if settings is not None:
        env.update(
            NEO4J_URI=settings.neo4j_uri,
            NEO4J_USER=settings.neo4j_user,
            NEO4J_PASSWORD=settings.neo4j_password,
            NEO4J_DATABASE=settings.neo4j_database,
        )
    env.pop("RELGRAPH_NEO4J_HOME", None)
    return subprocess.run(
        [sys.executable, "-m", "graph.cli", *args], capture_output=True, text=True, env=env, timeout=300
    )


def test_the_command_refuses_a_database_that_holds_data(clean_store: Store, settings: Settings) -> None:
    ingest_module.ingest(clean_store, "accounts", [next(iter(generate_world(1, 1, anchor=ANCHOR).accounts))])
    refused = _relgraph(settings, "demo", "--accounts", "3")
    assert refused.returncode == 1
    assert "already holds" in refused.stderr and "--force" in refused.stderr
    skipped = _relgraph(settings, "demo", "--accounts", "3", "--if-empty")
    assert skipped.returncode == 0 and "not loaded" in skipped.stderr
    assert clean_store.read("demo_world_counts")[0]["accounts"] == 1
