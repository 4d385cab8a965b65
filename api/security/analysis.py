"""Static analysis of one operation: its depth, its cost and its largest list input.

The cost follows GitHub's and Shopify's idea: every object field costs 1, and a connection multiplies
what is selected under it by the page size asked (`first`/`last`, else the default page size), so
``accounts(first: 100) { edges { node { contacts(first: 50) { ... } } } }`` costs about 100 x 50
nodes. Depth counts object levels: Relay's `edges` and `node` wrappers add none, so that a depth of 8
allows 8 levels of real nesting rather than 3 connections.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    ListValueNode,
    ObjectValueNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    ValueNode,
    VariableNode,
    get_named_type,
    get_operation_ast,
)

from api.security.caching import LRU

__all__ = ["OperationShape", "analyse", "analyse_cached", "largest_list"]

_WRAPPERS = frozenset({"edges", "node"})

# GraphQL's Int is 32 bits: a variable outside that range is left to GraphQL's own coercion, which refuses
# it with its own error (as it does a literal, in validation), rather than called a page out of range.
_INT_MIN, _INT_MAX = -(2**31), 2**31 - 1


def _graphql_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and _INT_MIN <= value <= _INT_MAX


@dataclass(frozen=True)
class OperationShape:
    """What an operation asks for, before it runs."""

    depth: int
    cost: int
    largest_list: int
    largest_page: int = 0
    smallest_page: int = 1


def largest_list(value: Any, variables: Mapping[str, Any] | None = None) -> int:
    """The length of the longest list anywhere in an argument value (a literal node or a Python value).

    Walked with a stack, not by recursion: a variable's value is the client's JSON, which may nest as deep
    as the decoder allows (nearly Python's recursion limit), and must get its answer, not a RecursionError.
    """
    variables = variables or {}
    largest = 0
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, VariableNode):
            stack.append(variables.get(item.name.value))
        elif isinstance(item, ListValueNode):
            largest = max(largest, len(item.values))
            stack.extend(item.values)
        elif isinstance(item, ObjectValueNode):
            stack.extend(f.value for f in item.fields)
        elif isinstance(item, (list, tuple)):
            largest = max(largest, len(item))
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(item.values())
    return largest


class _Walker:
    def __init__(self, schema: GraphQLSchema, fragments: dict[str, FragmentDefinitionNode],
                 variables: Mapping[str, Any], default_page: int, *, literal_lists: bool = False) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = variables
        self.default_page = default_page
        # With `literal_lists`, list arguments given as variables are left to the caller, which measures
        # every variable's value anyway (a valid operation defines each variable it uses).
        self.literal_lists = literal_lists
        self.largest = 0
        self.largest_page = 0
        self.smallest_page = 1
        self.read_variables = False  # whether the shape depends on the variables' values

    def value(self, node: ValueNode | None) -> Any:
        if node is None:
            return None
        if isinstance(node, VariableNode):
            self.read_variables = True
            return self.variables.get(node.name.value)
        if isinstance(node, IntValueNode):
            return int(node.value)
        return None

    def walk(self, selection_set: SelectionSetNode, parent: Any, depth: int,
             seen: frozenset[str]) -> tuple[int, int]:
        """(cost, deepest level) of a selection set under `parent` at `depth`."""
        cost, deepest = 0, depth
        for sel in selection_set.selections:
            if isinstance(sel, FieldNode):
                c, d = self.field(sel, parent, depth, seen)
            elif isinstance(sel, InlineFragmentNode):
                cond = self.schema.get_type(sel.type_condition.name.value) if sel.type_condition else parent
                c, d = self.walk(sel.selection_set, cond or parent, depth, seen)
            elif isinstance(sel, FragmentSpreadNode):
                name = sel.name.value
                frag = self.fragments.get(name)
                if frag is None or name in seen:
                    continue
                cond = self.schema.get_type(frag.type_condition.name.value) or parent
                c, d = self.walk(frag.selection_set, cond, depth, seen | {name})
            else:  # pragma: no cover - graphql-core has no other selection kinds
                continue
            cost += c
            deepest = max(deepest, d)
        return cost, deepest

    def field(self, node: FieldNode, parent: Any, depth: int, seen: frozenset[str]) -> tuple[int, int]:
        name = node.name.value
        for arg in node.arguments or ():
            variables = None if self.literal_lists else self.variables
            self.largest = max(self.largest, largest_list(arg.value, variables))
        if name.startswith("__"):
            return 0, depth  # introspection: allowed or refused as a whole elsewhere
        definition = (parent.fields.get(name)
                      if isinstance(parent, (GraphQLObjectType, GraphQLInterfaceType)) else None)
        named = get_named_type(definition.type) if definition is not None else None
        level = depth if (name in _WRAPPERS and depth > 0) else depth + 1
        if node.selection_set is None:
            return 0, depth  # a leaf adds no level, as in strawberry's QueryDepthLimiter
        inner, deepest = self.walk(node.selection_set, named, level, seen)
        if named is not None and named.name.endswith("Connection"):
            args = {a.name.value: a.value for a in node.arguments or ()}
            asked_sizes = (self.value(args.get("first")), self.value(args.get("last")))
            sizes = [s for s in asked_sizes if _graphql_int(s)]
            for asked in sizes:
                self.largest_page = max(self.largest_page, asked)
                self.smallest_page = min(self.smallest_page, asked)
            size = next((s for s in sizes if s > 0), self.default_page)
            self.largest_page = max(self.largest_page, size)
            return 1 + size * (1 + inner), deepest  # each item of the page counts 1, plus what it selects
        if name in _WRAPPERS and depth > 0:
            return inner, deepest  # edges/node: counted by their connection
        return 1 + inner, deepest


def _root(schema: GraphQLSchema, op: OperationDefinitionNode) -> Any:
    return {
        OperationType.QUERY: schema.query_type,
        OperationType.MUTATION: schema.mutation_type,
        OperationType.SUBSCRIPTION: schema.subscription_type,
    }[op.operation]


def analyse(
    schema: GraphQLSchema, document: DocumentNode, operation_name: str | None,
    variables: Mapping[str, Any] | None, *, default_page: int = 20,
) -> OperationShape:
    """Depth, cost and largest list input of the operation `operation_name` of `document`.

    Examples
    --------
    >>> from graphql import build_schema, parse
    >>> s = build_schema('''
    ...   type Query { things(first: Int): ThingConnection }
    ...   type ThingConnection { edges: [ThingEdge] }
    ...   type ThingEdge { node: Thing }
    ...   type Thing { name: String, parts(first: Int): ThingConnection }''')
    >>> doc = parse("{ things(first: 10) { edges { node { "
    ...             "parts(first: 5) { edges { node { name } } } } } } }")
    >>> analyse(s, doc, None, {})
    OperationShape(depth=2, cost=71, largest_list=0, largest_page=10, smallest_page=1)
    """
    variables = variables or {}
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    op = get_operation_ast(document, operation_name)
    if op is None:
        return OperationShape(0, 0, 0)
    walker = _Walker(schema, fragments, variables, default_page)
    root = _root(schema, op)
    for definition in op.variable_definitions or ():
        walker.largest = max(walker.largest, largest_list(variables.get(definition.variable.name.value)))
    cost, depth = walker.walk(op.selection_set, root, 0, frozenset())
    return OperationShape(depth=depth, cost=max(1, cost), largest_list=walker.largest,
                          largest_page=walker.largest_page, smallest_page=walker.smallest_page)


# (schema, query text, operation name, default page) -> (depth, cost, largest literal list, largest page,
# smallest page, the operation's variables): the shape of an operation whose page sizes are literals does
# not depend on its variables' values.
_SHAPES: LRU[tuple[int, int, int, int, int, tuple[str, ...]]] = LRU(1000)


def analyse_cached(
    schema: GraphQLSchema, document: DocumentNode, query: str | None, operation_name: str | None,
    variables: Mapping[str, Any] | None, *, default_page: int = 20,
) -> OperationShape:
    """`analyse`, walking the document once per query text (and operation) rather than once per request.

    Only the part that cannot change between requests is kept: an operation whose page sizes come from
    variables is walked every time, and the variables' list sizes are measured on every request.
    """
    variables = variables or {}
    key = (schema, query, operation_name, default_page)
    static = _SHAPES.get(key) if query is not None else None
    if static is None:
        fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
        op = get_operation_ast(document, operation_name)
        if op is None:
            return OperationShape(0, 0, 0)
        walker = _Walker(schema, fragments, variables, default_page, literal_lists=True)
        cost, depth = walker.walk(op.selection_set, _root(schema, op), 0, frozenset())
        names = tuple(d.variable.name.value for d in op.variable_definitions or ())
        static = (depth, max(1, cost), walker.largest, walker.largest_page, walker.smallest_page, names)
        if query is not None and not walker.read_variables:
            _SHAPES.put(key, static)
    depth, cost, largest, largest_page, smallest_page, names = static
    for name in names:
        largest = max(largest, largest_list(variables.get(name)))
    return OperationShape(depth=depth, cost=cost, largest_list=largest, largest_page=largest_page,
                          smallest_page=smallest_page)
