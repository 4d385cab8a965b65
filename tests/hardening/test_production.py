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


_CREATE = """mutation($url: String!) { createWebhook(url: $url, minLevel: HIGH) {
  __typename ... on WebhookCreated { webhook { id } } ... on WebhookError { code message } } }"""
_DELETE = "mutation($id: String!) { deleteWebhook(id: $id) { __typename } }"


async def _create_webhook(app: FastAPI, token: str, url: str) -> dict[str, Any]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as http:
        r = await http.post("/graphql", json={"query": _CREATE, "variables": {"url": url}},
                            headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 200 and not r.json().get("errors"), r.text
        created: dict[str, Any] = r.json()["data"]["createWebhook"]
        if created["__typename"] == "WebhookCreated":  # leave no webhook behind for other tests
            delete = {"query": _DELETE, "variables": {"id": created["webhook"]["id"]}}
            r = await http.post("/graphql", json=delete, headers={"Authorization": f"Bearer {token}"})
            assert r.json()["data"]["deleteWebhook"]["__typename"] == "WebhookDeleted", r.text
        return created


async def test_webhook_urls_must_be_public_https_in_production_only(
    prod_app: FastAPI, hard_app: FastAPI, world: World, demo_world: Any
) -> None:
    # As docs/security.md says: production only (the test environment posts to local receivers).
    for url in ("http://partner.example/hook", "https://127.0.0.1/hook", "https://10.1.2.3/hook"):
        refused = await _create_webhook(prod_app, world.writer, url)
        assert refused["__typename"] == "WebhookError" and refused["code"] == "INVALID_URL", (url, refused)
        accepted = await _create_webhook(hard_app, world.writer, url)  # RELGRAPH_ENV=test
        assert accepted["__typename"] == "WebhookCreated", (url, accepted)
    assert (await _create_webhook(prod_app, world.writer, "https://partner.example/hook"))["__typename"] == (
        "WebhookCreated"
    )
