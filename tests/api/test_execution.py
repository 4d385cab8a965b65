"""`PlainLeafExecutionContext` answers exactly as graphql-core's generic execution does: the same data and
the same errors (message, path, locations, null propagation), for every kind of leaf and every way a
leaf can fail; fields it does not take (resolvers, arguments, objects, lists) still work; and a schema
extension that wraps resolvers still sees every field.

Each query runs on two schemas built from the same types, one with the API's execution context and one
with Strawberry's, and the two results are compared whole.
"""

from __future__ import annotations

import asyncio
import enum
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
import strawberry

from api.execution import PlainLeafExecutionContext, plain_leaf
from api.jsoncodec import encode
from api.schema import schema as api_schema
from tests.api.resolver_spy import resolver_spy


@strawberry.enum
class Level(enum.Enum):
    LOW = "low"
    HIGH = "high"


@strawberry.type
class Item:
    name: str
    count: int
    ratio: float
    flag: bool
    level: Level
    at: datetime
    note: str | None
    later: Level | None

    @strawberry.field
    def shout(self, times: int = 1) -> str:
        return self.name.upper() * times

    @strawberry.field
    async def slow_count(self) -> int:
        await asyncio.sleep(0)
        return self.count


@strawberry.type
class Box:
    item: Item
    items: list[Item]
    maybe: Item | None
    tags: list[str]


def _item(**changes: Any) -> Item:
    values: dict[str, Any] = dict(
        name="a", count=1, ratio=0.5, flag=True, level=Level.LOW,
        at=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC), note=None, later=Level.HIGH,
    )
    values.update(changes)
    return Item(**values)


# Values a type annotation does not stop at runtime: the ways a plain leaf fails.
BAD: dict[str, Callable[[], Item]] = {
    "null in a non-null leaf": lambda: _item(name=None),
    "an Int the scalar refuses": lambda: _item(count="many"),
    "a float where an Int is due": lambda: _item(count=1.5),
    "a value that is not of the enum": lambda: _item(level="medium"),
    "an exception as the value": lambda: _item(ratio=ValueError("no ratio")),
    "an awaitable attribute": lambda: _item(note=_later("late note")),
}


async def _coro_value(value: str) -> str:
    return value


def _later(value: str) -> Any:
    return _coro_value(value)


def _query_type(make: Callable[[], Item]) -> type:
    @strawberry.type
    class Query:
        @strawberry.field
        def box(self) -> Box:
            return Box(item=make(), items=[_item(), make(), _item(name="c")], maybe=make(), tags=["x", "y"])

    return Query


FIELDS = "name count ratio flag level at note later shout(times: 2) slowCount"
QUERY = f"{{ box {{ item {{ {FIELDS} }} items {{ {FIELDS} }} maybe {{ name note }} tags }} }}"


async def _both(query_type: type, query: str, **options: Any) -> tuple[Any, Any]:
    fast = strawberry.Schema(query=query_type, execution_context_class=PlainLeafExecutionContext, **options)
    generic = strawberry.Schema(query=query_type, **options)
    return await fast.execute(query), await generic.execute(query)


def _errors(result: Any) -> list[tuple[str, Any, Any]]:
    return [(e.message, e.path, [(loc.line, loc.column) for loc in e.locations or []])
            for e in result.errors or []]


async def test_good_values_answer_the_same() -> None:
    fast, generic = await _both(_query_type(_item), QUERY)
    assert fast.errors is None and generic.errors is None
    assert fast.data == generic.data
    item = fast.data["box"]["item"]
    assert item["level"] == "LOW" and item["later"] == "HIGH" and item["note"] is None
    assert item["at"] == "2026-01-02T03:04:05+00:00" and item["shout"] == "AA" and item["slowCount"] == 1


@pytest.mark.parametrize("case", list(BAD))
async def test_failing_leaves_fail_the_same(case: str) -> None:
    fast, generic = await _both(_query_type(BAD[case]), QUERY)
    assert fast.data == generic.data
    assert _errors(fast) == _errors(generic)
    if case == "an awaitable attribute":
        assert fast.errors is None and fast.data["box"]["maybe"]["note"] == "late note"
    else:
        assert fast.errors, case  # the case is a failure, and both report it at the same place


async def test_a_null_propagates_to_the_nearest_nullable_parent() -> None:
    fast, _ = await _both(_query_type(BAD["null in a non-null leaf"]), QUERY)
    # `name`, `item` and `box` are all non-null: the null climbs to `data` itself.
    assert fast.data is None
    paths = [e.path for e in fast.errors]
    assert ["box", "item", "name"] in paths


async def test_an_extension_that_wraps_resolvers_sees_every_leaf() -> None:
    seen: list[str] = []
    spy = resolver_spy(seen)
    fast, generic = await _both(_query_type(_item), "{ box { item { name count level } } }", extensions=[spy])
    assert fast.data == generic.data
    assert seen.count("name") == 2 and seen.count("level") == 2  # once per schema


def test_plain_leaves_are_told_from_other_fields() -> None:
    fields = strawberry.Schema(query=_query_type(_item))._schema.type_map["Item"].fields  # type: ignore[union-attr,attr-defined]
    plain = {name for name, field in fields.items() if plain_leaf(field) is not None}
    assert plain == {"name", "count", "ratio", "flag", "level", "at", "note", "later"}
    assert issubclass(api_schema.execution_context_class, PlainLeafExecutionContext)


def test_answers_json_is_the_same_values() -> None:
    import json

    data = {"data": {"a": [1, 2.5, "é—", None, True, {"b": -3}]}, "errors": [{"message": "x"}]}
    assert json.loads(encode(data)) == data
    # What orjson refuses is written by the standard library.
    assert json.loads(encode({"big": 2**70})) == {"big": 2**70}
    with pytest.raises(TypeError):
        encode({"x": object()})
