# ruff: noqa: E501  (GraphQL documents read best unwrapped)
"""The operation limits on a tiny schema: depth, aliases (fragments too), tokens, cost, lists, budget,
introspection and suggestions; and the HTTP guards on a tiny app. No Neo4j."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
import strawberry
from fastapi import FastAPI, Request

from api.security.analysis import analyse
from api.security.budget import CostBudget
from api.security.middleware import LimitsMiddleware
from api.security.schema import harden
from graph.settings import ApiLimits, Settings


@strawberry.type
class Leaf:
    name: str = "x"


@strawberry.type
class ItemEdge:
    @strawberry.field
    def node(self) -> Item:
        return Item()


@strawberry.type
class ItemConnection:
    @strawberry.field
    def edges(self) -> list[ItemEdge]:
        return [ItemEdge()]


@strawberry.type
class Item:
    name: str = "item"

    @strawberry.field
    def child(self) -> Item:
        return Item()

    @strawberry.field
    def items(self, first: int | None = None) -> ItemConnection:
        return ItemConnection()


@strawberry.type
class Query:
    @strawberry.field
    def item(self) -> Item:
        return Item()

    @strawberry.field
    def items(self, first: int | None = None, last: int | None = None) -> ItemConnection:
        return ItemConnection()

    @strawberry.field
    def echo(self, values: list[str] | None = None) -> int:
        return len(values or [])


class Caller:
    id = "key1"


class Ctx:
    caller = Caller()
    request = None


def tiny(env: str = "test", **limits: Any) -> strawberry.Schema:
    settings = Settings(env=env, neo4j_password="x" * 12, limits=ApiLimits(**limits))
    return harden(strawberry.Schema(query=Query), settings, CostBudget(settings.limits.cost_budget_per_minute))


async def run(schema: strawberry.Schema, query: str, variables: dict[str, Any] | None = None) -> Any:
    return await schema.execute(query, variable_values=variables, context_value=Ctx())


def codes(result: Any) -> list[Any]:
    return [(e.extensions or {}).get("code") for e in result.errors or []]


async def test_depth_counts_levels_but_not_relay_wrappers() -> None:
    schema = tiny(max_depth=3)
    ok = await run(schema, "{ item { child { child { name } } } }")
    assert not ok.errors
    deep = await run(schema, "{ item { child { child { child { name } } } } }")
    assert codes(deep) == ["DEPTH_LIMIT"]
    assert "4 levels deep" in deep.errors[0].message
    relay = await run(schema, "{ items { edges { node { items { edges { node { name } } } } } } }")
    assert not relay.errors  # two levels of connections


async def test_depth_through_fragments() -> None:
    schema = tiny(max_depth=2)
    q = "query { item { ...F } } fragment F on Item { child { child { name } } }"
    assert codes(await run(schema, q)) == ["DEPTH_LIMIT"]


async def test_aliases_are_capped_even_inside_fragments() -> None:
    schema = tiny(max_aliases=3)
    flat = "{ " + " ".join(f"a{i}: item {{ name }}" for i in range(4)) + " }"
    assert (await run(schema, flat)).errors
    frag = ("query { x1: item { ...F } x2: item { ...F } } "
            "fragment F on Item { b1: name b2: name }")
    result = await run(schema, frag)
    assert result.errors and "alias" in result.errors[0].message.lower()


async def test_tokens_are_capped() -> None:
    schema = tiny(max_tokens=20)
    result = await run(schema, "{ " + " ".join(f"a{i}: item {{ name }}" for i in range(10)) + " }")
    assert result.errors and "token" in result.errors[0].message.lower()


async def test_cost_multiplies_connection_sizes() -> None:
    schema = tiny(max_query_cost=500)
    small = await run(schema, "{ items(first: 10) { edges { node { items(first: 10) { edges { node { name } } } } } } }")
    assert not small.errors
    big = await run(schema, "query($n: Int) { items(first: $n) { edges { node { items(first: 100) { edges { node { name } } } } } } }",
                    {"n": 100})
    assert codes(big) == ["COST_LIMIT"]
    assert big.errors[0].extensions["cost"] > 500
    shape = analyse(schema._schema, __import__("graphql").parse("{ items(last: 7) { edges { node { name } } } }"), None, {})
    assert shape.cost == 1 + 7


async def test_list_inputs_are_capped_literal_and_variable() -> None:
    schema = tiny(max_list_input=3)
    assert not (await run(schema, '{ echo(values: ["a", "b", "c"]) }')).errors
    assert codes(await run(schema, '{ echo(values: ["a", "b", "c", "d"]) }')) == ["LIST_LIMIT"]
    result = await run(schema, "query($v: [String!]) { echo(values: $v) }", {"v": ["x"] * 4})
    assert codes(result) == ["LIST_LIMIT"]


async def test_budget_refuses_then_refills() -> None:
    now = [0.0]
    budget = CostBudget(60, clock=lambda: now[0])
    assert budget.charge("k", 50).allowed
    refused = budget.charge("k", 20)
    assert not refused.allowed and refused.retry_after == 10
    assert budget.charge("other", 20).allowed  # another key is not affected
    now[0] += 10
    assert budget.charge("k", 20).allowed
    assert budget.peek("k").allowed is False or budget.peek("k").remaining >= 0


async def test_introspection_and_suggestions_off_in_production() -> None:
    prod = tiny(env="production")
    assert (await run(prod, "{ __schema { types { name } } }")).errors
    typo = await run(prod, "{ itme { name } }")
    assert typo.errors and "Did you mean" not in typo.errors[0].message
    dev = tiny()
    assert not (await run(dev, "{ __schema { queryType { name } } }")).errors
    assert "Did you mean" in (await run(dev, "{ itme { name } }")).errors[0].message


def _guarded(**limits: Any) -> FastAPI:
    app = FastAPI()

    @app.post("/graphql")
    async def echo(request: Request) -> dict[str, Any]:
        import asyncio

        payload = await request.json()
        if isinstance(payload, dict) and payload.get("sleep"):
            await asyncio.sleep(payload["sleep"])
        return {"ok": True}

    lim = ApiLimits(**limits)
    app.add_middleware(LimitsMiddleware, limits=lim, budget=CostBudget(lim.cost_budget_per_minute))
    return app


@pytest.fixture
def guarded() -> httpx.AsyncClient:
    app = _guarded(max_body_bytes=1024, request_timeout_seconds=0.5)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t")


async def test_body_too_large_is_413(guarded: httpx.AsyncClient) -> None:
    r = await guarded.post("/graphql", content=b'{"query": "' + b"x" * 2000 + b'"}',
                           headers={"content-type": "application/json"})
    assert r.status_code == 413
    assert r.json()["errors"][0]["extensions"]["code"] == "BODY_TOO_LARGE"


async def test_batches_are_refused(guarded: httpx.AsyncClient) -> None:
    r = await guarded.post("/graphql", json=[{"query": "{ a }"}, {"query": "{ b }"}])
    assert r.status_code == 400 and r.json()["errors"][0]["extensions"]["code"] == "BATCHING_DISABLED"


async def test_slow_request_is_504(guarded: httpx.AsyncClient) -> None:
    r = await guarded.post("/graphql", json={"sleep": 2})
    assert r.status_code == 504
    assert (await guarded.post("/graphql", json={"sleep": 0})).status_code == 200
