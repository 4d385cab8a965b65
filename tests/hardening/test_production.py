"""RELGRAPH_ENV=production: no GraphiQL, no introspection, no field suggestions, no stack traces."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from api.app import create_app
from graph.settings import Settings
from tests.hardening.conftest import World


@pytest.fixture(scope="module")
async def prod_app(settings: Settings) -> AsyncIterator[FastAPI]:
    app = create_app(settings.model_copy(update={"env": "production"}))
    async with app.router.lifespan_context(app):
        yield app


async def test_production_hides_the_schema(prod_app: FastAPI, world: World, demo_world: Any) -> None:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=prod_app), base_url="http://t") as http:
        ide = await http.get("/graphql", headers={"Accept": "text/html"})
        assert ide.status_code in (401, 404, 405) and "graphiql" not in ide.text.lower()
        assert (await http.get("/docs")).status_code == 404
        auth = {"Authorization": f"Bearer {world.reader}"}
        r = await http.post("/graphql", json={"query": "{ __schema { types { name } } }"}, headers=auth)
        assert r.json()["errors"] and "introspection" in r.json()["errors"][0]["message"].lower()
        r = await http.post("/graphql", json={"query": "{ acount(key: \"x\") { key } }"}, headers=auth)
        message = r.json()["errors"][0]["message"]
        assert "Did you mean" not in message and "account" not in message.replace("acount", "")
        r = await http.post("/graphql", json={"query": "{ accountRisk(key: \"x\") { score } }"}, headers=auth)
        assert r.json() == {"data": {"accountRisk": None}}
