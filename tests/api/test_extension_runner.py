"""`PlannedExtensionsRunner` runs schema extension hooks exactly as Strawberry's own runner does.

Each scenario drives the same extensions through both runners and compares what happened, in order:
which hooks ran, what each saw of an exception raised inside the phase, and what came out of it.
No Neo4j: this is about Strawberry's extension contract only.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import pytest
import strawberry
from strawberry.extensions import SchemaExtension
from strawberry.extensions.runner import SchemaExtensionsRunner

from api.extension_runner import PlannedExtensionsRunner, Schema

Log = list[tuple[Any, ...]]


def _extensions(log: Log, on_exit: dict[str, str]) -> list[SchemaExtension]:
    """One extension of each hook kind; `on_exit[name]` says what a generator hook does with an error:
    "pass" (lets it through), "suppress", "replace" (raises another), or "raise-clean" (raises even
    without an error)."""

    def leave(name: str, error: BaseException | None) -> None:
        log.append((name, "saw", type(error).__name__ if error else None))
        what = on_exit.get(name, "pass")
        if what == "replace" and error is not None:
            raise KeyError(f"{name} replaced it")
        if what == "raise-clean" and error is None:
            raise LookupError(f"{name} failed on exit")
        if error is not None and what != "suppress":
            raise error

    class Sync(SchemaExtension):
        def on_operation(self) -> Iterator[None]:
            log.append(("sync", "enter"))
            try:
                yield
            except Exception as error:
                leave("sync", error)
            else:
                leave("sync", None)

    class Async(SchemaExtension):
        async def on_operation(self) -> AsyncIterator[None]:
            log.append(("async", "enter"))
            await asyncio.sleep(0)
            try:
                yield
            except Exception as error:
                leave("async", error)
            else:
                leave("async", None)

    class Coroutine(SchemaExtension):
        async def on_operation(self) -> None:  # type: ignore[override]
            log.append(("coroutine", "called"))

    class Plain(SchemaExtension):
        def on_operation(self) -> None:  # type: ignore[override]
            log.append(("plain", "called"))

    class Silent(SchemaExtension):  # no on_operation: not entered at all
        def on_execute(self) -> Iterator[None]:
            log.append(("silent", "executing"))
            yield

    return [Sync(), Async(), Coroutine(), Plain(), Silent()]


async def _run(runner_class: type[SchemaExtensionsRunner], body: Callable[[], None],
               on_exit: dict[str, str]) -> Log:
    log: Log = []
    runner = runner_class(execution_context=None, extensions=_extensions(log, on_exit))  # type: ignore[arg-type]
    try:
        async with runner.operation():
            log.append(("body",))
            body()
        log.append(("outcome", "completed"))
    except BaseException as error:  # what came out is the point
        log.append(("outcome", type(error).__name__, str(error)))
    return log


def _fine() -> None:
    pass


def _fails() -> None:
    raise ValueError("inside the phase")


SCENARIOS = {
    "no error": (_fine, {}),
    "an error every hook lets through": (_fails, {}),
    "an error the outer async hook suppresses": (_fails, {"async": "suppress"}),
    "an error the inner sync hook suppresses": (_fails, {"sync": "suppress"}),
    "an error replaced by the inner hook": (_fails, {"sync": "replace"}),
    "an error replaced, then suppressed by the outer hook": (
        _fails, {"sync": "replace", "async": "suppress"}
    ),
    "a hook failing on a clean exit": (_fine, {"sync": "raise-clean"}),
}


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_same_hooks_same_order_same_outcome(scenario: str) -> None:
    body, on_exit = SCENARIOS[scenario]
    theirs = asyncio.run(_run(SchemaExtensionsRunner, body, on_exit))
    ours = asyncio.run(_run(PlannedExtensionsRunner, body, on_exit))
    assert ours == theirs
    assert ours[0] == ("sync", "enter")  # extension order on entry
    assert ("silent", "executing") not in ours


def test_a_generator_hook_that_does_not_yield_is_an_error_in_both() -> None:
    class NoYield(SchemaExtension):
        def on_validate(self) -> Iterator[None]:
            return
            yield  # a generator that ends before yielding

    async def enter(runner_class: type[SchemaExtensionsRunner]) -> str:
        runner = runner_class(execution_context=None, extensions=[NoYield()])  # type: ignore[arg-type]
        with pytest.raises(RuntimeError) as caught:
            async with runner.validation():
                pass
        return str(caught.value)

    assert asyncio.run(enter(PlannedExtensionsRunner)) == asyncio.run(enter(SchemaExtensionsRunner))


def test_synchronous_phases_refuse_async_hooks_and_run_sync_ones() -> None:
    for runner_class in (SchemaExtensionsRunner, PlannedExtensionsRunner):
        log: Log = []
        runner = runner_class(execution_context=None, extensions=_extensions(log, {}))  # type: ignore[arg-type]
        with pytest.raises(RuntimeError, match="failed to complete synchronously"), runner.operation():
            pass
        sync_only = runner_class(execution_context=None, extensions=_extensions(log, {})[4:])  # type: ignore[arg-type]
        log.clear()
        with sync_only.executing():
            log.append(("body",))
        assert log == [("silent", "executing"), ("body",)]


def test_a_schema_runs_its_extensions_through_the_planned_runner() -> None:
    events: list[str] = []

    class Timing(SchemaExtension):
        def on_operation(self) -> Iterator[None]:
            events.append("operation")
            yield
            events.append("operation done")

        async def on_execute(self) -> AsyncIterator[None]:
            events.append("execute")
            yield

        def get_results(self) -> dict[str, Any]:
            return {"timing": len(events)}

    @strawberry.type
    class Query:
        @strawberry.field
        def hello(self) -> str:
            return "world"

    ours = Schema(query=Query, extensions=[Timing])
    result = asyncio.run(ours.execute("{ hello }"))
    assert result.errors is None and result.data == {"hello": "world"}
    assert result.extensions == {"timing": 3}
    assert events == ["operation", "execute", "operation done"]
    assert isinstance(ours.create_extensions_runner(None, []), PlannedExtensionsRunner)  # type: ignore[arg-type]
