"""`OperationLimits`: the schema extension that refuses an operation before it runs when it is too deep,
too costly, asks for a page size out of range, carries too large a list, or when the API key's cost
budget is spent.

It runs after validation (so fragments are known to be acyclic) and before execution. A refusal is a
GraphQL error with `extensions.code` (DEPTH_LIMIT, PAGE_LIMIT, LIST_LIMIT, COST_LIMIT, RATE_LIMITED) and
the numbers;
RATE_LIMITED also marks the request so that `LimitsMiddleware` answers HTTP 429 with Retry-After.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphql import ExecutionResult, GraphQLError
from strawberry.extensions import SchemaExtension

from api.pagination import page_size_message
from api.security.analysis import analyse_cached
from api.security.budget import CostBudget
from graph.settings import ApiLimits

__all__ = ["RATE_LIMIT_SCOPE_KEY", "OperationLimits", "limit_error"]

RATE_LIMIT_SCOPE_KEY = "relgraph.retry_after"


def limit_error(code: str, message: str, **numbers: Any) -> GraphQLError:
    """A refusal the client can read: a message, a stable code and the numbers that explain it."""
    return GraphQLError(message, extensions={"code": code, **numbers})


def _caller_id(context: Any) -> str | None:
    caller = getattr(context, "caller", None)
    return getattr(caller, "id", None)


def _mark_rate_limited(context: Any, retry_after: int) -> None:
    request = getattr(context, "request", None)
    scope = getattr(request, "scope", None)
    if isinstance(scope, dict):
        scope.setdefault("state", {})
        scope[RATE_LIMIT_SCOPE_KEY] = retry_after


class OperationLimits(SchemaExtension):
    """Depth, cost, list-size and budget checks of one operation (see `api.security.analysis`)."""

    def __init__(self, *, limits: ApiLimits, budget: CostBudget | None = None) -> None:
        self.limits = limits
        self.budget = budget

    def _refusal(self) -> GraphQLError | None:
        ec = self.execution_context
        if ec.graphql_document is None:
            return None
        shape = analyse_cached(ec.schema._schema, ec.graphql_document, ec.query, ec.operation_name,
                               ec.variables, default_page=self.limits.default_page_size)
        lim = self.limits
        if shape.depth > lim.max_depth:
            return limit_error("DEPTH_LIMIT", f"the operation is {shape.depth} levels deep; the most "
                               f"allowed is {lim.max_depth} (Relay's edges/node do not count)",
                               depth=shape.depth, maxDepth=lim.max_depth)
        # Each bound on its own side: without connections largest_page is 0 and smallest_page 1.
        if shape.largest_page > lim.max_page_size or shape.smallest_page < 1:
            size = shape.largest_page if shape.largest_page > lim.max_page_size else shape.smallest_page
            return limit_error("PAGE_LIMIT", page_size_message(size, lim.max_page_size), size=size,
                               maxSize=lim.max_page_size)
        if shape.largest_list > lim.max_list_input:
            return limit_error("LIST_LIMIT", f"a list argument holds {shape.largest_list} items; send at "
                               f"most {lim.max_list_input} per call", size=shape.largest_list,
                               maxSize=lim.max_list_input)
        if shape.cost > lim.max_query_cost:
            return limit_error("COST_LIMIT", f"the operation would cost {shape.cost} points; the most "
                               f"allowed is {lim.max_query_cost}: ask for smaller pages (first/last) or "
                               "fewer nested connections", cost=shape.cost, maxCost=lim.max_query_cost)
        key = _caller_id(ec.context)
        if self.budget is not None and key is not None:
            verdict = self.budget.charge(key, shape.cost)
            if not verdict.allowed:
                _mark_rate_limited(ec.context, verdict.retry_after)
                return limit_error("RATE_LIMITED", "this API key spent its budget of "
                                   f"{self.budget.per_minute} points a minute; retry in "
                                   f"{verdict.retry_after}s", cost=shape.cost,
                                   remaining=verdict.remaining, retryAfter=verdict.retry_after)
        return None

    def on_execute(self) -> Iterator[None]:
        error = self._refusal()
        if error is not None:
            # A result set before execution makes Strawberry skip it and return this instead.
            self.execution_context.result = ExecutionResult(data=None, errors=[error])
        yield
