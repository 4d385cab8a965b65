"""Errors of the API: the ones a client can act on, each with its `extensions.code`, and which errors
get masked.

A client's mistake is raised as a `ClientError` (or a subclass), which carries its code and details in
`extensions`: graphql-core copies an original error's `extensions` onto the GraphQL error. The client's
mistakes that code outside api/ raises get their code here when they reach the answer (`EXTERNAL_CODES`):
the domain's errors (`graph.errors` knows nothing of GraphQL) and Strawberry's input coercion (a
malformed global id). Everything else is masked as "Unexpected error." and logged.
"""

from __future__ import annotations

import logging
from typing import Any, ClassVar

from graphql import GraphQLError
from strawberry.exceptions import StrawberryInputCoercionError
from strawberry.extensions import MaskErrors

from graph.errors import NotFound, RelgraphError

__all__ = [
    "EXTERNAL_CODES",
    "ClientError",
    "ErrorMasking",
    "InvalidArgument",
    "should_mask_error",
]

log = logging.getLogger("relgraph.api")


class ClientError(RelgraphError):
    """An error in the request that the client can fix; shown to it as it is, hint included, with
    `extensions` `{"code": ..., **details}` (the class's `code` unless one is given): graphql-core takes
    the `extensions` of the exception a resolver raised, so a client tells errors apart without reading
    messages."""

    code: ClassVar[str] = "INVALID_INPUT"

    def __init__(
        self, message: str, *, hint: str | None = None, code: str | None = None, **details: Any
    ) -> None:
        super().__init__(message, hint=hint)
        # GraphQL shows `.message`: give the client the hint too.
        self.message = str(self)
        self.extensions: dict[str, Any] = {"code": code or self.code, **details}


class InvalidArgument(ClientError):
    """An argument is out of range or malformed (a count, a period, a cursor, too long a list)."""


EXTERNAL_CODES: dict[type[Exception], str] = {
    NotFound: "NOT_FOUND",
    StrawberryInputCoercionError: "INVALID_INPUT",
}
"""The code of each error raised outside api/ that a client can cause (an unknown id, a malformed one)."""

_SHOWN: tuple[type[Exception], ...] = (ClientError, NotFound)


def should_mask_error(error: GraphQLError) -> bool:
    """Mask anything unexpected (and log it); show the client its own mistakes.

    Errors without an original exception are GraphQL's own (syntax, validation) and are kept.
    """
    original = error.original_error
    if original is None or isinstance(original, _SHOWN):
        return False
    # Strawberry's permission errors carry the permission's message for the client.
    if type(original).__name__ == "PermissionError" or getattr(original, "extensions", None) is not None:
        return False
    log.error("unexpected error at %s", error.path, exc_info=original)
    return True


def _with_external_code(error: GraphQLError) -> GraphQLError:
    """`error` with the code of the error raised outside api/ behind it, when it has none yet."""
    original = error.original_error
    if original is None or (error.extensions or {}).get("code"):
        return error
    for kind, code in EXTERNAL_CODES.items():
        if isinstance(original, kind):
            error.extensions = {**(error.extensions or {}), "code": code}
            break
    return error


class ErrorMasking(MaskErrors):
    """Strawberry's `MaskErrors`, which checks every answer against a runtime-checkable Protocol (a
    costly `isinstance`), here only for the answers that carry errors; the errors it shows get the code
    of the error raised outside api/ behind them."""

    def _process_result(self, result: object) -> None:
        if getattr(result, "errors", None):
            super()._process_result(result)

    def _process_errors(self, errors: list[GraphQLError]) -> list[GraphQLError]:
        return [_with_external_code(e) for e in super()._process_errors(errors)]
