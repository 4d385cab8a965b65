"""HTTP errors raised before GraphQL runs, answered so that both kinds of client can read them.

A 401 keeps FastAPI's `{"detail": "..."}` (scripts and the docs rely on it) and adds the GraphQL
shape, `{"errors": [{"message": ..., "extensions": {"code": "UNAUTHENTICATED"}}]}`: GraphQL clients
(Apollo, urql, gql) look for `errors` in any JSON body and would otherwise report a bare "401" with
the reason lost.
"""

from __future__ import annotations

from fastapi.exception_handlers import http_exception_handler
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

__all__ = ["UNAUTHENTICATED", "http_error"]

UNAUTHENTICATED = "UNAUTHENTICATED"


async def http_error(request: Request, exc: Exception) -> Response:
    """The app's `HTTPException` handler: FastAPI's answer, with GraphQL's `errors` beside a 401's detail."""
    assert isinstance(exc, HTTPException)
    if exc.status_code != 401:
        return await http_exception_handler(request, exc)
    message = str(exc.detail)
    body = {"detail": message, "errors": [{"message": message, "extensions": {"code": UNAUTHENTICATED}}]}
    return JSONResponse(body, status_code=401, headers=exc.headers)
