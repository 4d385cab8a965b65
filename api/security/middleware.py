"""`LimitsMiddleware`: the HTTP guards in front of GraphQL (pure ASGI, so it sees every request first).

- a body larger than `max_body_bytes` is refused with 413 before anything parses it;
- a JSON array (a batch) is refused with 400 unless batching is on (`max_batch_operations`);
- a key whose cost budget is already spent is refused with 429 and Retry-After before parsing;
  a request that spends the rest (marked by `OperationLimits`) is turned into a 429 too;
- a request still running after `request_timeout_seconds` is answered 504 (Neo4j's own transaction
  timeout, `neo4j_transaction_timeout_seconds`, stops the query on the server side).
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.fastpath import GraphQLPost
from api.security.budget import CostBudget
from api.security.extension import RATE_LIMIT_SCOPE_KEY
from graph.apikeys import parse_token
from graph.settings import ApiLimits

__all__ = ["LimitsMiddleware"]


async def _reply(send: Send, status: int, message: str, code: str,
                 headers: dict[str, str] | None = None) -> None:
    body = json.dumps({"errors": [{"message": message, "extensions": {"code": code}}]}).encode()
    raw = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    raw += [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


def _key_id(scope: Scope) -> str | None:
    for name, value in scope.get("headers") or ():
        if name == b"authorization":
            scheme, _, token = value.decode("latin-1").strip().partition(" ")
            return parse_token(token.strip()) if scheme.lower() == "bearer" else None
    return None


class LimitsMiddleware:
    """Body size, batching, budget and timeout guards for the HTTP requests of `paths`."""

    def __init__(self, app: ASGIApp, *, limits: ApiLimits, budget: CostBudget | None,
                 paths: tuple[str, ...] = ("/graphql",), graphql_post: GraphQLPost | None = None) -> None:
        self.app = app
        self.limits = limits
        self.budget = budget
        self.paths = paths
        self.graphql_post = graphql_post

    def serves(self, scope: Scope) -> bool:
        """Whether the guards apply to this request (as the front layer of `api.fastpath.GuardedFastAPI`,
        it only ever sees those)."""
        return scope["type"] == "http" and scope["path"].startswith(self.paths)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not self.serves(scope):
            await self.app(scope, receive, send)
            return
        lim = self.limits
        for name, value in scope.get("headers") or ():
            if name == b"content-length" and value.isdigit() and int(value) > lim.max_body_bytes:
                await _reply(send, 413, f"the request body is larger than {lim.max_body_bytes} bytes",
                             "BODY_TOO_LARGE")
                return
        body = bytearray()
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body.extend(message.get("body", b""))
            more = message.get("more_body", False)
            if len(body) > lim.max_body_bytes:
                await _reply(send, 413, f"the request body is larger than {lim.max_body_bytes} bytes",
                             "BODY_TOO_LARGE")
                return
        if lim.max_batch_operations == 0 and bytes(body[:64]).lstrip().startswith(b"["):
            await _reply(send, 400, "batched operations (a JSON array) are not accepted: send one operation "
                         "per request", "BATCHING_DISABLED")
            return
        key_id = _key_id(scope)
        if self.budget is not None and key_id is not None:
            verdict = self.budget.peek(key_id)
            if not verdict.allowed:
                await _reply(send, 429, f"this API key spent its budget of {self.budget.per_minute} points a "
                             f"minute; retry in {verdict.retry_after}s", "RATE_LIMITED",
                             {"Retry-After": str(verdict.retry_after)})
                return
        await self._run(scope, bytes(body), send)

    async def _run(self, scope: Scope, body: bytes, send: Send) -> None:
        sent = False
        started = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            await asyncio.Event().wait()  # nothing more: wait like a client that keeps the line open
            raise AssertionError("unreachable")

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                retry_after: Any = scope.get(RATE_LIMIT_SCOPE_KEY)
                if retry_after is not None:
                    headers = [(k, v) for k, v in message.get("headers", []) if k != b"retry-after"]
                    headers.append((b"retry-after", str(retry_after).encode()))
                    message = {**message, "status": 429, "headers": headers}
            await send(message)

        # A GraphQL POST goes straight to the view when the app gave us its fast path (api.fastpath).
        target: ASGIApp = self.app
        if self.graphql_post is not None and self.graphql_post.takes(scope):
            target = self.graphql_post
        try:
            # asyncio.timeout runs the app in this task (wait_for would start a task per request).
            async with asyncio.timeout(self.limits.request_timeout_seconds):
                await target(scope, replay, guarded_send)
        except TimeoutError:
            if not started:
                seconds = self.limits.request_timeout_seconds
                await _reply(send, 504, f"the request took longer than {seconds}s", "TIMEOUT")
