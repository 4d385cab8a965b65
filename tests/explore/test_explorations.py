"""Every exploration runs on the demo world with its example parameters and returns its declared columns."""

from __future__ import annotations

import re
from typing import Any

import pytest

from graph.explore import explorations, find_exploration, run_exploration, short_name
from graph.store import Store
from queries import Query

ALL = explorations()


def test_at_least_fifteen_explorations_all_read() -> None:
    assert len(ALL) >= 15
    for q in ALL:
        assert q.mode == "read", q.name
        assert q.name.startswith("explore_"), q.name
        assert q.description, f"{q.name} says what it answers"
        assert q.columns, f"{q.name} declares its columns"
        assert set(q.params) == set(q.examples), f"{q.name}: every parameter has an example"


@pytest.mark.parametrize("query", ALL, ids=[short_name(q) for q in ALL])
def test_header_is_runnable_in_browser(query: Query) -> None:
    # Neo4j Browser runs `:param name => value` lines; dates are passed as strings that the Cypher parses.
    text = query.path.read_text(encoding="utf-8")
    for param in query.params:
        assert re.search(rf"^// :param {param} => ", text, re.M), f"{query.name} lacks :param {param}"
    for param, value in query.examples.items():
        if param.lower().endswith(("asof", "since", "until")) and value is not None:
            assert isinstance(value, str)
            assert f"datetime(${param})" in query.text


@pytest.mark.parametrize("query", ALL, ids=[short_name(q) for q in ALL])
def test_runs_on_demo_world_with_declared_columns(query: Query, demo_world: Any, store: Store) -> None:
    result = run_exploration(store, query, dict(query.examples))
    declared = [c for c, _ in query.columns]
    assert result.rows, f"{query.name} returned no rows on the demo world with its examples"
    for row in result.rows:
        assert list(row) == declared, f"{query.name}: {list(row)} != {declared}"


def test_demo_stories_surface(demo_world: Any, store: Store) -> None:
    """The explorations find the accounts that carry the demo's stories."""
    dark = run_exploration(
        store, find_exploration("accounts_going_dark"), dict(find_exploration("accounts_going_dark").examples)
    )
    assert set(demo_world.stories["going_dark"]) <= {r["account"] for r in dark.rows}
    moved = find_exploration("champions_who_left")
    rows = run_exploration(store, moved, dict(moved.examples)).rows
    assert set(demo_world.stories["champion_moved"]) <= {r["contactKey"] for r in rows}
    churn = find_exploration("churned_engagement_decline")
    rows = run_exploration(store, churn, dict(churn.examples)).rows
    assert {r["account"] for r in rows} == set(demo_world.stories["churned"])
