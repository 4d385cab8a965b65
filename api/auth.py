"""Who is calling: the bearer API key checked before any GraphQL runs, and the scope permissions.

Every request needs ``Authorization: Bearer rg_<id>_<secret>``; a missing, malformed, unknown or
revoked key is refused with HTTP 401 before GraphQL executes (a websocket is closed with 4401, as
graphql-transport-ws does for unauthorized). Scopes are then checked per field by `BasePermission`s.
Verified keys are remembered for `KEY_CACHE_SECONDS` so that a busy client costs one lookup a minute,
not one per request; a revoked key is therefore refused at most that long after `relgraph keys revoke`.
"""

from __future__ import annotations

import time
from typing import Any

import strawberry
from strawberry.permission import BasePermission

from graph.apikeys import ApiKey, authenticate_async
from graph.store import AsyncStore

__all__ = ["KEY_CACHE_SECONDS", "CanRead", "CanWrite", "KeyCache", "bearer_token"]

KEY_CACHE_SECONDS = 60.0


def bearer_token(header: str | None) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header, else None."""
    if not header:
        return None
    scheme, _, token = header.strip().partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


class KeyCache:
    """Verified keys by token, for a short while (per process)."""

    def __init__(self, ttl: float = KEY_CACHE_SECONDS, max_size: int = 10_000) -> None:
        self.ttl = ttl
        self.max_size = max_size
        self._keys: dict[str, tuple[float, ApiKey | None]] = {}

    async def lookup(self, store: AsyncStore, token: str) -> ApiKey | None:
        now = time.monotonic()
        hit = self._keys.get(token)
        if hit is not None and now - hit[0] < self.ttl:
            return hit[1]
        key = await authenticate_async(store, token)
        if len(self._keys) >= self.max_size:
            self._keys.clear()
        # Unknown tokens are remembered too, so that a flood of bad keys does not become a flood of queries.
        self._keys[token] = (now, key)
        return key

    def clear(self) -> None:
        self._keys.clear()


class _ScopePermission(BasePermission):
    scope = "read"

    def __init__(self) -> None:
        super().__init__()
        # Strawberry adds these to the error it raises when the permission is refused.
        self.error_extensions = {"code": "FORBIDDEN"}

    def has_permission(self, source: Any, info: strawberry.Info, **kwargs: Any) -> bool:
        caller = getattr(info.context, "caller", None)
        return caller is not None and caller.allows(self.scope)


class CanRead(_ScopePermission):
    """The key carries the read scope (or admin)."""

    scope = "read"
    message = "this API key lacks the 'read' scope"


class CanWrite(_ScopePermission):
    """The key carries the write scope (or admin)."""

    scope = "write"
    message = "this API key lacks the 'write' scope"
