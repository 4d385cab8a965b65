# ruff: noqa: E501  (GraphQL documents read best unwrapped)
"""A page of accounts with their contacts, threads and risk, or of staff with their coverage and threads,
costs a fixed number of statements."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from fastapi import FastAPI

from tests.api.conftest import GraphQL

DEEP = """
query($first: Int!) {
  accounts(first: $first) {
    totalCount
    edges { node {
      key name
      contacts(first: 10) { totalCount edges { current node { key name role reportsTo { key } directReports { key } } } }
      coverage { role staff { key name } }
      threads(first: 5) { edges { node { strength staff { key } contact { key } } } }
      interactions(first: 3) { edges { node { key channel contacts { key } staff { key } } } }
      risk { score level singleThreaded connectivity singlePointsOfFailure { key name } factors { code contribution } }
      depth { score activeThreads }
      relationshipValue { value momentum }
    } }
  }
}
"""


async def _statements(
    app: FastAPI, gql: GraphQL, query: str, field: str, variables: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> Counter[str]:
    """The statements one request sends, by query name (counted by the store, named by a wrapper)."""
    store = app.state.store
    names: Counter[str] = Counter()
    read = store.read

    async def named_read(name: str, /, **params: Any) -> Any:
        names[name] += 1
        return await read(name, **params)

    monkeypatch.setattr(store, "read", named_read)
    before = store.statements
    try:
        data = await gql(query, variables)
    finally:
        monkeypatch.undo()
    assert len(data[field]["edges"]) == min(variables["first"], data[field]["totalCount"])
    # The store's own count can include a background task's statements (webhook delivery); never fewer.
    assert store.statements - before >= sum(names.values())
    return names


async def test_statements_do_not_grow_with_the_number_of_accounts(
    app: FastAPI, gql: GraphQL, demo_world: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    await gql("{ accounts(first: 1) { totalCount } }")  # the key is looked up once, then cached
    for first in (5, 20, demo_world.accounts):
        names = await _statements(app, gql, DEEP, "accounts", {"first": first}, monkeypatch)
        # One statement per access path (page, count, contacts, reporting lines, coverage, threads,
        # interactions, participants, people), however many accounts the page holds.
        assert max(names.values()) == 1, names
        assert names["api_reporting_lines_by_contacts"] == 1, names
        assert sum(names.values()) <= 11, names


STAFF = """
query($first: Int!) {
  staffMembers(first: $first, orderBy: {field: ACCOUNTS_COVERED}) {
    totalCount
    edges { node {
      key name function
      coverage { role account { key name riskLevel } }
      threads(first: 5) { totalCount edges { node { strength contact { key name } } } }
    } }
  }
}
"""


async def test_statements_do_not_grow_with_the_number_of_staff(
    app: FastAPI, gql: GraphQL, demo_world: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    everyone = demo_world.counts["staff"]
    await gql("{ staffMembers(first: 1) { totalCount } }")  # the key is looked up once, then cached
    seen = []
    for first in (1, 5, everyone, 100):
        names = await _statements(app, gql, STAFF, "staffMembers", {"first": first}, monkeypatch)
        assert len(names) == 4 and max(names.values()) == 1, names
        seen.append(names)
    # The page, its count, and one statement per nested path (coverage, threads) whatever the page holds.
    assert seen[0] == seen[-1] == Counter(
        {"api_staff_page": 1, "api_staff_count": 1, "api_coverage_by_staff": 1, "api_threads_by_staff": 1}
    )
