"""Errors of the API: the ones a client can act on, and which errors get masked."""

from __future__ import annotations

import logging
from typing import Any, ClassVar

from graphql import GraphQLError
from strawberry.extensions import MaskErrors

from graph.errors import NotFound, RelgraphError

__all__ = ["ClientError", "ErrorMasking", "InvalidArgument", "should_mask_error"]

log = logging.getLogger("relgraph.api")


class ClientError(RelgraphError):
    """An error in the request that the client can fix; shown to it as it is, hint included.

    With a code, GraphQL answers it with `extensions: {code, **details}` (graphql-core takes the
    `extensions` of the exception a resolver raised), so that a client can tell errors apart without
    reading messages.
    """

    code: ClassVar[str | None] = None

    def __init__(
        self, message: str, *, hint: str | None = None, code: str | None = None, **details: Any
    ) -> None:
        super().__init__(message, hint=hint)
        # GraphQL shows `.message`: give the client the hint too.
        self.message = str(self)
        code = code or self.code
        if code is not None:
            self.extensions: dict[str, Any] = {"code": code, **details}


class InvalidArgument(ClientError):
    """An argument is out of range or malformed (page size, cursor, too many records)."""

    code = "INVALID_ARGUMENT"


class Forbidden(ClientError):
    """The API key lacks the scope or the account scope the operation needs."""


_SHOWN = (ClientError, NotFound)


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


class ErrorMasking(MaskErrors):
    """Strawberry's `MaskErrors`, which checks every answer against a runtime-checkable Protocol (a
    costly `isinstance`), here only for the answers that carry errors."""

    def _process_result(self, result: object) -> None:
        if getattr(result, "errors", None):
            super()._process_result(result)
