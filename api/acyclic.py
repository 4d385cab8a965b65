"""A request's objects kept out of reference cycles, so that they are freed when the request ends.

An object in a reference cycle is only freed by Python's cyclic garbage collector, and with it
everything it holds. Two cycles held a whole request: graphql-core's executor keeps helpers for
resolvers that are bound methods of itself (executor -> helpers -> bound method -> executor), and a
DataLoader whose batch function is one of its own methods keeps itself (loader -> bound method ->
loader). The executor holds the context, the context the request, the loaders, their caches and every
answer; so each request left about 60 objects to the collector (a query for one account's risk: 182
objects per request in cycles, 122 without these two, all of them the Neo4j driver's), collected
every few dozen requests in pauses of several milliseconds, their memory reused late. Freed by
reference counting instead: ~4% less server CPU per request (`bench/api_ab.py`, one account's risk
at 1 and 16 clients, a page of 100 accounts at 1).

The helpers below refer to their owner weakly. The owner outlives every call: graphql-core calls the
helpers while it executes, and a DataLoader batch is dispatched with its loader in hand.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Awaitable, Callable, Sequence
from inspect import isawaitable
from typing import Any, TypeVar

from graphql.execution.executor import Executor, gather_with_cancel
from graphql.type.definition import GraphQLResolveInfoHelpers

__all__ = ["executor_helpers", "weak_method"]

A = TypeVar("A")
R = TypeVar("R")

# Work tracked after its executor was freed: kept until settled, as the executor would have kept it.
_orphaned: set[asyncio.Future[Any]] = set()


def executor_helpers(executor: Executor) -> GraphQLResolveInfoHelpers:
    """graphql-core's resolver helpers for `executor` (`gather`, `track`) without a reference to it."""
    ref = weakref.ref(executor)

    def gather(values: Sequence[Awaitable[Any]]) -> Awaitable[list[Any]]:
        return gather_with_cancel(*values)  # what `Executor.gather_async_work` does

    def track(values: Sequence[Any]) -> None:
        live = ref()
        if live is not None:
            live.track_async_work(values)
            return
        pending = [value for value in values if isawaitable(value)]
        if pending:  # settled in the background, its errors observed (`Executor.settle_in_background`)
            future = asyncio.gather(*pending, return_exceptions=True)
            _orphaned.add(future)
            future.add_done_callback(_orphaned.discard)

    return GraphQLResolveInfoHelpers(gather=gather, track=track)


def weak_method(method: Callable[[A], R]) -> Callable[[A], R]:
    """`method` (bound) as a function that does not keep its object alive."""
    ref = weakref.WeakMethod(method)
    name = method.__qualname__  # not `method` itself: the closure would hold it, and it its object

    def call(argument: A) -> R:
        bound = ref()
        if bound is None:
            raise ReferenceError(f"{name} called after its object was freed")
        return bound(argument)

    return call
