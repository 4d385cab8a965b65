"""Which operation of a document a request runs: the one graphql-core chooses, and only one HTTP can run.

Strawberry's execution context takes the document's first operation when the request names none: its
type passes the check of allowed operation types, and its name goes to graphql-core, which then runs it.
So `query A {...} query B {...}` without `operationName` answered A's data, where graphql-core refuses
("Must provide operation name if query contains multiple operations."). `ChosenOperationContext` chooses
as graphql-core does: the operation named, or the only one. When none can be chosen (several and no name,
or a name that no operation has), graphql-core says so itself, after validation as in its own order:
until then the request passes the type check, since it will run nothing.

`execute` answers one result, so it cannot run a subscription: Strawberry lets one through on POST (for
its multipart transport, which `stream` serves, not `execute`), and graphql-core then completes the
subscription field as a query field, a masked "Cannot return null". `OperationChoosingSchema.execute`
refuses it like any operation type the request may not run, naming the transport that serves it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import strawberry
from graphql import get_operation_ast
from strawberry.schema.exceptions import InvalidOperationTypeError
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types import ExecutionContext, ExecutionResult
from strawberry.types.graphql import OperationType

__all__ = ["ChosenOperationContext", "OperationChoosingSchema", "SubscriptionOverHTTPError"]

# Any type the request allows passes the check when no operation can be chosen (the first allowed here).
_TYPES = (OperationType.QUERY, OperationType.MUTATION, OperationType.SUBSCRIPTION)


class ChosenOperationContext(ExecutionContext):
    """Strawberry's execution context with the operation chosen as graphql-core chooses it."""

    @property
    def operation_name(self) -> str | None:
        provided: str | None = self._provided_operation_name
        if provided is not None or self.graphql_document is None:
            return provided
        operation = get_operation_ast(self.graphql_document, None)
        return operation.name.value if operation is not None and operation.name is not None else None

    @property
    def operation_type(self) -> OperationType:
        document = self.graphql_document
        if document is None:
            raise RuntimeError("No GraphQL document available")  # as Strawberry's
        operation = get_operation_ast(document, self._provided_operation_name)
        if operation is not None:
            return OperationType(operation.operation.value)
        allowed = set(self.allowed_operations)
        # None can be chosen: graphql-core's error, after validation. Nothing allowed: refused as before.
        return next((t for t in _TYPES if t in allowed), OperationType.QUERY)


class SubscriptionOverHTTPError(InvalidOperationTypeError):
    """A subscription sent where a single answer is expected; the reason names where to subscribe."""

    def __init__(self) -> None:
        super().__init__(OperationType.SUBSCRIPTION)

    def as_http_error_reason(self, method: str) -> str:
        return (
            f"{super().as_http_error_reason(method)}: subscribe over a websocket with the "
            f"{GRAPHQL_TRANSPORT_WS_PROTOCOL} protocol"
        )


class OperationChoosingSchema(strawberry.Schema):
    """`strawberry.Schema` that runs the operation graphql-core chooses, and refuses to `execute` a
    subscription."""

    def _create_execution_context(  # Strawberry's signature
        self,
        query: str | None,
        allowed_operation_types: Iterable[OperationType],
        variable_values: dict[str, Any] | None = None,
        context_value: Any | None = None,
        root_value: Any | None = None,
        operation_name: str | None = None,
        operation_extensions: dict[str, Any] | None = None,
    ) -> ExecutionContext:
        return ChosenOperationContext(
            query=query,
            schema=self,
            allowed_operations=allowed_operation_types,
            context=context_value,
            root_value=root_value,
            variables=variable_values,
            provided_operation_name=operation_name,
            operation_extensions=operation_extensions,
        )

    async def execute(  # Strawberry's signature
        self,
        query: str | None,
        variable_values: dict[str, Any] | None = None,
        context_value: Any | None = None,
        root_value: Any | None = None,
        operation_name: str | None = None,
        allowed_operation_types: Iterable[OperationType] | None = None,
        operation_extensions: dict[str, Any] | None = None,
    ) -> ExecutionResult:
        allowed = set(_TYPES if allowed_operation_types is None else allowed_operation_types)
        try:
            return await super().execute(
                query,
                variable_values=variable_values,
                context_value=context_value,
                root_value=root_value,
                operation_name=operation_name,
                allowed_operation_types=allowed - {OperationType.SUBSCRIPTION},
                operation_extensions=operation_extensions,
            )
        except InvalidOperationTypeError as exc:
            if exc.operation_type is OperationType.SUBSCRIPTION:
                raise SubscriptionOverHTTPError from exc
            raise
