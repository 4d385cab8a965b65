"""Errors of the API: the ones a client can act on, each with its `extensions.code`, and which errors
get masked.

A client's mistake is raised as a `ClientError` (or a subclass), which carries its code and details in
`extensions`: graphql-core copies an original error's `extensions` onto the GraphQL error. The client's
mistakes that code outside api/ raises get their code here when they reach the answer (`EXTERNAL_CODES`):
the domain's errors (`graph.errors` knows nothing of GraphQL) and Strawberry's input coercion (a
malformed global id). Everything else is masked as "Unexpected error." and logged.

Errors about the request itself, before any field runs, get a code too (Apollo's names, which GraphQL
clients already know): `GRAPHQL_PARSE_FAILED` for a document that does not parse,
`GRAPHQL_VALIDATION_FAILED` for one the schema refuses (`api.security.caching` marks them when it
validates), `INVALID_INPUT` for variables of the wrong type and `OPERATION_RESOLUTION_FAILURE` when no
operation can be chosen (`RequestErrorCodes`, when graphql-core builds its executor).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any, ClassVar

from graphql import GraphQLError, GraphQLSyntaxError
from strawberry.exceptions import StrawberryInputCoercionError
from strawberry.extensions import MaskErrors

from graph.errors import NotFound, RelgraphError

__all__ = [
    "EXTERNAL_CODES",
    "OPERATION_RESOLUTION_FAILURE",
    "PARSE_FAILED",
    "VALIDATION_FAILED",
    "ClientError",
    "ErrorMasking",
    "InvalidArgument",
    "RequestErrorCodes",
    "is_client_mistake",
    "log_unexpected",
    "should_mask_error",
    "with_code",
]

PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
OPERATION_RESOLUTION_FAILURE = "OPERATION_RESOLUTION_FAILURE"

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


def is_client_mistake(error: GraphQLError) -> bool:
    """Whether `error` is the client's to fix (shown as it is) rather than a fault of the service.

    Errors without an original exception are GraphQL's own (syntax, validation, variables).
    """
    original = error.original_error
    if original is None or isinstance(original, _SHOWN):
        return True
    # Strawberry's permission errors carry the permission's message for the client.
    return type(original).__name__ == "PermissionError" or getattr(original, "extensions", None) is not None


def should_mask_error(error: GraphQLError) -> bool:
    """Mask anything unexpected (`log_unexpected` has logged it); show the client its own mistakes."""
    return not is_client_mistake(error)


def log_unexpected(errors: list[GraphQLError]) -> None:
    """Log the unexpected errors of an answer, each once, with its path and traceback.

    The client's mistakes are not logged: they are answered, and at ERROR level they would bury the
    faults an operator has to see (Strawberry's own logging logs every error, a typo included).
    """
    for error in errors:
        if not is_client_mistake(error):
            log.error("unexpected error at %s", error.path, exc_info=error.original_error)


def with_code(error: GraphQLError, code: str) -> GraphQLError:
    """`error` (changed in place) with `extensions.code` `code`, unless it carries a code already."""
    if not (error.extensions or {}).get("code"):
        error.extensions = {**(error.extensions or {}), "code": code}
    return error


def _with_external_code(error: GraphQLError) -> GraphQLError:
    """`error` with the code of the error raised outside api/ behind it (or of a document that does not
    parse), when it has none yet."""
    original = error.original_error
    if original is None:
        return with_code(error, PARSE_FAILED) if isinstance(error, GraphQLSyntaxError) else error
    for kind, code in EXTERNAL_CODES.items():
        if isinstance(original, kind):
            return with_code(error, code)
    return error


class RequestErrorCodes:
    """A mixin for graphql-core's executor class: the errors that keep it from being built get a code.

    graphql-core returns them instead of an executor, before any field runs: the variables' values
    (each error located at its variable's definition) or, without a location, the choice of operation
    (several operations and no `operationName`, an unknown name).
    """

    @classmethod
    def build(cls, *args: Any, **kwargs: Any) -> Any:
        built = super().build(*args, **kwargs)  # type: ignore[misc]
        if isinstance(built, list):
            # Past 50 bad values graphql-core adds "Too many errors processing variables", located nowhere:
            # the variables' errors come as a list with at least one located error, so the list decides.
            code = ClientError.code if any(e.nodes for e in built) else OPERATION_RESOLUTION_FAILURE
            for error in built:
                with_code(error, code)
        return built


class ErrorMasking(MaskErrors):
    """Strawberry's `MaskErrors`, which checks every answer against a runtime-checkable Protocol (a
    costly `isinstance`), here only for the answers that carry errors; the errors it shows get the code
    of the error raised outside api/ behind them, and a syntax error gets its code."""

    def on_operation(self) -> Iterator[None]:
        try:
            yield from super().on_operation()
        except GraphQLSyntaxError as error:
            # ParserCache parses as its hook begins, so a syntax error leaves the parsing phase (and this
            # operation) as an exception, which Strawberry answers without asking `_process_result`.
            with_code(error, PARSE_FAILED)
            raise

    def _process_result(self, result: object) -> None:
        if getattr(result, "errors", None):
            super()._process_result(result)

    def _process_errors(self, errors: list[GraphQLError]) -> list[GraphQLError]:
        return [_with_external_code(e) for e in super()._process_errors(errors)]
