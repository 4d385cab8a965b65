"""Fixtures of the API tests: the app over the session's Neo4j, API keys, and an HTTP client."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from api.app import create_app
from graph.apikeys import authenticate, create_key
from graph.settings import Settings
from graph.store import Store


@dataclass
class Keys:
    """Tokens of keys with different powers."""

    admin: str
    reader: str
    writer: str
    scoped: str
    scoped_accounts: list[str]


_keys: dict[str, Any] = {}


def ensure_keys(store: Store, scoped_accounts: list[str]) -> Keys:
    """Keys for the tests, created again whenever a wipe took them (or the scoped accounts changed)."""
    cached: Keys | None = _keys.get("keys")
    if cached is not None and cached.scoped_accounts == scoped_accounts and authenticate(store, cached.admin):
        return cached
    keys = Keys(
        admin=create_key(store, "test admin", ["admin"]).token,
        reader=create_key(store, "test reader", ["read"]).token,
        writer=create_key(store, "test writer", ["write"]).token,
        scoped=create_key(store, "test partner", ["read", "write"], scoped_accounts).token,
        scoped_accounts=scoped_accounts,
    )
    _keys["keys"] = keys
    return keys


@pytest.fixture(scope="session")
async def app(settings: Settings) -> AsyncIterator[FastAPI]:
    application = create_app(settings)
    # httpx's ASGITransport does not run the lifespan: enter it here, once for the session.
    async with application.router.lifespan_context(application):
        yield application


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://relgraph.test"
    ) as c:
        yield c


@pytest.fixture
def demo_keys(demo_world: Any, store: Store) -> Keys:
    accounts = sorted(store.read("api_account_keys", allowed=None), key=lambda r: r["key"])
    return ensure_keys(store, [accounts[0]["key"], accounts[1]["key"]])


class GraphQL:
    """Posts GraphQL documents with a key and returns `data`, failing on errors unless told otherwise."""

    def __init__(self, client: httpx.AsyncClient, token: str | None) -> None:
        self.client = client
        self.token = token

    async def raw(
        self, query: str, variables: dict[str, Any] | None = None, token: str | None = None
    ) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token or self.token}"} if (token or self.token) else {}
        return await self.client.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
        )

    async def __call__(
        self, query: str, variables: dict[str, Any] | None = None, token: str | None = None
    ) -> dict[str, Any]:
        response = await self.raw(query, variables, token)
        assert response.status_code == 200, response.text
        body = response.json()
        assert not body.get("errors"), body["errors"]
        return body["data"]


@pytest.fixture
def gql(client: httpx.AsyncClient, demo_keys: Keys) -> GraphQL:
    return GraphQL(client, demo_keys.admin)
