"""Errors of the API: the ones a client can act on, and which errors get masked."""

from __future__ import annotations

import logging

from graphql import GraphQLError
from strawberry.extensions import MaskErrors

from graph.errors import NotFound, RelgraphError

__all__ = ["ClientError", "ErrorMasking", "InvalidArgument", "should_mask_error"]

log = logging.getLogger("relgraph.api")


class ClientError(RelgraphError):
    """An error in the request that the client can fix; shown to it as it is, hint included."""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        # GraphQL shows `.message`: give the client the hint too.
        self.message = str(self)


class InvalidArgument(ClientError):
    """An argument is out of range or malformed (page size, cursor, too many records)."""


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
