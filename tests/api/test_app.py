"""The app's basics: health, readiness, and refusing requests without a valid key."""

from __future__ import annotations

import socket
import time

import httpx
from fastapi import FastAPI

from api.app import READINESS_TIMEOUT_SECONDS, create_app
from graph.settings import Settings
from graph.store import Store
from tests.api.conftest import ensure_keys


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def _health_without_neo4j(uri: str) -> tuple[httpx.Response, httpx.Response, float]:
    """`/healthz`, `/readyz` and the seconds `/readyz` took, of an app whose Neo4j is `uri`."""
    app = create_app(Settings(neo4j_uri=uri))
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c,
    ):
        health = await c.get("/healthz")
        started = time.monotonic()
        ready = await c.get("/readyz")
        return health, ready, time.monotonic() - started


async def test_readyz_answers_503_at_once_when_nothing_listens() -> None:
    # The driver's managed retries used to hold the answer for ~30 s: a readiness probe times out first.
    health, ready, seconds = await _health_without_neo4j(f"bolt://127.0.0.1:{_free_port()}")
    assert health.json() == {"status": "ok"}
    assert ready.status_code == 503
    assert "Neo4j does not answer" in ready.json()["reason"]
    assert seconds <= 3.0, seconds


async def test_readyz_answers_503_in_time_when_neo4j_never_answers() -> None:
    # A port that accepts connections and never speaks Bolt (a hung server, a half-open network path).
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        health, ready, seconds = await _health_without_neo4j(f"bolt://127.0.0.1:{silent.getsockname()[1]}")
    assert health.status_code == 200
    assert ready.status_code == 503
    assert "Neo4j does not answer" in ready.json()["reason"]
    assert READINESS_TIMEOUT_SECONDS <= seconds <= 3.0, seconds


async def test_readyz_checks_the_schema_checksum(client: httpx.AsyncClient, store: Store) -> None:
    # The statement's first run on a fresh server compiles it, which on a loaded test machine can take
    # longer than the probe waits (a 503 the next probe clears): run it once first.
    old = store.read("schema_applied", name="relgraph")[0]["checksum"]
    response = await client.get("/readyz")
    assert response.status_code == 200, response.text
    assert response.json() == {"status": "ready", "schema": old}
    store.write("schema_mark_applied", name="relgraph", checksum="stale")
    try:
        response = await client.get("/readyz")
        assert response.status_code == 503
        assert "relgraph migrate" in response.json()["reason"]
    finally:
        store.write("schema_mark_applied", name="relgraph", checksum=old)


async def test_requests_without_a_valid_key_get_401(client: httpx.AsyncClient, store: Store) -> None:
    query = {"query": "{ accounts(first: 1) { totalCount } }"}
    refused = await client.post("/graphql", json=query)
    assert refused.status_code == 401
    assert refused.headers["www-authenticate"] == "Bearer"
    # FastAPI's detail for scripts, and the GraphQL shape for GraphQL clients, with the same reason.
    body = refused.json()
    assert body["detail"].startswith("missing or invalid API key")
    assert body["errors"] == [{"message": body["detail"], "extensions": {"code": "UNAUTHENTICATED"}}]
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
