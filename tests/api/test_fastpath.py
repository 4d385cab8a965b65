"""`POST /graphql` answers the same through the fast path (`api.fastpath`) as through FastAPI's route.

A request under a root path is one the fast path does not take: FastAPI routes it to Strawberry's view.
Each request below goes both ways, on the real app and Neo4j, and the answers (status, content type,
body) must be the same: good operations, GraphQL errors, and every malformed body the view turns into a
400, including the ones the fast path hands to the view (batches, other content types).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from api.fastpath import GraphQLPost
from tests.api.conftest import Keys

ONE_ACCOUNT = "query($k: String!) { account(key: $k) { key name risk { level } } }"

REQUESTS: dict[str, tuple[str, Any]] = {
    "a query with variables": ("application/json", {"query": ONE_ACCOUNT, "variables": {"k": "ACCOUNT"}}),
    "named operations": (
        "application/json; charset=utf-8",
        {"query": "query A { __typename } query B { __typename }", "operationName": "B"},
    ),
    "a missing operation name": (
        "application/json", {"query": "query A { __typename } query B { __typename }"}
    ),
    "an unknown field": ("application/json", {"query": "{ nope }"}),
    "a syntax error": ("application/json", {"query": "{ account(key: "}),
    "a variable of the wrong type": ("application/json", {"query": ONE_ACCOUNT, "variables": {"k": 5}}),
    "no query": ("application/json", {"variables": {}}),
    "a query that is not a string": ("application/json", {"query": 5}),
    "variables that are not an object": ("application/json", {"query": "{ __typename }", "variables": [1]}),
    "extensions that are not an object": ("application/json", {"query": "{ __typename }", "extensions": 1}),
    "not JSON": ("application/json", b"{not json"),
    "a batch": ("application/json", [{"query": "{ __typename }"}, {"query": "{ __typename }"}]),
    "another content type": ("text/plain", {"query": "{ __typename }"}),
}


@pytest.fixture
async def full_view(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """A client whose requests carry a root path: the fast path leaves them to FastAPI's route."""
    transport = httpx.ASGITransport(app=app, root_path="/behind-a-proxy")
    async with httpx.AsyncClient(transport=transport, base_url="http://relgraph.test") as c:
        yield c


async def _post(client: httpx.AsyncClient, token: str, content_type: str, body: Any) -> httpx.Response:
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    headers = {"Authorization": f"Bearer {token}", "Content-Type": content_type}
    return await client.post("/graphql", content=content, headers=headers)


@pytest.mark.parametrize("name", list(REQUESTS))
async def test_the_fast_path_answers_as_the_view(
    name: str, client: httpx.AsyncClient, full_view: httpx.AsyncClient, demo_keys: Keys, store: Any
) -> None:
    content_type, body = REQUESTS[name]
    if isinstance(body, dict) and body.get("variables") == {"k": "ACCOUNT"}:
        account = sorted(r["key"] for r in store.read("api_account_keys", allowed=None))[0]
        body = {**body, "variables": {"k": account}}
    fast = await _post(client, demo_keys.reader, content_type, body)
    full = await _post(full_view, demo_keys.reader, content_type, body)
    assert (fast.status_code, fast.headers.get("content-type"), fast.text) == (
        full.status_code,
        full.headers.get("content-type"),
        full.text,
    )
    if name == "a query with variables":
        assert fast.status_code == 200 and fast.json()["data"]["account"]["key"] == body["variables"]["k"]
    if name in ("not JSON", "no query", "a query that is not a string"):
        assert fast.status_code == 400 and fast.text  # a reason a client can read


async def test_both_paths_refuse_a_missing_key(
    client: httpx.AsyncClient, full_view: httpx.AsyncClient
) -> None:
    body = {"query": "{ __typename }"}
    fast = await client.post("/graphql", json=body)
    full = await full_view.post("/graphql", json=body)
    assert fast.status_code == full.status_code == 401
    assert fast.json() == full.json()


async def test_only_the_plain_client_takes_the_fast_path(
    client: httpx.AsyncClient, full_view: httpx.AsyncClient, demo_keys: Keys, monkeypatch: pytest.MonkeyPatch
) -> None:
    taken: list[str] = []
    original = GraphQLPost._run_json

    async def counted(self: GraphQLPost, *args: Any) -> Any:
        taken.append("fast")
        return await original(self, *args)

    monkeypatch.setattr(GraphQLPost, "_run_json", counted)
    body = {"query": "{ __typename }"}
    assert (await _post(full_view, demo_keys.reader, "application/json", body)).status_code == 200
    assert taken == []
    assert (await _post(client, demo_keys.reader, "application/json", body)).status_code == 200
    assert taken == ["fast"]
