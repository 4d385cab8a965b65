# ruff: noqa: E501  (GraphQL documents read best unwrapped)
"""Fixtures of the hardening tests: keys of every kind over the demo world, an app, a GraphQL poster."""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from api.app import create_app
from graph.apikeys import authenticate, create_key, parse_token, revoke_key
from graph.settings import Settings
from graph.store import Store

MISSING_ACCOUNT = "A-does-not-exist"
MISSING_CONTACT = "C-does-not-exist"
MISSING_STAFF = "S-does-not-exist"


@dataclass
class World:
    """Keys of every kind, and which accounts and people a partner key may and may not see."""

    admin: str
    reader: str
    writer: str
    partner: str
    revoked: str
    mine: list[str]
    foreign: str
    my_contact: str
    foreign_contact: str
    foreign_staff: str
    my_staff: str


_cache: dict[str, World] = {}


def _world(store: Store) -> World:
    accounts = sorted(r["key"] for r in store.read("api_account_keys", allowed=None))
    mine, foreign = accounts[:2], accounts[-1]
    rows = store.read("api_contacts_by_accounts", keys=[mine[0], foreign], allowed=None, status="all",
                      afterValue=None, afterKey=None, beforeValue=None, beforeKey=None, limit=100, fromEnd=False)
    by_account = {r["key"]: [i["contact"]["key"] for i in r["items"]] for r in rows}
    mine_scope = set(mine)
    visible = {r["key"] for r in store.read("api_contacts_by_keys", keys=by_account[foreign], allowed=mine)
               if r["contact"] is not None}
    foreign_contact = next(c for c in by_account[foreign] if c not in visible)
    staff_rows = store.read("api_coverage_by_accounts", keys=[mine[0], foreign], allowed=None)
    cover = {r["key"]: [c["staff"]["key"] for c in r["coverage"]] for r in staff_rows}
    seen = {r["key"] for r in store.read("api_staff_by_keys", keys=cover[foreign], allowed=sorted(mine_scope))
            if r["staff"] is not None}
    foreign_staff = next((s for s in cover[foreign] if s not in seen), None)
    if foreign_staff is None:  # every staff member of that account also works for ours: look further
        every = sorted({c["staff"]["key"] for r in store.read("api_coverage_by_accounts", keys=accounts, allowed=None)
                        for c in r["coverage"]})
        seen = {r["key"] for r in store.read("api_staff_by_keys", keys=every, allowed=mine) if r["staff"]}
        foreign_staff = next(s for s in every if s not in seen)
    partner = create_key(store, "hardening partner", ["read", "write"], mine).token
    revoked = create_key(store, "hardening revoked", ["admin"])
    revoke_key(store, revoked.key.id)
    return World(
        admin=create_key(store, "hardening admin", ["admin"]).token,
        reader=create_key(store, "hardening reader", ["read"]).token,
        writer=create_key(store, "hardening writer", ["write"]).token,
        partner=partner, revoked=revoked.token, mine=mine, foreign=foreign,
        my_contact=by_account[mine[0]][0], foreign_contact=foreign_contact, foreign_staff=foreign_staff,
        my_staff=cover[mine[0]][0],
    )


@pytest.fixture
def world(demo_world: Any, store: Store) -> World:
    cached = _cache.get("world")
    if cached is None or not authenticate(store, cached.admin):
        cached = _cache["world"] = _world(store)
    return cached


@pytest.fixture(scope="session")
async def hard_app(settings: Settings) -> AsyncIterator[FastAPI]:
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        yield app


@pytest.fixture
async def client(hard_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=hard_app), base_url="http://relgraph.test",
                                 timeout=60) as c:
        yield c


class Poster:
    """Posts GraphQL documents with a given key (or none) and returns the raw response."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client

    async def __call__(self, query: str, variables: dict[str, Any] | None = None, token: str | None = None
                       ) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return await self.client.post("/graphql", json={"query": query, "variables": variables or {}},
                                      headers=headers)

    async def data(self, query: str, variables: dict[str, Any] | None = None, token: str | None = None
                   ) -> dict[str, Any]:
        response = await self(query, variables, token)
        assert response.status_code == 200, response.text
        body = response.json()
        assert not body.get("errors"), body["errors"]
        return body["data"]


@pytest.fixture
def post(client: httpx.AsyncClient) -> Poster:
    return Poster(client)


def global_id(type_name: str, key: str) -> str:
    return base64.b64encode(f"{type_name}:{key}".encode()).decode()


def key_id(token: str) -> str:
    found = parse_token(token)
    assert found is not None
    return found
