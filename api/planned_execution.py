"""Query execution from a plan made once per operation, instead of graphql-core's generic walk per request.

graphql-core executes every field of every request through the same generic steps: look the field up,
collect the sub-selections (memoized only within the request), then complete the value through a chain
of six methods that ask, each time, what kind of type it is (non-null? list? leaf? abstract? object?).
Front-ends send the same few documents over and over, so all of that is a property of the document, not
of the request: `api.operation_plan` works it out once per operation and keeps it, and
`PlannedExecutionContext` executes from that plan. A request then only calls resolvers and completes
values.

It answers exactly as graphql-core does, errors included: the same resolvers (Strawberry's wrappers, so
permissions, argument conversion and field extensions still run), the same resolve info, the same leaf
coercion, the same error messages, paths and locations, the same null propagation, and the same
concurrency (every sibling's resolver called before any awaitable is awaited, so DataLoaders still batch).
The rare paths reuse graphql-core's own methods (field errors, runtime type checks, async iterables,
awaitable list items). What the plan does not cover goes to graphql-core unchanged: mutations (serial)
and subscriptions, `@defer`/`@stream`, fragment arguments, an abort signal or execution hooks, and
schema extensions that wrap every resolver (`SchemaExtension.resolve`).
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any

from graphql import GraphQLError, GraphQLOutputType, GraphQLResolveInfo, OperationType, Undefined
from graphql.execution.collect_fields import FieldDetailsList
from graphql.execution.executor import gather_with_cancel
from graphql.execution.values import get_argument_values
from graphql.pyutils import Path

from api.errors import RequestErrorCodes
from api.execution import PlainLeaf, PlainLeafExecutionContext
from api.operation_plan import OperationPlan, PlannedField, PlannedSelection, plan_for

__all__ = ["PlannedExecutionContext"]

# What a completed leaf is, so that its awaitable check can be skipped.
_LEAF_ANSWERS = frozenset({str, int, float, bool, type(None)})
# The values most leaves read: none of them awaitable, an exception or null.
_LEAF_VALUES = frozenset({str, int, float, bool})

class PlannedExecutionContext(RequestErrorCodes, PlainLeafExecutionContext):
    """Executes queries from a plan kept per operation; anything the plan does not cover as before.
    (`RequestErrorCodes`: the errors that keep a request from running get their codes.)"""

    def _plan(self) -> OperationPlan | None:
        if (
            self.operation.operation is not OperationType.QUERY
            or not self._direct_leaves  # a schema extension wraps every resolver
            or self.abort_signal is not None
            or self.hooks is not None
        ):
            return None
        return plan_for(self)

    def execute_operation(self, serially: bool | None = None) -> Any:
        plan = self._plan() if not serially else None
        if plan is None:
            return super().execute_operation(serially)
        try:
            data = self.execute_selection(plan.root, self.root_value, None)
        except GraphQLError as error:
            self.collected_errors.add(error, None)
            return self.build_response(None)
        if not self.is_awaitable(data):
            return self.build_response(data)

        async def await_data() -> Any:
            try:
                completed = await data
            except GraphQLError as error:
                self.collected_errors.add(error, None)
                return self.build_response(None)
            return self.build_response(completed)

        return await_data()

    def execute_selection(self, selection: PlannedSelection, source: Any, path: Path | None) -> Any:
        """graphql-core's `execute_fields` over a planned selection set."""
        results: dict[str, Any] = {}
        is_awaitable = self.is_awaitable
        pending: list[str] = []
        parent_name = selection.type.name
        try:
            for field in selection.fields:
                name = field.name
                if field.typename:
                    results[name] = parent_name
                    continue
                if field.plain is not None:
                    # A leaf's path is only needed for its error: made then (`_plain_leaf`).
                    value: Any = self._plain_leaf(field, source, path)
                    if type(value) in _LEAF_ANSWERS:  # a completed leaf (not the rare awaitable attribute)
                        results[name] = value
                        continue
                else:
                    value = self._execute_planned_field(field, source, Path(path, name, parent_name))
                results[name] = value
                if is_awaitable(value):
                    pending.append(name)
        except Exception:
            if pending:
                self.settle_in_background([results[name] for name in pending])
            raise
        if not pending:
            return results

        async def get_results() -> dict[str, Any]:
            if len(pending) == 1:
                results[pending[0]] = await results[pending[0]]
            else:
                awaited = await gather_with_cancel(*(results[name] for name in pending))
                results.update(zip(pending, awaited, strict=True))
            return results

        return get_results()

    def _plain_leaf(self, field: PlannedField, source: Any, parent_path: Path | None) -> Any:
        """A plain leaf's answer (`parent_path`: its object's path)."""
        plain: PlainLeaf = field.plain  # type: ignore[assignment]  # `execute_selection` checked it
        try:
            result = plain.read(source, plain.attribute)  # what Strawberry's default resolver returns
            if type(result) not in _LEAF_VALUES:  # the rare values: awaitables, exceptions, nulls
                if self.is_awaitable(result):
                    path = Path(parent_path, field.name, field.parent_type.name)
                    return super().execute_field(field.parent_type, source, field.details, path, None)
                if isinstance(result, Exception):
                    raise result
                if result is None or result is Undefined:
                    if plain.non_null:
                        raise TypeError(field.null_message)
                    return None
            coerced = plain.leaf.coerce_output_value(result)
            if coerced is None or coerced is Undefined:
                return self.complete_leaf_value(plain.leaf, result)  # its error
            return coerced
        except Exception as raw_error:  # a field error, as graphql-core handles it
            path = Path(parent_path, field.name, field.parent_type.name)
            self.handle_field_error(raw_error, field.return_type, field.details, path)
            return None

    def _execute_planned_field(self, field: PlannedField, source: Any, path: Path) -> Any:
        """graphql-core's `execute_field` with the field's lookup, arguments and type dispatch planned."""
        info = self.build_resolve_info(field.field_def, field.nodes, field.parent_type, path)
        try:
            args = field.args
            if args is None:
                args = get_argument_values(field.field_def, field.nodes[0], self.variable_values, None,
                                           self.hide_suggestions)
            result = field.resolve(source, info, **args)
            if self.is_awaitable(result):
                return self._complete_later(field, info, path, result)
            completed = field.complete(self, info, path, result)
            if self.is_awaitable(completed):
                return self.settle_field(completed, field.return_type, field.details, path)
        except Exception as raw_error:  # a field error, as graphql-core handles it
            self.handle_field_error(raw_error, field.return_type, field.details, path)
            return None
        return completed

    async def _complete_later(self, field: PlannedField, info: GraphQLResolveInfo, path: Path,
                              result: Awaitable[Any]) -> Any:
        try:
            completed = field.complete(self, info, path, await result)
            if self.is_awaitable(completed):
                completed = await completed
        except Exception as raw_error:  # a field error, as graphql-core handles it
            self.handle_field_error(raw_error, field.return_type, field.details, path)
            return None
        return completed

    async def settle_field(self, completed: Awaitable[Any], return_type: GraphQLOutputType,
                           details: FieldDetailsList, path: Path) -> Any:
        """Await a completion; its failure is the field's error."""
        try:
            return await completed
        except Exception as raw_error:  # a field error, as graphql-core handles it
            self.handle_field_error(raw_error, return_type, details, path)
            return None
