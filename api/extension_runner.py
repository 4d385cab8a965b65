"""Strawberry's schema extension hooks, run with each hook's kind looked up once per extension class.

Every request runs four phases (operation, parsing, validation, execution) over every schema extension
(six here, seven in production: the limits, the caches, error masking). Strawberry's runner finds each
phase's hooks anew on every request: for each extension and phase it reads the hook off the class, asks
`inspect` whether it is a generator, wraps it in a `contextlib` context manager (`functools.wraps`
included) and enters it on an exit stack. On a query for one account that bookkeeping was 3-10% of the
API's own CPU per request (in-process A/B, Neo4j's answers canned, the CPU's caches cold as after each
wait on the network).

`PlannedExtensionsRunner` keeps the same contract (hooks entered in extension order, left in reverse;
an exception inside a phase thrown into the generator hooks, which may raise another in its place but
cannot suppress it; a hook that does not yield is an error) and drives the hook generators directly.
What a hook is (generator, async generator, coroutine function, plain callable, or not overridden) is
decided once per (extension class, phase), as Strawberry decides it, from the class's attribute.
`Schema` is `strawberry.Schema` with this runner (and graphql-core's choice of operation:
`api.operation_choice`).
"""

from __future__ import annotations

import inspect
from asyncio import iscoroutinefunction
from collections.abc import Callable, Sequence
from enum import IntEnum
from types import TracebackType
from typing import Any

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension
from strawberry.extensions.runner import SchemaExtensionsRunner
from strawberry.types import ExecutionContext
from strawberry.utils.await_maybe import await_maybe

from api.errors import log_unexpected
from api.operation_choice import OperationChoosingSchema

__all__ = ["PlannedExtensionsRunner", "Schema"]


class _Kind(IntEnum):
    GENERATOR = 0  # def hook(self): ...; yield; ...
    ASYNC_GENERATOR = 1  # async def hook(self): ...; yield; ...
    COROUTINE = 2  # async def hook(self): ... (runs on entry only)
    CALLABLE = 3  # def hook(self): ... (runs on entry only)


_Plan = tuple[_Kind, Callable[..., Any]] | None
_plans: dict[tuple[type, str], _Plan] = {}


def _plan(cls: type, hook_name: str) -> _Plan:
    """What `cls`'s hook for a phase is, or None when it does not override the base class's."""
    key = (cls, hook_name)
    try:
        return _plans[key]
    except KeyError:
        pass
    hook = getattr(cls, hook_name)
    plan: _Plan
    if hook is getattr(SchemaExtension, hook_name):
        plan = None
    elif inspect.isgeneratorfunction(hook):
        plan = (_Kind.GENERATOR, hook)
    elif inspect.isasyncgenfunction(hook):
        plan = (_Kind.ASYNC_GENERATOR, hook)
    elif iscoroutinefunction(hook):
        plan = (_Kind.COROUTINE, hook)
    elif callable(hook):
        plan = (_Kind.CALLABLE, hook)
    else:
        raise ValueError(f"Hook {hook_name} on {cls.__name__} must be callable, received {hook!r}")
    _plans[key] = plan
    return plan


class _Phase:
    """One phase's hooks as a context manager (async, or sync when every hook is synchronous)."""

    __slots__ = ("_active", "_hook_name", "_hooks")

    def __init__(self, extensions: Sequence[SchemaExtension], hook_name: str) -> None:
        self._hook_name = hook_name
        self._hooks: list[tuple[SchemaExtension, _Kind, Callable[..., Any]]] = []
        for extension in extensions:
            plan = _plan(type(extension), hook_name)
            if plan is not None:
                self._hooks.append((extension, plan[0], plan[1]))
        # The generators entered, in order: left in reverse.
        self._active: list[tuple[_Kind, Any]] = []

    async def __aenter__(self) -> None:
        for extension, kind, hook in self._hooks:
            if kind is _Kind.GENERATOR:
                generator = hook(extension)
                _first_step(generator)
                self._active.append((kind, generator))
            elif kind is _Kind.ASYNC_GENERATOR:
                generator = hook(extension)
                try:
                    await generator.__anext__()
                except StopAsyncIteration:
                    raise RuntimeError("generator didn't yield") from None
                self._active.append((kind, generator))
            elif kind is _Kind.COROUTINE:
                await hook(extension)
            else:
                hook(extension)

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> bool:
        pending = exc
        for kind, generator in reversed(self._active):
            try:
                if kind is _Kind.GENERATOR:
                    suppressed = _leave(generator, pending, tb)
                else:
                    suppressed = await _leave_async(generator, pending, tb)
            except BaseException as raised:  # a hook raised while leaving: that exception goes on
                pending, tb = raised, raised.__traceback__
                continue
            if suppressed:
                pending = tb = None
        return self._outcome(exc, pending)

    def __enter__(self) -> None:
        for extension, kind, hook in self._hooks:
            if kind in (_Kind.ASYNC_GENERATOR, _Kind.COROUTINE):
                raise RuntimeError(
                    f"SchemaExtension hook {extension}.{self._hook_name} failed to complete synchronously."
                )
            if kind is _Kind.GENERATOR:
                generator = hook(extension)
                _first_step(generator)
                self._active.append((kind, generator))
            else:
                hook(extension)

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> bool:
        pending = exc
        for _, generator in reversed(self._active):
            try:
                suppressed = _leave(generator, pending, tb)
            except BaseException as raised:
                pending, tb = raised, raised.__traceback__
                continue
            if suppressed:
                pending = tb = None
        return self._outcome(exc, pending)

    def _outcome(self, exc: BaseException | None, pending: BaseException | None) -> bool:
        """After every hook has left: raise what a hook raised instead of `exc`, if any.

        A hook that swallows `exc` does not stop it: Strawberry's phases never suppress (their exit
        ignores the exit stack's answer), and neither do these.
        """
        self._active.clear()
        if pending is not None and pending is not exc:
            raise pending
        return False


def _first_step(generator: Any) -> None:
    try:
        next(generator)
    except StopIteration:
        raise RuntimeError("generator didn't yield") from None


def _leave(generator: Any, exc: BaseException | None, tb: TracebackType | None) -> bool:
    """Resume a generator hook past its yield, `exc` raised there if any: True if it suppressed `exc`.

    As `contextlib.contextmanager`'s exit: an exception the hook lets through propagates unchanged; one
    it raises instead propagates instead.
    """
    if exc is None:
        try:
            next(generator)
        except StopIteration:
            return False
        raise RuntimeError("generator didn't stop")
    try:
        generator.throw(exc)
    except StopIteration as stop:
        return stop is not exc
    except BaseException as raised:
        if _passed_through(raised, exc, tb):
            return False
        raise
    raise RuntimeError("generator didn't stop after throw()")


async def _leave_async(generator: Any, exc: BaseException | None, tb: TracebackType | None) -> bool:
    """`_leave` for an async generator hook."""
    if exc is None:
        try:
            await generator.__anext__()
        except StopAsyncIteration:
            return False
        raise RuntimeError("generator didn't stop")
    try:
        await generator.athrow(exc)
    except StopAsyncIteration as stop:
        return stop is not exc
    except BaseException as raised:
        if _passed_through(raised, exc, tb):
            return False
        raise
    raise RuntimeError("generator didn't stop after athrow()")


def _passed_through(raised: BaseException, exc: BaseException, tb: TracebackType | None) -> bool:
    """Whether a hook into which `exc` was thrown let it through (its traceback then restored), rather
    than raising another exception in its place."""
    # PEP 479: a StopIteration thrown into a generator comes back as a RuntimeError caused by it.
    wrapped = isinstance(raised, RuntimeError) and isinstance(exc, (StopIteration, StopAsyncIteration))
    if raised is exc or (wrapped and raised.__cause__ is exc):
        exc.__traceback__ = tb
        return True
    return False


class PlannedExtensionsRunner(SchemaExtensionsRunner):
    """Strawberry's extensions runner with each hook's kind decided once per extension class."""

    def operation(self) -> Any:
        return _Phase(self.extensions, "on_operation")

    def validation(self) -> Any:
        return _Phase(self.extensions, "on_validate")

    def parsing(self) -> Any:
        return _Phase(self.extensions, "on_parse")

    def executing(self) -> Any:
        return _Phase(self.extensions, "on_execute")

    async def get_extensions_results(self, ctx: ExecutionContext) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for extension in self.extensions:
            # The base class's get_results answers {}: only overrides are asked.
            if type(extension).get_results is not SchemaExtension.get_results:
                data.update(await await_maybe(extension.get_results()))
        data.update(ctx.extensions_results)
        return data


class Schema(OperationChoosingSchema):
    """`strawberry.Schema` whose extensions run through `PlannedExtensionsRunner` (and which runs the
    operation graphql-core chooses: `api.operation_choice`; and logs only unexpected errors)."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        # Strawberry calls this with every answer's errors before the extensions (error masking) see
        # them, in queries, mutations and subscriptions alike.
        log_unexpected(errors)

    def create_extensions_runner(
        self, execution_context: ExecutionContext, extensions: list[SchemaExtension]
    ) -> SchemaExtensionsRunner:
        return PlannedExtensionsRunner(execution_context=execution_context, extensions=extensions)

