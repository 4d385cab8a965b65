"""Subscriptions over graphql-transport-ws only, authenticated at `connection_init`.

Browsers cannot set headers on a websocket, so the key travels in the init payload:
``{"type": "connection_init", "payload": {"Authorization": "Bearer rg_..."}}`` (``authorization``,
``apiKey`` and ``token`` are read too). Without a valid key the socket is closed with 4403 before
any subscription runs; a subscribe before the init is closed with 4401 by Strawberry itself. The legacy
graphql-ws protocol is not offered (its handler skipped the init check before 0.312.3: CVE-2026-35523).
"""

from __future__ import annotations

from typing import Any

from cross_web import HTTPException
from strawberry.exceptions import ConnectionRejectionError
from strawberry.fastapi import GraphQLRouter
from strawberry.http import GraphQLRequestData
from strawberry.http.parse_content_type import parse_content_type
from strawberry.types.unset import UnsetType

from api import jsoncodec, request_body
from api.auth import bearer_token
from api.fastpath import SUB_RESPONSE_SCOPE_KEY

__all__ = ["KeyedGraphQLRouter", "token_from_init"]


def token_from_init(payload: Any) -> str | None:
    """The API key of a `connection_init` payload, if it carries one."""
    if not isinstance(payload, dict):
        return None
    for name in ("Authorization", "authorization"):
        value = payload.get(name)
        if isinstance(value, str):
            return bearer_token(value) or value.strip() or None
    for name in ("apiKey", "token"):
        value = payload.get(name)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


class KeyedGraphQLRouter(GraphQLRouter):
    """The GraphQL router whose websockets authenticate in `connection_init` (and whose answers' JSON is
    orjson's when installed: `api.jsoncodec`; a JSON body that is no operation, or no text, is a 400:
    `api.request_body`)."""

    def encode_json(self, data: object) -> str:
        return jsoncodec.encode(data)

    def decode_json(self, data: str | bytes) -> object:
        return request_body.decode_json(data)

    async def parse_http_body(self, request: Any) -> GraphQLRequestData | list[GraphQLRequestData]:
        content_type, _ = parse_content_type(request.content_type or "")
        if request.method == "POST" and "application/json" in content_type:
            body = await request.get_body()  # Starlette keeps it: the view's own parse reads it again
            if request_body.may_not_be_an_object(body):
                batching = self.schema.config.batching_config is not None
                reason = request_body.refusal(self.parse_json(body), batching=batching)
                if reason is not None:
                    raise HTTPException(400, reason)
        return await super().parse_http_body(request)

    async def get_sub_response(self, request: Any) -> Any:
        # The fast path (api.fastpath) gives each request its own sub-response in the scope; through
        # FastAPI, Strawberry hands it over in an attribute of the router.
        sub_response = request.scope.get(SUB_RESPONSE_SCOPE_KEY)
        return sub_response if sub_response is not None else await super().get_sub_response(request)

    async def on_ws_connect(self, context: Any) -> UnsetType | dict[str, object] | None:
        token = token_from_init(getattr(context, "connection_params", None))
        caller = getattr(context, "caller", None)
        if token is not None:
            request = context.request
            caller = await request.app.state.key_cache.lookup(context.store, token)
            if caller is not None:
                from api.context import Loaders  # late: the context module imports every loader

                context.caller = caller
                context.loaders = Loaders(context.store, caller, context.settings)
        if caller is None:
            raise ConnectionRejectionError({"message": "missing or invalid API key in connection_init"})
        return await super().on_ws_connect(context)
