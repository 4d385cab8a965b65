"""The app's basics: health, readiness, and refusing requests without a valid key."""

from __future__ import annotations

import httpx
from fastapi import FastAPI

from api.app import create_app
from graph.settings import Settings
from graph.store import Store
from tests.api.conftest import ensure_keys


async def test_healthz_answers_without_neo4j() -> None:
    app = create_app(Settings(neo4j_uri="bolt://127.0.0.1:1"))
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c,
    ):
            assert (await c.get("/healthz")).json() == {"status": "ok"}
            ready = await c.get("/readyz")
            assert ready.status_code == 503
            assert "Neo4j does not answer" in ready.json()["reason"]


async def test_readyz_checks_the_schema_checksum(client: httpx.AsyncClient, store: Store) -> None:
    response = await client.get("/readyz")
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "ready"
    old = store.read("schema_applied", name="relgraph")[0]["checksum"]
    store.write("schema_mark_applied", name="relgraph", checksum="stale")
    try:
        response = await client.get("/readyz")
        assert response.status_code == 503
        assert "relgraph migrate" in response.json()["reason"]
    finally:
        store.write("schema_mark_applied", name="relgraph", checksum=old)


async def test_requests_without_a_valid_key_get_401(client: httpx.AsyncClient, store: Store) -> None:
    query = {"query": "{ accounts(first: 1) { totalCount } }"}
    assert (await client.post("/graphql", json=query)).status_code == 401
    bad = {"Authorization": "Bearer rg_0123456789ab_nope"}
    assert (await client.post("/graphql", json=query, headers=bad)).status_code == 401
    junk = {"Authorization": "Basic abc"}
    assert (await client.post("/graphql", json=query, headers=junk)).status_code == 401
    keys = ensure_keys(store, ["A-none"])
    ok = await client.post("/graphql", json=query, headers={"Authorization": f"Bearer {keys.reader}"})
    assert ok.status_code == 200, ok.text


async def test_scopes_are_enforced(client: httpx.AsyncClient, store: Store) -> None:
    keys = ensure_keys(store, ["A-none"])
    mutation = {"query": "mutation { upsertStaff(input: []) { __typename } }"}
    refused = await client.post("/graphql", json=mutation, headers={"Authorization": f"Bearer {keys.reader}"})
    assert refused.status_code == 200
    assert "lacks the 'write' scope" in refused.json()["errors"][0]["message"]
    query = {"query": "{ accounts(first: 1) { totalCount } }"}
    refused = await client.post("/graphql", json=query, headers={"Authorization": f"Bearer {keys.writer}"})
    assert "lacks the 'read' scope" in refused.json()["errors"][0]["message"]


async def test_graphiql_page_is_served_outside_production(client: httpx.AsyncClient) -> None:
    page = await client.get("/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert "graphiql" in page.text.lower()


def test_app_factory_connects_to_nothing() -> None:
    assert isinstance(create_app(Settings(neo4j_uri="bolt://127.0.0.1:1")), FastAPI)
