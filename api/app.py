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
from starlette.exceptions import HTTPException
from starlette.requests import HTTPConnection
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL

from api.auth import KeyCache
from api.context import Context
from api.deps import StoreDep, caller_of
from api.events import InProcessRiskBus, RiskBus
from api.fastpath import GraphQLPost, GuardedFastAPI
from api.http_errors import http_error
from api.schema import schema
from api.security.install import Hardening
from graph.collector import SERVING_GC_THRESHOLD, fewer_collections
from graph.migrate import SCHEMA_NAME, schema_checksum
from graph.settings import Settings, load_settings
from graph.store import AsyncStore

__all__ = ["create_app"]

log = logging.getLogger("relgraph.api")

# How long `/readyz` waits for Neo4j, connection included, before answering 503: well under the few
# seconds a readiness probe allows (a healthy Neo4j answers in milliseconds).
READINESS_TIMEOUT_SECONDS = 2.0


async def get_context(connection: HTTPConnection) -> Context:
    """The GraphQL context of one request, its API key checked (401 without a valid one).

    One dependency that reads the app's state itself: FastAPI resolves each sub-dependency per request,
    and the four (store, caller, settings, bus) cost more than the whole query of a single account.
    """
    state = connection.app.state
    caller = await caller_of(connection, state.store, state.key_cache, state.settings)
    return Context(store=state.store, caller=caller, settings=state.settings, bus=state.bus)


def create_app(settings: Settings | None = None, *, bus: RiskBus | None = None) -> GuardedFastAPI:
    """Build the API for `settings` (default: from the environment).

    Parameters
    ----------
    settings : Settings, optional
    bus : RiskBus, optional
        Where this process's `riskChanged` subscribers listen; the risk event feed (`api.risk_feed`)
        publishes every change there, whichever process or command made it.
    """
    settings = settings or load_settings()  # a value that does not validate: one line naming it

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        store = AsyncStore.open(settings)
        app.state.store = store
        # Which environment and which Neo4j this process serves, first thing in its log.
        log.info(
            "serving with RELGRAPH_ENV=%s, Neo4j %s (database %s)",
            settings.env, settings.neo4j_uri, settings.neo4j_database,
        )
        try:
            with fewer_collections(SERVING_GC_THRESHOLD):
                yield
        finally:
            await store.close()

    app = GuardedFastAPI(
        title="relgraph",
        description="Customer relationship intelligence over a Neo4j graph.",
        lifespan=lifespan,
        docs_url=None if settings.is_production else "/docs",
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.bus = bus or InProcessRiskBus()
    app.state.key_cache = KeyCache()
    app.add_exception_handler(HTTPException, http_error)

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
            # One statement, once, bounded: reading the schema mark proves that Neo4j answers.
            rows = await store.probe("schema_applied", within=READINESS_TIMEOUT_SECONDS, name=SCHEMA_NAME)
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

    hardening.install(app, graphql_post=GraphQLPost(app, graphql, get_context))
    return app
