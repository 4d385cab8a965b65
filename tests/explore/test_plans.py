"""The explorations' plans use the indexes: no label scan where a filter on an indexed property applies."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import neo4j

from graph.explore import explorations
from graph.store import Store


def _bench() -> ModuleType:
    path = Path(__file__).resolve().parents[2] / "bench" / "bench_explore.py"
    spec = importlib.util.spec_from_file_location("bench_explore", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_flagger_spots_a_missed_index() -> None:
    bench = _bench()
    indexed = bench.indexed_properties()
    assert {"riskLevel", "key", "tier"} <= indexed["Account"]
    plan = {
        "operatorType": "ProduceResults@neo4j",
        "args": {"Details": "a"},
        "children": [
            {
                "operatorType": "Filter@neo4j",
                "args": {"Details": "a.tier IN $tiers"},
                "children": [{"operatorType": "NodeByLabelScan@neo4j", "args": {"Details": "a:Account"}}],
            },
        ],
    }
    scans, flagged, seeks = bench.analyse_plan(plan, indexed)
    assert scans and flagged and not seeks


def test_no_exploration_scans_where_an_index_serves(demo_world: Any, store: Store) -> None:
    bench = _bench()
    indexed = bench.indexed_properties()
    with store.driver.session(database=store.database, default_access_mode=neo4j.READ_ACCESS) as session:
        for q in explorations():
            plan = session.run("EXPLAIN " + q.text, dict(q.examples)).consume().plan
            _, flagged, _ = bench.analyse_plan(plan, indexed)
            assert not flagged, f"{q.name}: {flagged}"
