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

`LimitsMiddleware` hands it the requests it takes, after its guards. The guards themselves are the app's
front layer (`GuardedFastAPI`): every `/graphql` HTTP request meets them before Starlette's middleware
stack (error middleware, FastAPI's exception telemetry and body limit), which a fast-path request then
never enters (about 7% of the server's CPU on a query for one account). An exception escaping the fast
path is answered 500 and logged by the server, as Starlette's error middleware would. The fast path
steps aside, and every request takes FastAPI's way, when something must see every request: middleware
added to the app, a handler of server errors, FastAPI's OpenTelemetry instrumentation, or a configured
root path.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from cross_web import HTTPException as ViewHTTPException
from fastapi import FastAPI
from starlette.background import BackgroundTasks
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.types import Receive, Scope, Send
from strawberry.exceptions import MissingQueryError
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.types.graphql import OperationType

from api.request_body import NOT_AN_OBJECT, NOT_JSON

__all__ = ["SUB_RESPONSE_SCOPE_KEY", "GraphQLPost", "GuardedFastAPI"]

# Where the request's sub-response (the status and headers resolvers may set) travels to the view.
SUB_RESPONSE_SCOPE_KEY = "relgraph.sub_response"

# What the view lets a POST ask for (subscriptions too, for a multipart protocol that would stream them;
# the schema's `execute` refuses them with the transport to use: api.operation_choice).
_POST_OPERATIONS = frozenset(OperationType.from_http("POST"))


class GuardedFastAPI(FastAPI):
    """FastAPI with a front layer (`front`, e.g. `LimitsMiddleware`) that meets the requests it serves
    before the app's middleware stack; the front hands on to `behind_front` what it does not answer."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.front: Front | None = None

    async def behind_front(self, scope: Scope, receive: Receive, send: Send) -> None:
        """The app as if it had no front layer."""
        await super().__call__(scope, receive, send)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        front = self.front
        if front is not None and front.serves(scope):
            scope["app"] = self  # as Starlette sets it: `request.app` in the handlers
            await front(scope, receive, send)
        else:
            await super().__call__(scope, receive, send)


class Front(Protocol):
    """What `GuardedFastAPI` needs of its front layer: an ASGI app that says which requests it serves."""

    def serves(self, scope: Scope) -> bool: ...

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None: ...


def _alone(app: FastAPI) -> bool:
    """Whether nothing but the route must see a request: no middleware added, no root path, no handler
    of server errors (Starlette's error middleware would call it), and no OpenTelemetry instrumentation
    of FastAPI's own (a private attribute: absent, it is taken as off)."""
    if app.user_middleware or app.root_path or {500, Exception} & app.exception_handlers.keys():
        return False
    telemetry = getattr(app, "_native_telemetry", None)
    try:
        return not (telemetry is not None and telemetry.enabled())
    except Exception:  # a FastAPI whose telemetry cannot tell: the safe way is FastAPI's
        return False


class GraphQLPost:
    """An ASGI handler for `POST <path>` that runs the GraphQL view of `router` directly."""

    def __init__(self, app: FastAPI, router: Any, context_getter: Callable[[Request], Awaitable[Any]],
                 path: str = "/graphql") -> None:
        self.app = app  # the FastAPI app: its exception handlers
        self.router = router
        self.context_getter = context_getter
        self.path = path
        # Decided at the first request: Starlette refuses new middleware once an app has started.
        self._alone: bool | None = None

    def takes(self, scope: Scope) -> bool:
        """Whether this request is one the FastAPI route would have served exactly so."""
        if not (
            scope["type"] == "http"
            and scope["method"] == "POST"
            and scope["path"] == self.path
            and not scope.get("root_path")
        ):
            return False
        if self._alone is None:
            self._alone = _alone(self.app)
        return self._alone

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
            handled = handler(request, exc)
            response = await handled if inspect.isawaitable(handled) else handled
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
        except json.JSONDecodeError as exc:  # undecodable bytes too (`api.request_body`)
            raise ViewHTTPException(400, NOT_JSON) from exc
        if not isinstance(data, dict):
            if not isinstance(data, list):  # JSON that is no operation: refused as the view refuses it
                raise ViewHTTPException(400, NOT_AN_OBJECT)
            return await self.router.run(request=request, context=context, root_value=None)  # a batch
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
