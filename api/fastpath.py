"""`POST /graphql` without FastAPI's routing and dependency injection in front of Strawberry.

A GraphQL request through FastAPI resolves the router's endpoint dependencies (request, response,
Strawberry's context wrapper, our context getter, the root value) on every call; on a query for one
account that costs about as much as executing the query itself. `GraphQLPost` does the same work
directly: it builds the context with the app's context getter (which checks the API key and answers
401 through the app's HTTPException handler, as before), fills in what Strawberry's FastAPI context
carries (request, response, background tasks) and runs the router's view. GET (GraphiQL), websockets
and every other path still go through FastAPI; the POST route stays registered there too (OpenAPI,
and any request the fast path does not take, e.g. under a root path).

`LimitsMiddleware` hands it the requests it takes, after its guards.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from cross_web import HTTPException as ViewHTTPException
from starlette.background import BackgroundTasks
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.types import Receive, Scope, Send

__all__ = ["SUB_RESPONSE_SCOPE_KEY", "GraphQLPost"]

# Where the request's sub-response (the status and headers resolvers may set) travels to the view.
SUB_RESPONSE_SCOPE_KEY = "relgraph.sub_response"


class GraphQLPost:
    """An ASGI handler for `POST <path>` that runs the GraphQL view of `router` directly."""

    def __init__(self, app: Any, router: Any, context_getter: Callable[[Request], Awaitable[Any]],
                 path: str = "/graphql") -> None:
        self.app = app  # the FastAPI app: its exception handlers
        self.router = router
        self.context_getter = context_getter
        self.path = path

    def takes(self, scope: Scope) -> bool:
        """Whether this request is one the FastAPI route would have served exactly so."""
        return (
            scope["type"] == "http"
            and scope["method"] == "POST"
            and scope["path"] == self.path
            and not scope.get("root_path")
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        response: Response
        try:
            context = await self.context_getter(request)
        except HTTPException as exc:
            handler = self.app.exception_handlers.get(HTTPException) or self.app.exception_handlers.get(
                type(exc)
            )
            if handler is None:
                raise
            response = await handler(request, exc)
        else:
            # As FastAPI makes the `response` it injects: no length, no status until someone sets one.
            sub_response = Response()
            del sub_response.headers["content-length"]
            sub_response.status_code = None  # type: ignore[assignment]
            tasks = BackgroundTasks()
            # What Strawberry's FastAPI context getter sets on a BaseContext.
            context.request = request
            context.response = sub_response
            context.background_tasks = tasks
            scope[SUB_RESPONSE_SCOPE_KEY] = sub_response
            try:
                response = await self.router.run(request=request, context=context, root_value=None)
            except ViewHTTPException as exc:
                response = PlainTextResponse(exc.reason, status_code=exc.status_code)
            if tasks.tasks:
                response.background = tasks
        await response(scope, receive, send)
