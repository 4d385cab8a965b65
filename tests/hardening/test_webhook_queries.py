"""The webhook queries: every parameter has an example, and the read ones run with them."""

from __future__ import annotations

import pytest

from graph.store import Store
from queries import catalog

WEBHOOK_QUERIES = sorted(q.name for q in catalog().values() if q.group == "webhooks")


@pytest.mark.parametrize("name", WEBHOOK_QUERIES)
def test_every_parameter_has_an_example(name: str) -> None:
    query = catalog()[name]
    assert set(query.examples) == set(query.params), name


@pytest.mark.parametrize("name", [n for n in WEBHOOK_QUERIES if catalog()[n].mode == "read"])
def test_read_queries_run_with_their_examples(store: Store, name: str) -> None:
    store.read(name, **catalog()[name].examples)
