"""Putting the defences on an app: one `Hardening` per app holds the cost budget and the webhook wake-up.

In `api.app.create_app`::

    hardening = Hardening(settings)
    graphql = hardening.router(schema, context_getter=..., ...)
    ...
    hardening.install(app)

`router` serves the hardened schema (`api.security.schema.harden`) with subscriptions over
graphql-transport-ws only, authenticated at connection_init, at most
`limits.max_subscriptions_per_connection` per socket. `install` makes `LimitsMiddleware` the app's front
layer (`api.fastpath.GuardedFastAPI`), puts the risk event feed between the mutations and the subscribers
(`api.risk_feed`), and runs the feed and the webhook delivery worker in the lifespan.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

import strawberry
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL

from api.fastpath import GraphQLPost, GuardedFastAPI
from api.partners.fanout import webhook_worker
from api.risk_feed import FeedBus, RiskEventFeed
from api.security.budget import CostBudget
from api.security.middleware import LimitsMiddleware
from api.security.schema import harden
from api.security.websocket import KeyedGraphQLRouter
from graph.settings import Settings
from graph.store import AsyncStore

__all__ = ["Hardening"]


class Hardening:
    """The limits, budget and webhook delivery of one app."""

    def __init__(self, settings: Settings, *, run_webhook_worker: bool = True) -> None:
        self.settings = settings
        self.budget = CostBudget(settings.limits.cost_budget_per_minute)
        self.wake = asyncio.Event()
        self.run_webhook_worker = run_webhook_worker

    def schema(self, schema: strawberry.Schema) -> strawberry.Schema:
        return harden(schema, self.settings, self.budget)

    def router(self, schema: strawberry.Schema, **options: Any) -> KeyedGraphQLRouter:
        """A GraphQL router over the hardened `schema` (options as for `GraphQLRouter`)."""
        options["subscription_protocols"] = [GRAPHQL_TRANSPORT_WS_PROTOCOL]
        limits = self.settings.limits
        options.setdefault("max_subscriptions_per_connection", limits.max_subscriptions_per_connection)
        if self.settings.is_production:
            options["graphql_ide"] = None
        return KeyedGraphQLRouter(self.schema(schema), **options)

    def install(self, app: GuardedFastAPI, *, graphql_post: GraphQLPost | None = None) -> None:
        """The HTTP guards (the app's front layer, ahead of its middleware stack), webhook fan-out on the
        app's bus, and the delivery worker in its lifespan.

        `graphql_post`, when given, serves the `POST /graphql` requests that pass the guards
        (`api.fastpath`); the others go on to the app.
        """
        app.state.hardening = self
        app.state.cost_budget = self.budget
        app.front = LimitsMiddleware(app.behind_front, limits=self.settings.limits, budget=self.budget,
                                     graphql_post=graphql_post)
        feed = RiskEventFeed(app.state.bus, poll_seconds=self.settings.risk_feed_poll_seconds)
        app.state.risk_feed = feed
        app.state.bus = FeedBus(app.state.bus, wakes=(feed.wake, self.wake))
        inner = app.router.lifespan_context
        hardening = self

        @contextlib.asynccontextmanager
        async def lifespan(application: Any) -> AsyncIterator[Any]:
            async with inner(application) as state:
                # The webhook work shares the app's driver but counts its statements apart, so that a
                # request's statement count (the N+1 tests) never includes the worker's polling.
                api_store = application.state.store
                application.state.webhook_store = AsyncStore(api_store.driver, api_store.database,
                                                             timeout=api_store.timeout)
                worker_store = application.state.webhook_store
                async with feed.running(worker_store):
                    if not hardening.run_webhook_worker:
                        yield state
                        return
                    async with webhook_worker(worker_store, hardening.settings, hardening.wake):
                        yield state

        app.router.lifespan_context = lifespan
