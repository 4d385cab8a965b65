"""FastAPI dependencies as Annotated aliases: the settings, the store, the bus, the key cache, the caller."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request, WebSocketException, status
from starlette.requests import HTTPConnection

from api.auth import KeyCache, bearer_token
from api.events import RiskBus
from graph.apikeys import ApiKey
from graph.settings import Settings
from graph.store import AsyncStore

__all__ = ["BusDep", "CallerDep", "KeyCacheDep", "SettingsDep", "StoreDep", "caller_of"]


# `async def` although nothing awaits: FastAPI runs plain `def` dependencies in a thread pool, a hop per call.
async def get_settings(connection: HTTPConnection) -> Settings:
    return connection.app.state.settings


async def get_store(connection: HTTPConnection) -> AsyncStore:
    return connection.app.state.store


async def get_bus(connection: HTTPConnection) -> RiskBus:
    return connection.app.state.bus


async def get_key_cache(connection: HTTPConnection) -> KeyCache:
    return connection.app.state.key_cache


SettingsDep = Annotated[Settings, Depends(get_settings)]
StoreDep = Annotated[AsyncStore, Depends(get_store)]
BusDep = Annotated[RiskBus, Depends(get_bus)]
KeyCacheDep = Annotated[KeyCache, Depends(get_key_cache)]

_UNAUTHORIZED = "missing or invalid API key: send Authorization: Bearer <key> (`relgraph keys create`)"


def _is_ide_page(connection: HTTPConnection, settings: Settings) -> bool:
    # GraphiQL's page itself runs nothing; the queries it sends carry the key like any other request.
    return (
        isinstance(connection, Request)
        and connection.method == "GET"
        and not settings.is_production
        and "text/html" in connection.headers.get("accept", "")
    )


async def get_caller(
    connection: HTTPConnection, store: StoreDep, cache: KeyCacheDep, settings: SettingsDep
) -> ApiKey | None:
    """The API key of the request; refuses the request without one (HTTP 401; a websocket: close 4401)."""
    return await caller_of(connection, store, cache, settings)


async def caller_of(
    connection: HTTPConnection, store: AsyncStore, cache: KeyCache, settings: Settings
) -> ApiKey | None:
    """`get_caller` as a plain coroutine, for dependencies that read the app's state themselves."""
    token = bearer_token(connection.headers.get("authorization"))
    if token is None and connection.scope["type"] == "websocket":
        # Browsers cannot set headers on a websocket: accept the key as a query parameter there too.
        token = connection.query_params.get("token")
    key = await cache.lookup(store, token) if token else None
    if key is not None:
        return key
    if _is_ide_page(connection, settings):
        return None
    if connection.scope["type"] == "websocket" and token is None:
        # No key at the handshake: graphql-transport-ws authenticates at connection_init instead
        # (api.security.websocket closes the socket with 4403 when the init payload has no valid key).
        return None
    if connection.scope["type"] == "websocket":
        raise WebSocketException(code=4401, reason="unauthorized")
    raise HTTPException(status.HTTP_401_UNAUTHORIZED, _UNAUTHORIZED, headers={"WWW-Authenticate": "Bearer"})


CallerDep = Annotated[ApiKey | None, Depends(get_caller)]
