"""The plan of a query operation: what graphql-core works out again on every request, worked out once.

For each selection set on each object type: its fields in answer order, each with its definition, its
resolver, its arguments when they are literals, and a completion function built for its type (graphql-core's
`complete_value` with its type dispatch done once: non-null, list, leaf, object, abstract). Plans are kept
per operation and per value of the variables that directives read (`@skip(if: $x)` changes which fields
are collected), least recently used operation dropped first; a plan keeps nothing else of the request
that made it. Selection sets are planned lazily, the first time a value of their type is completed (the
runtime types behind an interface are only known then).

`api.planned_execution` executes them; the rare paths of completion call back into graphql-core's own
methods on the executor (field errors, runtime type checks, async iterables, awaitable list items).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from graphql import (
    DirectiveNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
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
    Undefined,
    VariableNode,
    Visitor,
    visit,
)
from graphql.execution.collect_fields import FieldDetailsList, collect_fields, collect_subfields
from graphql.execution.executor import gather_with_cancel, invalid_return_type_error
from graphql.execution.values import VariableValues, get_argument_values
from graphql.pyutils import Path, is_iterable

from api.execution import PlainLeaf, plain_leaf

if TYPE_CHECKING:
    from api.planned_execution import PlannedExecutionContext

__all__ = ["PLAN_CACHE_SIZE", "OperationPlan", "PlannedField", "PlannedSelection", "plan_for"]

# Operations whose plans are kept (least recently used dropped first): as many as the parser cache keeps.
PLAN_CACHE_SIZE = 1000
# Directives of incremental delivery, which a plan does not execute.
_INCREMENTAL_DIRECTIVES = frozenset({"defer", "stream"})
# The completion of a value of one type: (executor, the field's resolve info, path, value) -> answer.
Complete = Callable[["PlannedExecutionContext", GraphQLResolveInfo, Path, Any], Any]


class PlannedField:
    """One response key of a selection set: how to resolve it and how to complete its value."""

    __slots__ = (
        "args", "complete", "details", "field_def", "name", "nodes", "null_message", "parent_type", "plain",
        "resolve", "return_type", "typename",
    )

    def __init__(self, plan: OperationPlan, parent_type: GraphQLObjectType, name: str,
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
        # How to read and complete it when it is a plain leaf (most fields), else None.
        self.plain: PlainLeaf | None = plain_leaf(field_def) if not node.arguments else None
        self.null_message = f"Cannot return null for non-nullable field {parent_type}.{node.name.value}."
        self.args = _static_arguments(field_def, node, plan) if self.plain is None else None
        self.complete = plan.completer(self.return_type, details, parent_type, node.name.value)


class PlannedSelection:
    """A selection set on one object type: its fields, in the order of the answer."""

    __slots__ = ("fields", "type")

    def __init__(self, type_: GraphQLObjectType, fields: list[PlannedField]) -> None:
        self.type = type_
        self.fields = fields


class OperationPlan:
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

    def selection(self, type_: GraphQLObjectType, grouped: dict[str, FieldDetailsList]) -> PlannedSelection:
        fields = []
        for name, details in grouped.items():
            if any(d.defer_usage is not None or d.fragment_variable_values is not None for d in details):
                # Ruled out up front (`_survey`); should a new form of either appear, graphql-core
                # executes this operation from the next request on.
                self.eligible = False
            field_def = self.schema.get_field(type_, details[0].node.name.value)
            if field_def is not None:  # as graphql-core: a field the type lacks is left out
                fields.append(PlannedField(self, type_, name, details, field_def))
        return PlannedSelection(type_, fields)

    def subselection(self, type_: GraphQLObjectType, details: FieldDetailsList) -> PlannedSelection:
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


def _static_arguments(field_def: GraphQLField, node: Any, plan: OperationPlan) -> dict[str, Any] | None:
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


def _object(plan: OperationPlan, type_: GraphQLObjectType, details: FieldDetailsList) -> Complete:
    selection: PlannedSelection | None = None

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


def _abstract(plan: OperationPlan, type_: GraphQLAbstractType, details: FieldDetailsList) -> Complete:
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
        try:
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
        except Exception:
            # A non-null item failed: the list is lost, but what its other items started still settles
            # (as graphql-core does), so that no awaitable is left behind.
            if pending:
                executor.settle_in_background([completed[i] for i in pending])
            raise
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


def _survey(operation: OperationDefinitionNode, fragments: Iterable[Any]) -> tuple[tuple[str, ...], bool]:
    """The variables that directives read (`@skip(if: $x)`: field collection depends on them), and
    whether a plan can run the operation at all (not with `@defer`/`@stream` or fragment arguments)."""
    names: set[str] = set()
    plannable = True

    class Variables(Visitor):
        def enter_variable(self, node: VariableNode, *_args: Any) -> None:
            names.add(node.name.value)

    class Survey(Visitor):
        def enter_directive(self, node: DirectiveNode, *_args: Any) -> None:
            nonlocal plannable
            plannable = plannable and node.name.value not in _INCREMENTAL_DIRECTIVES
            visit(node, Variables())

        def enter_fragment_spread(self, node: FragmentSpreadNode, *_args: Any) -> None:
            nonlocal plannable
            plannable = plannable and not getattr(node, "arguments", None)

        def enter_fragment_definition(self, node: FragmentDefinitionNode, *_args: Any) -> None:
            nonlocal plannable
            plannable = plannable and not node.variable_definitions

    for node in (operation, *fragments):
        visit(node, Survey())
    return tuple(sorted(names)), plannable


class _Plans:
    """The plans of one operation, by the values of the variables its directives read."""

    __slots__ = ("by_values", "directive_variables", "operation", "plannable")

    def __init__(self, operation: OperationDefinitionNode, fragments: Iterable[Any]) -> None:
        self.operation = operation  # kept alive, so that its id is not reused while the entry lives
        self.directive_variables, self.plannable = _survey(operation, fragments)
        self.by_values: dict[tuple[Any, ...], OperationPlan] = {}


class _PlanCache:
    """Plans by operation, least recently used operation dropped first."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.operations: OrderedDict[int, _Plans] = OrderedDict()

    def plans(self, executor: PlannedExecutionContext) -> _Plans:
        operation = executor.operation
        entry = self.operations.get(id(operation))
        if entry is None or entry.operation is not operation:
            entry = self.operations[id(operation)] = _Plans(operation, executor.fragment_definitions.values())
            if len(self.operations) > self.size:
                self.operations.popitem(last=False)
        else:
            self.operations.move_to_end(id(operation))
        return entry


_plans = _PlanCache(PLAN_CACHE_SIZE)


def plan_for(executor: PlannedExecutionContext) -> OperationPlan | None:
    """The plan of `executor`'s operation for its directive variables' values: kept from an earlier
    request, or made now; None when graphql-core must run it (see `OperationPlan.eligible`)."""
    plans = _plans.plans(executor)
    if not plans.plannable:
        return None
    coerced = executor.variable_values.coerced
    values = tuple(coerced.get(name, Undefined) for name in plans.directive_variables)
    try:
        plan = plans.by_values.get(values)
    except TypeError:  # a value that cannot be a key: no plan kept for it
        return None
    if plan is None:
        root_type = executor.schema.query_type
        if root_type is None:
            return None
        try:
            plan = OperationPlan(executor, root_type, plans.directive_variables)
        except (GraphQLError, RecursionError):
            return None  # graphql-core reports it
        plans.by_values[values] = plan
    return plan if plan.eligible else None

