"""Strawberry's execution context with a shorter path for plain leaf fields.

Most fields of an answer are plain leaves: an attribute of the parent read as a scalar or an enum (`key`,
`score`, `level`, a factor's `code`...). A page of 100 accounts with their contacts and risk has about
5,000 of them, and graphql-core's generic `execute_field` spends on each one what a resolver needs (a
resolve info of 15 values, the argument coercion check, the completion's type dispatch, two awaitable
checks) although the field needs none of it. `PlainLeafExecutionContext` completes such a field
directly: the same resolver (Strawberry's default one, so `StrawberryConfig.default_resolver` still
holds), the same leaf coercion and the same errors (a null in a non-null field, a value the scalar
refuses), located on the same path. Every other field, and every field while a schema extension
wraps resolvers (`SchemaExtension.resolve`), goes through graphql-core unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLLeafType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    Undefined,
)
from graphql.execution.executor import to_nodes
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.field import StrawberryField

from api.acyclic import executor_helpers

__all__ = ["PlainLeaf", "PlainLeafExecutionContext", "plain_leaf"]


class PlainLeaf(NamedTuple):
    """How to complete one plain leaf field: its leaf type, whether null is an error, and how to read it
    (what Strawberry's default resolver calls: the configured `default_resolver` with the attribute)."""

    leaf: GraphQLLeafType
    non_null: bool
    read: Callable[[Any, str], Any]
    attribute: str


# Keyed by id(field): GraphQLField defines equality without a hash. Each entry keeps its field alive, so
# its id cannot be reused while the entry lives; the identity check guards against any other field.
_classified: dict[int, tuple[GraphQLField, PlainLeaf | None]] = {}


def plain_leaf(field: GraphQLField) -> PlainLeaf | None:
    """The completion plan of `field` if it is a plain leaf, else None (classified once per field)."""
    entry = _classified.get(id(field))
    if entry is not None and entry[0] is field:
        return entry[1]
    plan = None
    # Strawberry marks the resolver of a field without resolver, permissions or field extensions.
    if getattr(field.resolve, "_is_default", False) and not field.args:
        type_ = field.type
        non_null = isinstance(type_, GraphQLNonNull)
        inner = type_.of_type if isinstance(type_, GraphQLNonNull) else type_
        definition = (field.extensions or {}).get(GraphQLCoreConverter.DEFINITION_BACKREF)
        if isinstance(inner, (GraphQLScalarType, GraphQLEnumType)) and _reads_attribute(definition):
            assert isinstance(definition, StrawberryField)
            plan = PlainLeaf(leaf=inner, non_null=non_null, read=definition.default_resolver,
                              attribute=definition.python_name)
    _classified[id(field)] = (field, plan)
    return plan


def _reads_attribute(definition: Any) -> bool:
    """Whether Strawberry's default resolver of this field only reads an attribute of the source."""
    return (
        isinstance(definition, StrawberryField)
        and definition.base_resolver is None
        and not definition.extensions
        and isinstance(definition.python_name, str)
    )


class PlainLeafExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """Executes plain leaf fields directly; everything else as Strawberry and graphql-core do."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # graphql-core's own helpers are bound methods of the executor: a cycle holding the request.
        self.async_helpers = executor_helpers(self)
        manager = self.middleware_manager
        # A schema extension with a `resolve` hook must see every field: then no field is taken here.
        self._direct_leaves = manager is None or not manager.middlewares

    def execute_field(
        self,
        parent_type: GraphQLObjectType,
        source: Any,
        field_details_list: Any,
        path: Any,
        position_context: Any,
    ) -> Any:
        node = field_details_list[0].node
        field = self.schema.get_field(parent_type, node.name.value) if self._direct_leaves else None
        plan = plain_leaf(field) if field is not None and not node.arguments else None
        if field is None or plan is None:
            return super().execute_field(parent_type, source, field_details_list, path, position_context)
        # What graphql-core's execute_field and complete_value do for this field, without what it does
        # not need.
        try:
            result = plan.read(source, plan.attribute)  # what Strawberry's default resolver returns
            if self.is_awaitable(result):
                # Not a plain value after all (an awaitable attribute): completed as the generic path
                # completes a resolver's awaitable.
                info = self.build_resolve_info(field, to_nodes(field_details_list), parent_type, path)
                return self.complete_awaitable_value(
                    field.type, field_details_list, info, path, result, position_context
                )
            if isinstance(result, Exception):
                raise result
            if result is None or result is Undefined:
                if plan.non_null:
                    name = node.name.value
                    raise TypeError(f"Cannot return null for non-nullable field {parent_type}.{name}.")
                return None
            return self.complete_leaf_value(plan.leaf, result)
        except Exception as raw_error:
            self.handle_field_error(raw_error, field.type, field_details_list, path)
            return None
