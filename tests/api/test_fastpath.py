"""`POST /graphql` answers the same through the fast path (`api.fastpath`) as through FastAPI's route,
and the fast path is taken only when nothing else must see the request.

A request under a root path is one the fast path does not take: FastAPI routes it to Strawberry's view.
Each request below goes both ways, on the real app and Neo4j, and the answers (status, content type,
body) must be the same: good operations, GraphQL errors, and every malformed body the view turns into a
400, including the ones the fast path hands to the view (batches, other content types).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from api.app import create_app
from api.fastpath import GraphQLPost, GuardedFastAPI
from graph.settings import ApiLimits, Settings
from tests.api.conftest import Keys

ONE_ACCOUNT = "query($k: String!) { account(key: $k) { key name risk { level } } }"

REQUESTS: dict[str, tuple[str, Any]] = {
    "a query with variables": ("application/json", {"query": ONE_ACCOUNT, "variables": {"k": "ACCOUNT"}}),
    "named operations": (
        "application/json; charset=utf-8",
        {"query": "query A { __typename } query B { __typename }", "operationName": "B"},
    ),
    "a missing operation name": (
        "application/json", {"query": "query A{accounts(first:1){totalCount}} query B{portfolio{accounts}}"}
    ),
    "a query and a mutation without a name": (
        "application/json", {"query": "query A { __typename } mutation B { __typename }"}
    ),
    "an unknown operation name": (
        "application/json",
        {"query": "query A { __typename } query B { __typename }", "operationName": "C"},
    ),
    "several operations, one invalid": (
        "application/json", {"query": "query A { nope } query B { __typename }"}
    ),
    "a subscription": ("application/json", {"query": "subscription { riskChanged { accountKey } }"}),
    "a mutation and a named subscription": (
        "application/json",
        {"query": "mutation A { __typename } subscription B { riskChanged { accountKey } }",
         "operationName": "B"},
    ),
    "an unknown field": ("application/json", {"query": "{ nope }"}),
    "a syntax error": ("application/json", {"query": "{ account(key: "}),
    "a variable of the wrong type": ("application/json", {"query": ONE_ACCOUNT, "variables": {"k": 5}}),
    "no query": ("application/json", {"variables": {}}),
    "a query that is not a string": ("application/json", {"query": 5}),
    "variables that are not an object": ("application/json", {"query": "{ __typename }", "variables": [1]}),
    "extensions that are not an object": ("application/json", {"query": "{ __typename }", "extensions": 1}),
    "not JSON": ("application/json", b"{not json"),
    "an invalid UTF-8 byte": ("application/json", b'{"query": "{ __typename \xff}"}'),
    "JSON nested too deep to decode": (
        "application/json",
        b'{"query": "{ __typename }", "variables": {"x": ' + b"[" * 5000 + b"]" * 5000 + b"}}",
    ),
    "a deep variable": (
        "application/json",
        b'{"query": "query($x: [String!]) { account(key: \\"none\\") { risk(without: $x) { score } } }", '
        b'"variables": {"x": ' + b"[" * 700 + b"]" * 700
        + b"}}",
    ),
    "a JSON string": ("application/json", "hello"),
    "JSON null": ("application/json", None),
    "a JSON number": ("application/json", 5),
    "JSON true": ("application/json", True),
    "a batch": ("application/json", [{"query": "{ __typename }"}, {"query": "{ __typename }"}]),
    "another content type": ("text/plain", {"query": "{ __typename }"}),
}
# What graphql-core answers when no operation can be chosen (Strawberry's view ran the first one).
MULTIPLE = "Must provide operation name if query contains multiple operations."
NO_OPERATION_CHOSEN = {
    "a missing operation name": MULTIPLE,
    "a query and a mutation without a name": MULTIPLE,
    "an unknown operation name": "Unknown operation named 'C'.",
}
# A subscription over POST (Strawberry's view executed it as a query: a masked "Unexpected error.").
SUBSCRIPTION_REFUSED = (
    "subscriptions are not allowed when using POST: subscribe over a websocket with the graphql-transport-ws "
    "protocol"
)


@pytest.fixture
async def full_view(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """A client whose requests carry a root path: the fast path leaves them to FastAPI's route."""
    transport = httpx.ASGITransport(app=app, root_path="/behind-a-proxy")
    async with httpx.AsyncClient(transport=transport, base_url="http://relgraph.test") as c:
        yield c


async def _post(client: httpx.AsyncClient, token: str, content_type: str, body: Any) -> httpx.Response:
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    headers = {"Authorization": f"Bearer {token}", "Content-Type": content_type}
    return await client.post("/graphql", content=content, headers=headers)


@pytest.mark.parametrize("name", list(REQUESTS))
async def test_the_fast_path_answers_as_the_view(
    name: str, client: httpx.AsyncClient, full_view: httpx.AsyncClient, demo_keys: Keys, store: Any
) -> None:
    content_type, body = REQUESTS[name]
    if isinstance(body, dict) and body.get("variables") == {"k": "ACCOUNT"}:
        account = sorted(r["key"] for r in store.read("api_account_keys", allowed=None))[0]
        body = {**body, "variables": {"k": account}}
    fast = await _post(client, demo_keys.reader, content_type, body)
    full = await _post(full_view, demo_keys.reader, content_type, body)
    assert (fast.status_code, fast.headers.get("content-type"), fast.text) == (
        full.status_code,
        full.headers.get("content-type"),
        full.text,
    )
    if name == "a query with variables":
        assert fast.status_code == 200 and fast.json()["data"]["account"]["key"] == body["variables"]["k"]
    if name in ("not JSON", "no query", "a query that is not a string"):
        assert fast.status_code == 400 and fast.text  # a reason a client can read
    if name in ("an invalid UTF-8 byte", "not JSON", "JSON nested too deep to decode"):
        assert fast.text == "Unable to parse request body as JSON"
    if name in ("a JSON string", "JSON null", "a JSON number", "JSON true"):
        assert (fast.status_code, fast.text) == (400, "The GraphQL request must be a JSON object.")
    if name == "a deep variable":  # decoded, measured without recursion, refused by its type
        assert fast.status_code == 200
        assert [e["extensions"]["code"] for e in fast.json()["errors"]] == ["INVALID_INPUT"]
    if name in NO_OPERATION_CHOSEN:
        assert fast.status_code == 200
        assert fast.json() == {"data": None, "errors": [
            {"message": NO_OPERATION_CHOSEN[name], "extensions": {"code": "OPERATION_RESOLUTION_FAILURE"}}
        ]}
    if name == "several operations, one invalid":  # validation first, as in graphql-core
        assert fast.json()["errors"][0]["message"].startswith("Cannot query field 'nope' on type 'Query'.")
    if name in ("a subscription", "a mutation and a named subscription"):
        assert (fast.status_code, fast.text) == (400, SUBSCRIPTION_REFUSED)


STREAMS = ["multipart/mixed;subscriptionSpec=1.0,application/json", "text/event-stream"]


@pytest.mark.parametrize("accept", STREAMS)
async def test_a_subscription_asking_for_a_stream_is_refused_with_the_transport_to_use(
    accept: str, client: httpx.AsyncClient, demo_keys: Keys
) -> None:
    """Neither multipart nor SSE subscriptions are served (only graphql-transport-ws): the view, to which
    the fast path hands a streaming `Accept`, executed the subscription as a query."""
    headers = {"Authorization": f"Bearer {demo_keys.reader}", "Accept": accept}
    answer = await client.post("/graphql", json={"query": "subscription { riskChanged { accountKey } }"},
                               headers=headers)
    assert (answer.status_code, answer.text) == (400, SUBSCRIPTION_REFUSED)


async def test_with_batching_on_a_batch_item_that_is_no_object_is_a_400(
    settings: Settings, demo_keys: Keys
) -> None:
    """A batch goes to the view, which read each item with `.get` (a 500 for a string)."""
    app = create_app(settings.model_copy(update={"limits": ApiLimits(max_batch_operations=5)}))
    async with app.router.lifespan_context(app):
        for root_path in ("", "/behind-a-proxy"):  # the fast path hands batches on; FastAPI's route
            transport = httpx.ASGITransport(app=app, root_path=root_path)
            async with httpx.AsyncClient(transport=transport, base_url="http://relgraph.test") as c:
                one = {"query": "{ __typename }"}
                bad = await _post(c, demo_keys.reader, "application/json", [one, "x"])
                assert bad.status_code == 400
                assert bad.text == "Each operation of a batch must be a JSON object."
                good = await _post(c, demo_keys.reader, "application/json", [one, one])
                assert good.status_code == 200
                assert good.json() == [{"data": {"__typename": "Query"}}] * 2


async def test_both_paths_refuse_a_missing_key(
    client: httpx.AsyncClient, full_view: httpx.AsyncClient
) -> None:
    body = {"query": "{ __typename }"}
    fast = await client.post("/graphql", json=body)
    full = await full_view.post("/graphql", json=body)
    assert fast.status_code == full.status_code == 401
    assert fast.json() == full.json()


async def test_only_the_plain_client_takes_the_fast_path(
    client: httpx.AsyncClient, full_view: httpx.AsyncClient, demo_keys: Keys, monkeypatch: pytest.MonkeyPatch
) -> None:
    taken: list[str] = []
    original = GraphQLPost._run_json

    async def counted(self: GraphQLPost, *args: Any) -> Any:
        taken.append("fast")
        return await original(self, *args)

    monkeypatch.setattr(GraphQLPost, "_run_json", counted)
    body = {"query": "{ __typename }"}
    assert (await _post(full_view, demo_keys.reader, "application/json", body)).status_code == 200
    assert taken == []
    assert (await _post(client, demo_keys.reader, "application/json", body)).status_code == 200
    assert taken == ["fast"]


async def test_a_fast_request_skips_the_middleware_stack(
    app: FastAPI, client: httpx.AsyncClient, demo_keys: Keys, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The guards are the app's front layer: a GraphQL POST they pass never enters FastAPI's stack, which
    still serves everything else (and the guards still refuse what they refuse)."""
    entered: list[str] = []
    stack = app.middleware_stack or app.build_middleware_stack()

    async def recorded(scope: Any, receive: Any, send: Any) -> None:
        entered.append(scope["path"])
        await stack(scope, receive, send)

    monkeypatch.setattr(app, "middleware_stack", recorded)
    assert isinstance(app, GuardedFastAPI)
    body = {"query": "{ __typename }"}
    assert (await _post(client, demo_keys.reader, "application/json", body)).status_code == 200
    assert entered == []
    assert (await client.get("/healthz")).status_code == 200
    assert entered == ["/healthz"]
    too_large = b'{"query": "' + b"x" * app.state.settings.limits.max_body_bytes + b'"}'
    refused = await _post(client, demo_keys.reader, "application/json", too_large)
    assert refused.status_code == 413
    assert refused.json()["errors"][0]["extensions"]["code"] == "BODY_TOO_LARGE"
    # A GET of /graphql (the IDE) is the guards' too, and goes on to FastAPI's route.
    await client.get("/graphql", headers={"Accept": "text/html"})
    assert entered == ["/healthz", "/graphql"]


async def test_added_middleware_sees_every_request(settings: Settings, demo_keys: Keys) -> None:
    """Middleware added to the app must see GraphQL requests too: the fast path steps aside for it, and
    the guards still come first."""
    app = create_app(settings)
    seen: list[str] = []

    class Recording:
        def __init__(self, inner: Any) -> None:
            self.inner = inner

        async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
            if scope["type"] == "http":
                seen.append(f'{scope["method"]} {scope["path"]}')
            await self.inner(scope, receive, send)

    app.add_middleware(Recording)
    async with app.router.lifespan_context(app), httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://relgraph.test"
    ) as c:
        answer = await _post(c, demo_keys.reader, "application/json", {"query": "{ __typename }"})
        assert answer.status_code == 200 and answer.json() == {"data": {"__typename": "Query"}}
        assert seen == ["POST /graphql"]
        assert (await _post(c, demo_keys.reader, "application/json", [{"query": "{ a }"}])).status_code == 400
        assert seen == ["POST /graphql"]  # the guards refused the batch before the stack


def test_a_server_error_handler_sends_requests_through_fastapi(settings: Settings) -> None:
    """Starlette's error middleware calls a handler of server errors: with one, no request skips it."""
    scope = {"type": "http", "method": "POST", "path": "/graphql"}
    plain = create_app(settings)
    assert plain.front is not None and plain.front.graphql_post.takes(scope)  # type: ignore[attr-defined]

    async def handler(request: Any, exc: Exception) -> Any:  # pragma: no cover - never called here
        raise exc

    handled = create_app(settings)
    handled.add_exception_handler(Exception, handler)
    assert handled.front is not None and not handled.front.graphql_post.takes(scope)  # type: ignore[attr-defined]
