"""A request's objects are freed when it ends, by reference counting, not left to the cyclic collector
(`api.acyclic`): the executor, the context and the DataLoaders of a query, on the real app and Neo4j."""

from __future__ import annotations

import asyncio
import gc
import weakref
from collections.abc import Iterator
from typing import Any

import pytest

from api.acyclic import executor_helpers, weak_method
from api.context import Context
from api.loading import StoreLoader
from api.planned_execution import PlannedExecutionContext
from tests.api.conftest import GraphQL

RISK = """query($k: String!) { account(key: $k) { key contacts(first: 3) { edges { node { key } } }
  risk { score singlePointsOfFailure { key name } } } }"""


@pytest.fixture
def no_cyclic_collection() -> Iterator[None]:
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _track(monkeypatch: pytest.MonkeyPatch, cls: type, made: list[weakref.ref[Any]]) -> None:
    init = cls.__init__

    def recording(self: Any, *args: Any, **kwargs: Any) -> None:
        init(self, *args, **kwargs)
        made.append(weakref.ref(self))

    monkeypatch.setattr(cls, "__init__", recording)


async def test_a_query_leaves_nothing_to_the_cyclic_collector(
    gql: GraphQL, store: Any, monkeypatch: pytest.MonkeyPatch, no_cyclic_collection: None
) -> None:
    made: dict[str, list[weakref.ref[Any]]] = {"executor": [], "context": [], "loader": []}
    _track(monkeypatch, PlannedExecutionContext, made["executor"])
    _track(monkeypatch, Context, made["context"])
    _track(monkeypatch, StoreLoader, made["loader"])
    key = sorted(r["key"] for r in store.read("api_account_keys", allowed=None))[0]
    for _ in range(2):  # the first request of a document makes its plan; the second runs from it
        data = await gql(RISK, {"k": key})
        assert data["account"]["key"] == key and data["account"]["risk"] is not None
    await asyncio.sleep(0)  # the request's last callbacks
    assert {name: len(refs) for name, refs in made.items()} == {"executor": 2, "context": 2, "loader": 6}
    alive = {name: sum(ref() is not None for ref in refs) for name, refs in made.items()}
    assert alive == {"executor": 0, "context": 0, "loader": 0}


class _Owner:
    def __init__(self) -> None:
        self.tracked: list[Any] = []

    def track_async_work(self, values: Any) -> None:
        self.tracked.extend(values)

    async def double(self, x: int) -> int:
        return 2 * x


async def test_the_helpers_do_not_keep_their_executor() -> None:
    owner = _Owner()
    helpers = executor_helpers(owner)  # type: ignore[arg-type]
    helpers.track([1, "a"])
    assert owner.tracked == [1, "a"]
    assert await helpers.gather([asyncio.sleep(0, 1), asyncio.sleep(0, 2)]) == [1, 2]
    ran: list[str] = []

    async def late() -> None:
        ran.append("late")
        raise RuntimeError("observed, not lost")

    del owner
    helpers.track([late(), 3])  # work tracked after the executor is gone still settles
    for _ in range(3):
        await asyncio.sleep(0)
    assert ran == ["late"]


async def test_a_weak_method_does_not_keep_its_object() -> None:
    owner = _Owner()
    double = weak_method(owner.double)
    assert await double(21) == 42
    ref = weakref.ref(owner)
    del owner
    assert ref() is None
    with pytest.raises(ReferenceError, match="double called after its object was freed"):
        double(1)
