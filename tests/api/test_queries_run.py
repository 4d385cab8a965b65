"""Every query the API and the key store run parses and runs on Neo4j with its own example parameters."""

from __future__ import annotations

import pytest

from graph.store import Store
from queries import catalog

NAMES = [q.name for q in catalog().values() if q.group in ("api", "apikeys") and q.mode == "read"]


@pytest.mark.parametrize("name", NAMES)
def test_query_runs_with_its_examples(store: Store, name: str) -> None:
    query = catalog()[name]
    assert set(query.examples) == set(query.params), f"{name}: give an example for every parameter"
    store.read(name, **query.examples)
