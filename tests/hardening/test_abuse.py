# ruff: noqa: E501  (GraphQL documents read best unwrapped)
"""An abusive client (deep query, alias flood, huge page, cost above the cap, token flood, huge body,
batch, a flood of requests beyond its budget) gets a clear error per case, while a well-behaved client
beside it keeps being served."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from api.app import create_app
from graph.apikeys import create_key
from graph.settings import ApiLimits, Settings
from graph.store import Store

BUDGET = 400  # cost points a minute: small, so that a flood runs out quickly

WELL_BEHAVED = "{ accounts(first: 5) { edges { node { key riskLevel } } } }"


@pytest.fixture(scope="module")
async def abuse_app(settings: Settings) -> AsyncIterator[FastAPI]:
    limited = settings.model_copy(update={"limits": ApiLimits(cost_budget_per_minute=BUDGET)})
    app = create_app(limited)
    async with app.router.lifespan_context(app):
        yield app


@pytest.fixture
async def http(abuse_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=abuse_app), base_url="http://t", timeout=60) as c:
        yield c


def _headers(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def _ask(http: httpx.AsyncClient, token: str, query: str, variables: dict[str, Any] | None = None
               ) -> httpx.Response:
    return await http.post("/graphql", json={"query": query, "variables": variables or {}}, headers=_headers(token))


def _code(response: httpx.Response) -> str | None:
    errors = response.json().get("errors") or []
    return (errors[0].get("extensions") or {}).get("code") if errors else None


async def test_abusive_client_is_refused_case_by_case_while_a_good_one_is_served(
    http: httpx.AsyncClient, demo_world: Any, store: Store
) -> None:
    bad = create_key(store, "abuser", ["read"]).token
    good = create_key(store, "good citizen", ["read"]).token

    chain = ["accounts(first: 1)", "edges", "node", "contacts(first: 1)", "edges", "node", "threads(first: 1)",
             "edges", "node", "staff", "coverage", "account", "contacts(first: 1)", "edges", "node",
             "threads(first: 1)", "edges", "node", "staff", "coverage", "account"]
    deep = "{ " + " { ".join(chain) + " { key" + " }" * len(chain) + " }"
    r = await _ask(http, bad, deep)
    assert r.status_code == 200 and _code(r) == "DEPTH_LIMIT", r.text
    assert "levels deep" in r.json()["errors"][0]["message"]

    aliases = "{ " + " ".join(f"a{i}: accounts(first: 1) {{ totalCount }}" for i in range(20)) + " }"
    r = await _ask(http, bad, aliases)
    assert r.status_code == 200 and "aliases" in r.json()["errors"][0]["message"].lower(), r.text

    fragments = ("query { ...F ...F ...F ...F } fragment F on Query { "
                 + " ".join(f"b{i}: accountRisk(key: \"x\") {{ score }}" for i in range(5)) + " }")
    r = await _ask(http, bad, fragments)
    assert "aliases" in r.json()["errors"][0]["message"].lower(), r.text  # counted through fragments

    r = await _ask(http, bad, "{ accounts(first: 5000) { edges { node { key } } } }")
    assert r.status_code == 200 and _code(r) == "PAGE_LIMIT", r.text
    assert "page size 5000 is out of range" in r.json()["errors"][0]["message"]

    costly = ("{ accounts(first: 100) { edges { node { contacts(first: 100) { edges { node { "
              "threads(first: 100) { edges { node { strength } } } } } } } } } }")
    r = await _ask(http, bad, costly)
    assert _code(r) == "COST_LIMIT", r.text
    assert r.json()["errors"][0]["extensions"]["cost"] > r.json()["errors"][0]["extensions"]["maxCost"]

    tokens = "{ " + "accounts(first: 1) { totalCount } " * 600 + "}"
    r = await _ask(http, bad, tokens)
    assert "token" in r.json()["errors"][0]["message"].lower(), r.text

    r = await http.post("/graphql", content=b'{"query": "{ __typename }", "pad": "' + b"x" * (3 * 1024 * 1024) + b'"}',
                        headers={**_headers(bad), "content-type": "application/json"})
    assert r.status_code == 413

    r = await http.post("/graphql", json=[{"query": "{ __typename }"}] * 3, headers=_headers(bad))
    assert r.status_code == 400 and _code(r) == "BATCHING_DISABLED"

    # A flood: the abuser runs out of budget (429 + Retry-After); the good client, beside it, does not.
    async def flood() -> list[httpx.Response]:
        return [await _ask(http, bad, WELL_BEHAVED) for _ in range(120)]

    async def behave() -> list[httpx.Response]:
        out = []
        for _ in range(5):
            out.append(await _ask(http, good, WELL_BEHAVED))
            await asyncio.sleep(0)
        return out

    flooded, served = await asyncio.gather(flood(), behave())
    limited = [r for r in flooded if r.status_code == 429]
    assert limited, [r.status_code for r in flooded]
    assert int(limited[0].headers["retry-after"]) >= 1
    assert _code(limited[0]) == "RATE_LIMITED"
    assert all(r.status_code == 200 and not r.json().get("errors") for r in served), [r.text for r in served]
    assert all(r.status_code in (200, 429) for r in flooded)
