"""`POST /graphql` without FastAPI's routing and dependency injection in front of Strawberry.

A GraphQL request through FastAPI resolves the router's endpoint dependencies (request, response,
Strawberry's context wrapper, our context getter, the root value) on every call; on a query for one
account that costs about as much as executing the query itself. `GraphQLPost` does the same work
directly: it builds the context with the app's context getter (which checks the API key and answers
401 through the app's HTTPException handler, as before), fills in what Strawberry's FastAPI context
carries (request, response, background tasks) and runs the router's view. GET (GraphiQL), websockets
and every other path still go through FastAPI; the POST route stays registered there too (OpenAPI,
and any request the fast path does not take, e.g. under a root path).

The common request, one operation as `application/json` without a streaming `Accept`, skips the view's
general dispatch too (content-type parsing through `email.message`, stream transports, batches, uploads):
`_run_json` checks the body as the view does, with the same 400 answers, executes it on the view's schema
and answers through the view's own `process_result` and `create_response`. Anything else goes to the view.

`LimitsMiddleware` hands it the requests it takes, after its guards.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from cross_web import HTTPException as ViewHTTPException
from starlette.background import BackgroundTasks
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.types import Receive, Scope, Send
from strawberry.exceptions import MissingQueryError
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.types.graphql import OperationType

__all__ = ["SUB_RESPONSE_SCOPE_KEY", "GraphQLPost"]

# Where the request's sub-response (the status and headers resolvers may set) travels to the view.
SUB_RESPONSE_SCOPE_KEY = "relgraph.sub_response"

# What the view lets a POST run (subscriptions too: its multipart protocol streams them).
_POST_OPERATIONS = frozenset(OperationType.from_http("POST"))


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
                response = await self._run_json(request, context, sub_response)
            except ViewHTTPException as exc:
                response = PlainTextResponse(exc.reason, status_code=exc.status_code)
            if tasks.tasks:
                response.background = tasks
        await response(scope, receive, send)

    async def _run_json(self, request: Request, context: Any, sub_response: Response) -> Response:
        """One JSON operation executed as the view would; any other request handed to the view."""
        headers = request.headers
        media_type = headers.get("content-type", "").split(";", 1)[0].strip().lower()
        accept = headers.get("accept", "").lower()
        if media_type != "application/json" or "multipart" in accept or "event-stream" in accept:
            return await self.router.run(request=request, context=context, root_value=None)
        try:
            data = self.router.decode_json(await request.body())
        except json.JSONDecodeError as exc:
            raise ViewHTTPException(400, "Unable to parse request body as JSON") from exc
        if not isinstance(data, dict):  # a batch (a list), or JSON that is no operation: the view decides
            return await self.router.run(request=request, context=context, root_value=None)
        query, variables, extensions = data.get("query"), data.get("variables"), data.get("extensions")
        if not isinstance(query, (str, type(None))):
            raise ViewHTTPException(
                400, "The GraphQL operation's `query` must be a string or null, if provided."
            )
        if not isinstance(variables, (dict, type(None))):
            raise ViewHTTPException(
                400, "The GraphQL operation's `variables` must be an object or null, if provided."
            )
        if not isinstance(extensions, (dict, type(None))):
            raise ViewHTTPException(
                400, "The GraphQL operation's `extensions` must be an object or null, if provided."
            )
        try:
            result = await self.router.schema.execute(
                query,
                root_value=None,
                variable_values=variables,
                context_value=context,
                operation_name=data.get("operationName"),
                allowed_operation_types=_POST_OPERATIONS,
                operation_extensions=extensions,
            )
        except CannotGetOperationTypeError as exc:
            raise ViewHTTPException(400, exc.as_http_error_reason()) from exc
        except InvalidOperationTypeError as exc:
            raise ViewHTTPException(400, exc.as_http_error_reason("POST")) from exc
        except MissingQueryError as exc:
            raise ViewHTTPException(400, "No GraphQL query found in the request") from exc
        response_data = await self.router.process_result(request=request, result=result)
        if result.errors:
            self.router._handle_errors(result.errors, response_data)
        return self.router.create_response(response_data=response_data, sub_response=sub_response)
