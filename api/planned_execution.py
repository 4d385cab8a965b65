"""Query execution from a plan made once per operation, instead of graphql-core's generic walk per request.

graphql-core executes every field of every request through the same generic steps: look the field up,
collect the sub-selections (memoized only within the request), then complete the value through a chain
of six methods that ask, each time, what kind of type it is (non-null? list? leaf? abstract? object?).
Front-ends send the same few documents over and over, so all of that is a property of the document, not
of the request. `PlannedExecutionContext` works it out once per operation (and per value of the
variables that `@skip`/`@include` read) and keeps it: for each selection set on each object type, its
fields in answer order, each with its definition, its resolver, its arguments when they are literals, and
a completion function built for its type. A request then only calls resolvers and completes values.

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

from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from graphql import (
    DirectiveNode,
    GraphQLAbstractType,
    GraphQLEnumType,
    GraphQLError,
    GraphQLField,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLResolveInfo,
    GraphQLScalarType,
    OperationDefinitionNode,
    OperationType,
    Undefined,
    VariableNode,
    Visitor,
    visit,
)
from graphql.execution.collect_fields import FieldDetailsList, collect_fields, collect_subfields
from graphql.execution.executor import gather_with_cancel, invalid_return_type_error
from graphql.execution.values import VariableValues, get_argument_values
from graphql.pyutils import Path, is_iterable

from api.execution import PlainLeafExecutionContext, _plain_leaf

__all__ = ["PLAN_CACHE_SIZE", "PlannedExecutionContext"]

# Operations whose plans are kept (least recently used dropped first): as many as the parser cache keeps.
PLAN_CACHE_SIZE = 1000

# What a completed leaf is, so that its awaitable check can be skipped.
_LEAF_ANSWERS = frozenset({str, int, float, bool, type(None)})
# The values most leaves read: none of them awaitable, an exception or null.
_LEAF_VALUES = frozenset({str, int, float, bool})

# The completion of a value of one type: (executor, the field's resolve info, path, value) -> answer.
Complete = Callable[["PlannedExecutionContext", GraphQLResolveInfo, Path, Any], Any]


class _Field:
    """One response key of a selection set: how to resolve it and how to complete its value."""

    __slots__ = (
        "args", "attribute", "complete", "details", "field_def", "leaf", "name", "nodes", "non_null",
        "null_message", "parent_type", "read", "resolve", "return_type", "typename",
    )

    def __init__(self, plan: _OperationPlan, parent_type: GraphQLObjectType, name: str,
                 details: FieldDetailsList, field_def: GraphQLField) -> None:
        self.name = name
        self.parent_type = parent_type
        self.details = details
        self.nodes = [d.node for d in details]
        self.field_def = field_def
        self.return_type = field_def.type
        self.resolve = field_def.resolve or plan.field_resolver
        node = self.nodes[0]
        self.typename = node.name.value == "__typename"
        leaf = _plain_leaf(field_def) if not node.arguments else None
        self.leaf = leaf.leaf if leaf is not None else None
        self.non_null = leaf.non_null if leaf is not None else False
        self.read = leaf.read if leaf is not None else None
        self.attribute = leaf.attribute if leaf is not None else ""
        self.null_message = f"Cannot return null for non-nullable field {parent_type}.{node.name.value}."
        self.args = _static_arguments(field_def, node, plan) if not self.leaf else None
        self.complete = plan.completer(self.return_type, details, parent_type, node.name.value)


class _Selection:
    """A selection set on one object type: its fields, in the order of the answer."""

    __slots__ = ("fields", "type")

    def __init__(self, type_: GraphQLObjectType, fields: list[_Field]) -> None:
        self.type = type_
        self.fields = fields


class _OperationPlan:
    """Everything about one operation that does not depend on a request (beyond the directive variables).

    Built lazily: a selection set is planned the first time a value of its type is completed.
    """

    def __init__(self, executor: PlannedExecutionContext, root_type: GraphQLObjectType,
                 directive_variables: tuple[str, ...]) -> None:
        self.schema = executor.schema
        self.fragments = executor.fragments
        self.operation = executor.operation
        self.hide_suggestions = executor.hide_suggestions
        self.field_resolver = executor.field_resolver
        self.type_resolver = executor.type_resolver
        self.eligible = True
        # Collection reads variables only through directives, and their values are the plan's key: the
        # plan keeps those, and nothing else of the request that made it.
        values = executor.variable_values
        self.variable_values = VariableValues(
            {n: v for n, v in values.sources.items() if n in directive_variables},
            {n: v for n, v in values.coerced.items() if n in directive_variables},
        )
        collected = collect_fields(self.schema, self.fragments, self.variable_values, root_type,
                                   self.operation, self.hide_suggestions)
        self.root = self.selection(root_type, collected.grouped_field_set)

    def selection(self, type_: GraphQLObjectType, grouped: dict[str, FieldDetailsList]) -> _Selection:
        fields = []
        for name, details in grouped.items():
            if any(d.defer_usage is not None or d.fragment_variable_values is not None for d in details):
                self.eligible = False  # incremental delivery or fragment arguments: graphql-core's
            field_def = self.schema.get_field(type_, details[0].node.name.value)
            if field_def is not None:  # as graphql-core: a field the type lacks is left out
                fields.append(_Field(self, type_, name, details, field_def))
        return _Selection(type_, fields)

    def subselection(self, type_: GraphQLObjectType, details: FieldDetailsList) -> _Selection:
        collected = collect_subfields(self.schema, self.fragments, self.variable_values, self.operation,
                                      type_, details, self.hide_suggestions)
        return self.selection(type_, collected.grouped_field_set)

    def completer(self, type_: GraphQLOutputType, details: FieldDetailsList, parent_type: GraphQLObjectType,
                  field_name: str) -> Complete:
        """The completion function of values of `type_` for the field `details` (graphql-core's
        `complete_value`, its type dispatch done here once)."""
        if isinstance(type_, GraphQLNonNull):
            return _non_null(self.completer(type_.of_type, details, parent_type, field_name),
                             f"Cannot return null for non-nullable field {parent_type}.{field_name}.")
        if isinstance(type_, GraphQLList):
            return _list(type_, self.completer(type_.of_type, details, parent_type, field_name), details)
        if isinstance(type_, (GraphQLScalarType, GraphQLEnumType)):
            return _leaf(type_)
        if isinstance(type_, GraphQLObjectType):
            return _object(self, type_, details)
        if isinstance(type_, (GraphQLAbstractType)):
            return _abstract(self, type_, details)
        raise TypeError(f"Cannot complete value of unexpected output type: '{type_}'.")  # pragma: no cover


def _static_arguments(field_def: GraphQLField, node: Any, plan: _OperationPlan) -> dict[str, Any] | None:
    """The field's arguments when no variable feeds them and they are plain values (computed once),
    else None (computed per request, as graphql-core does)."""
    if not field_def.args and not node.arguments:
        return {}
    if any(_has_variable(a.value) for a in node.arguments or ()):
        return None
    try:
        args = get_argument_values(field_def, node, plan.variable_values, None, plan.hide_suggestions)
    except Exception:  # an invalid literal: its error is raised per request, in place
        return None
    # Shared by every request: only values nobody can change.
    return args if all(isinstance(v, (str, int, float, bool, type(None))) for v in args.values()) else None


def _has_variable(value: Any) -> bool:
    if isinstance(value, VariableNode):
        return True
    return any(_has_variable(v) for v in getattr(value, "values", ()) or ()) or any(
        _has_variable(f.value) for f in getattr(value, "fields", ()) or ()
    )


def _non_null(inner: Complete, message: str) -> Complete:
    def complete(executor: PlannedExecutionContext, info: GraphQLResolveInfo, path: Path, result: Any) -> Any:
        if isinstance(result, Exception):
            raise result
        completed = inner(executor, info, path, result)
        if completed is None:
            raise TypeError(message)
        return completed

    return complete


def _leaf(type_: Any) -> Complete:
    def complete(executor: PlannedExecutionContext, info: GraphQLResolveInfo, path: Path, result: Any) -> Any:
        if isinstance(result, Exception):
            raise result
        if result is None or result is Undefined:
            return None
        return executor.complete_leaf_value(type_, result)

    return complete


def _object(plan: _OperationPlan, type_: GraphQLObjectType, details: FieldDetailsList) -> Complete:
    selection: _Selection | None = None

    def complete(executor: PlannedExecutionContext, info: GraphQLResolveInfo, path: Path, result: Any) -> Any:
        nonlocal selection
        if isinstance(result, Exception):
            raise result
        if result is None or result is Undefined:
            return None
        if type_.is_type_of:
            is_type_of = type_.is_type_of(result, info)
            if executor.is_awaitable(is_type_of):  # graphql-core's path for an asynchronous check
                return executor.complete_object_value(type_, details, info, path, result, None)
            if not is_type_of:
                raise invalid_return_type_error(type_, result, details)
        if selection is None:
            selection = plan.subselection(type_, details)
        return executor.execute_selection(selection, result, path)

    return complete


def _abstract(plan: _OperationPlan, type_: GraphQLAbstractType, details: FieldDetailsList) -> Complete:
    by_type: dict[str, Complete] = {}

    def runtime(executor: PlannedExecutionContext, info: GraphQLResolveInfo, name: Any,
                result: Any) -> Complete:
        complete_as = by_type.get(name) if isinstance(name, str) else None
        if complete_as is None:
            object_type = executor.ensure_valid_runtime_type(name, type_, details, info, result)
            complete_as = by_type[object_type.name] = _object(plan, object_type, details)
        return complete_as

    def complete(executor: PlannedExecutionContext, info: GraphQLResolveInfo, path: Path, result: Any) -> Any:
        if isinstance(result, Exception):
            raise result
        if result is None or result is Undefined:
            return None
        resolve_type = type_.resolve_type or plan.type_resolver
        name = resolve_type(result, info, type_)
        if executor.is_awaitable(name):
            async def complete_later() -> Any:
                completed = runtime(executor, info, await name, result)(executor, info, path, result)
                return await completed if executor.is_awaitable(completed) else completed

            return complete_later()
        return runtime(executor, info, name, result)(executor, info, path, result)

    return complete


def _list(type_: GraphQLList[Any], item: Complete, details: FieldDetailsList) -> Complete:
    item_type = type_.of_type

    def complete(executor: PlannedExecutionContext, info: GraphQLResolveInfo, path: Path, result: Any) -> Any:
        if isinstance(result, Exception):
            raise result
        if result is None or result is Undefined:
            return None
        if executor.is_async_iterable(result):  # graphql-core's path for an async iterable
            return executor.complete_list_value(type_, details, info, path, result, None)
        if not is_iterable(result):
            raise GraphQLError(
                f"Expected Iterable, but did not find one for field '{info.parent_type}.{info.field_name}'."
            )
        is_awaitable = executor.is_awaitable
        completed: list[Any] = []
        pending: list[int] = []
        for index, value in enumerate(result):
            item_path = path.add_key(index, None)
            try:
                if is_awaitable(value):
                    value = executor.complete_awaitable_list_item_value(
                        value, item_type, details, info, item_path, None
                    )
                else:
                    value = item(executor, info, item_path, value)
                    if is_awaitable(value):
                        value = executor.settle_field(value, item_type, details, item_path)
            except Exception as raw_error:  # a field error, as graphql-core handles it
                executor.handle_field_error(raw_error, item_type, details, item_path)
                value = None
            if is_awaitable(value):
                pending.append(index)
            completed.append(value)
        if not pending:
            return completed
        return _gather_into(completed, pending)

    return complete


async def _gather_into(values: list[Any], pending: list[int]) -> list[Any]:
    if len(pending) == 1:
        values[pending[0]] = await values[pending[0]]
    else:
        awaited = await gather_with_cancel(*(values[i] for i in pending))
        for index, value in zip(pending, awaited, strict=True):
            values[index] = value
    return values


def _directive_variables(operation: OperationDefinitionNode, fragments: Iterable[Any]) -> tuple[str, ...]:
    """The variables that directives read (`@skip(if: $x)`): field collection depends on them."""
    names: set[str] = set()

    class Variables(Visitor):
        def enter_variable(self, node: VariableNode, *_args: Any) -> None:
            names.add(node.name.value)

    class Directives(Visitor):
        def enter_directive(self, node: DirectiveNode, *_args: Any) -> None:
            visit(node, Variables())

    for node in (operation, *fragments):
        visit(node, Directives())
    return tuple(sorted(names))


class _Plans:
    """The plans of one operation, by the values of the variables its directives read."""

    __slots__ = ("by_values", "directive_variables", "operation")

    def __init__(self, operation: OperationDefinitionNode, directive_variables: tuple[str, ...]) -> None:
        self.operation = operation  # kept alive, so that its id is not reused while the entry lives
        self.directive_variables = directive_variables
        self.by_values: dict[tuple[Any, ...], _OperationPlan] = {}


class _PlanCache:
    """Plans by operation, least recently used operation dropped first."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.operations: OrderedDict[int, _Plans] = OrderedDict()

    def plans(self, executor: PlannedExecutionContext) -> _Plans:
        operation = executor.operation
        entry = self.operations.get(id(operation))
        if entry is None or entry.operation is not operation:
            names = _directive_variables(operation, executor.fragment_definitions.values())
            entry = self.operations[id(operation)] = _Plans(operation, names)
            if len(self.operations) > self.size:
                self.operations.popitem(last=False)
        else:
            self.operations.move_to_end(id(operation))
        return entry


_plans = _PlanCache(PLAN_CACHE_SIZE)


class PlannedExecutionContext(PlainLeafExecutionContext):
    """Executes queries from a plan kept per operation; anything the plan does not cover as before."""

    def _plan(self) -> _OperationPlan | None:
        if (
            self.operation.operation is not OperationType.QUERY
            or not self._direct_leaves  # a schema extension wraps every resolver
            or self.abort_signal is not None
            or self.hooks is not None
        ):
            return None
        plans = _plans.plans(self)
        coerced = self.variable_values.coerced
        values = tuple(coerced.get(name, Undefined) for name in plans.directive_variables)
        try:
            plan = plans.by_values.get(values)
        except TypeError:  # a value that cannot be a key: no plan kept for it
            return None
        if plan is None:
            root_type = self.schema.query_type
            if root_type is None:
                return None
            try:
                plan = _OperationPlan(self, root_type, plans.directive_variables)
            except (GraphQLError, RecursionError):
                return None  # graphql-core reports it
            plans.by_values[values] = plan
        return plan if plan.eligible else None

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

    def execute_selection(self, selection: _Selection, source: Any, path: Path | None) -> Any:
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
                if field.leaf is not None:
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

    def _plain_leaf(self, field: _Field, source: Any, parent_path: Path | None) -> Any:
        """A plain leaf's answer (`parent_path`: its object's path)."""
        try:
            result = field.read(source, field.attribute)  # type: ignore[misc]  # Strawberry's default resolver
            if type(result) not in _LEAF_VALUES:  # the rare values: awaitables, exceptions, nulls
                if self.is_awaitable(result):
                    path = Path(parent_path, field.name, field.parent_type.name)
                    return super().execute_field(field.parent_type, source, field.details, path, None)
                if isinstance(result, Exception):
                    raise result
                if result is None or result is Undefined:
                    if field.non_null:
                        raise TypeError(field.null_message)
                    return None
            coerced = field.leaf.coerce_output_value(result)  # type: ignore[union-attr]
            if coerced is None or coerced is Undefined:
                return self.complete_leaf_value(field.leaf, result)  # type: ignore[arg-type]  # its error
            return coerced
        except Exception as raw_error:  # a field error, as graphql-core handles it
            path = Path(parent_path, field.name, field.parent_type.name)
            self.handle_field_error(raw_error, field.return_type, field.details, path)
            return None

    def _execute_planned_field(self, field: _Field, source: Any, path: Path) -> Any:
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

    async def _complete_later(self, field: _Field, info: GraphQLResolveInfo, path: Path,
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
