"""The FastAPI application: `/graphql` (Strawberry), `/healthz` and `/readyz`.

`create_app` is a factory (`uvicorn api.app:create_app --factory`): nothing connects at import time.
The `AsyncStore` (one driver per process) opens in the lifespan and closes with it.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.responses import JSONResponse
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL

from api.auth import KeyCache
from api.context import Context
from api.deps import BusDep, CallerDep, SettingsDep, StoreDep
from api.events import InProcessRiskBus, RiskBus
from api.schema import schema
from api.security.install import Hardening
from graph.migrate import SCHEMA_NAME, schema_checksum
from graph.settings import Settings
from graph.store import AsyncStore

__all__ = ["create_app"]

log = logging.getLogger("relgraph.api")


async def get_context(store: StoreDep, caller: CallerDep, settings: SettingsDep, bus: BusDep) -> Context:
    """The GraphQL context of one request (its key already checked by `CallerDep`)."""
    return Context(store=store, caller=caller, settings=settings, bus=bus)


def create_app(settings: Settings | None = None, *, bus: RiskBus | None = None) -> FastAPI:
    """Build the API for `settings` (default: from the environment).

    Parameters
    ----------
    settings : Settings, optional
    bus : RiskBus, optional
        Where risk changes are published; the default reaches this process's subscribers only
        (several workers need a shared bus: see `api.events`).
    """
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        store = AsyncStore.open(settings)
        app.state.store = store
        try:
            yield
        finally:
            await store.close()

    app = FastAPI(
        title="relgraph",
        description="Customer relationship intelligence over a Neo4j graph.",
        lifespan=lifespan,
        docs_url=None if settings.is_production else "/docs",
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.bus = bus or InProcessRiskBus()
    app.state.key_cache = KeyCache()

    # Limits, budget, connection_init auth and webhook delivery (api.security, the hardening stream).
    hardening = Hardening(settings)
    graphql = hardening.router(
        schema,
        context_getter=get_context,
        graphql_ide="graphiql" if not settings.is_production else None,
        allow_queries_via_get=False,
        subscription_protocols=[GRAPHQL_TRANSPORT_WS_PROTOCOL],
    )
    app.include_router(graphql, prefix="/graphql")

    @app.get("/healthz", summary="The process lives.")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz", summary="Neo4j answers and the schema is applied.")
    async def readyz(store: StoreDep) -> JSONResponse:
        try:
            await store.read("ping")
            rows = await store.read("schema_applied", name=SCHEMA_NAME)
        except Exception as exc:  # any failure to reach Neo4j means not ready, with the reason
            log.warning("readyz: Neo4j unavailable: %s", exc)
            return JSONResponse({"status": "unavailable", "reason": f"Neo4j does not answer: {exc}"}, 503)
        expected = schema_checksum()
        if not rows or rows[0]["checksum"] != expected:
            found = rows[0]["checksum"] if rows else None
            return JSONResponse(
                {
                    "status": "unavailable",
                    "reason": f"schema not applied (found {found}, expected {expected}): run "
                    "`relgraph migrate`",
                },
                503,
            )
        return JSONResponse({"status": "ready", "schema": expected})

    hardening.install(app)
    return app
