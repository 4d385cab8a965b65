"""`PlannedExecutionContext` answers exactly as graphql-core's generic execution does.

Each document runs on two schemas built from the same types, one with the API's execution context and
one with Strawberry's own, and the answers are compared whole: data, and errors with their messages,
paths and locations. The cases cover what the plan takes (objects, lists, interfaces and unions,
non-null propagation from every depth, aliases and fragments, `@skip`/`@include` read from variables,
arguments from literals and from variables, `__typename`, resolvers that fail or return what their type
refuses, awaitables at every level) and what it leaves to graphql-core (mutations, schema extensions
that wrap resolvers). Every document runs three times on the planned side, so that plans kept from an
earlier request (with other variables) are used too. DataLoaders still batch across a list.
"""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

import pytest
import strawberry
from strawberry.dataloader import DataLoader

from api.planned_execution import PlannedExecutionContext
from api.schema import schema as api_schema
from tests.api.resolver_spy import resolver_spy


@strawberry.interface
class Named:
    name: str


@strawberry.type
class Dog(Named):
    barks: bool

    @strawberry.field
    async def friend(self, info: strawberry.Info) -> Dog | None:
        return await info.context["friends"].load(self.name)


@strawberry.type
class Cat(Named):
    lives: int


@strawberry.type
class Thing:
    id: int
    label: str | None
    must: str

    @strawberry.field
    def echo(self, text: str = "hi", times: int = 1) -> str:
        return text * times

    @strawberry.field
    async def later(self) -> int:
        await asyncio.sleep(0)
        return self.id

    @strawberry.field
    def boom(self) -> str | None:
        raise ValueError(f"boom {self.id}")

    @strawberry.field
    def boom_non_null(self) -> str:
        raise ValueError(f"hard boom {self.id}")

    @strawberry.field
    async def async_boom(self) -> int | None:
        await asyncio.sleep(0)
        raise RuntimeError("async boom")

    @strawberry.field
    def wrong_type(self) -> int | None:
        return "not a number"  # type: ignore[return-value]

    @strawberry.field
    def nulls(self) -> list[int | None]:
        return [1, None, 3]

    @strawberry.field
    def strict_items(self) -> list[int] | None:
        return [1, None, 3]  # type: ignore[list-item]

    @strawberry.field
    def awaitable_items(self) -> list[int]:
        async def item(i: int) -> int:
            await asyncio.sleep(0)
            return i

        return [item(1), item(2)]  # type: ignore[list-item]

    @strawberry.field
    def not_a_list(self) -> list[int] | None:
        return 5  # type: ignore[return-value]

    @strawberry.field
    def kids(self) -> list[Thing] | None:
        # The first kid starts asynchronous work; the second is null in a non-null item.
        return [Thing(id=self.id + 1, label="kid", must="m"), None]  # type: ignore[list-item]


SearchResult = Annotated[Dog | Cat | Thing, strawberry.union("SearchResult")]


def _pets() -> list[Named]:
    return [Dog(name="rex", barks=True), Cat(name="tom", lives=9), Dog(name="fido", barks=False)]


@strawberry.type
class Query:
    @strawberry.field
    def things(self, count: int = 3) -> list[Thing]:
        return [Thing(id=i, label=None if i % 2 else f"t{i}", must=f"m{i}") for i in range(count)]

    @strawberry.field
    def thing(self, id: int) -> Thing | None:
        return Thing(id=id, label="one", must="yes") if id >= 0 else None

    @strawberry.field
    def broken_thing(self) -> Thing:
        return Thing(id=1, label="x", must=None)  # type: ignore[arg-type]

    @strawberry.field
    async def pets(self) -> list[Named]:
        await asyncio.sleep(0)
        return _pets()

    @strawberry.field
    def search(self) -> list[SearchResult]:
        return [*_pets(), Thing(id=7, label="seven", must="m")]  # type: ignore[list-item]

    @strawberry.field
    def greeting(self, name: str | None = None) -> str:
        return f"hello {name or 'you'}"

    @strawberry.field
    def tags(self) -> list[str]:
        return ["a", "b"]


@strawberry.type
class Mutation:
    @strawberry.mutation
    async def add(self, a: int, b: int) -> Thing:
        return Thing(id=a + b, label="sum", must="m")


DOCUMENTS: dict[str, tuple[str, list[dict[str, Any]]]] = {
    "objects, lists, leaves": (
        "{ things { id label must later echo echo2: echo(text: \"yo\", times: 2) } }", [{}]
    ),
    "arguments from variables": (
        "query($n: Int!, $t: String!, $id: Int!) "
        "{ things(count: $n) { echo(text: $t) } thing(id: $id) { id } }",
        [{"n": 2, "t": "a", "id": 4}, {"n": 4, "t": "b", "id": -1}],
    ),
    "a field error in a nullable field": ("{ things { id boom } }", [{}]),
    "a field error in a non-null field nulls the parent": ("{ things { id boomNonNull } tags }", [{}]),
    "an asynchronous field error": ("{ things(count: 2) { asyncBoom later } }", [{}]),
    "a value the scalar refuses": ("{ thing(id: 1) { wrongType } }", [{}]),
    "null in a non-null leaf propagates": ("{ brokenThing { id must } tags }", [{}]),
    "nulls in lists": ("{ thing(id: 2) { nulls strictItems awaitableItems notAList } }", [{}]),
    "a null item after an asynchronous one": ("{ thing(id: 2) { id kids { id later } } }", [{}]),
    "interfaces, fragments, __typename": (
        "{ pets { __typename name ... on Dog { barks friend { name } } ... on Cat { lives } } }",
        [{}],
    ),
    "unions and named fragments": (
        "query { search { __typename ...Pet ... on Thing { id label } } } "
        "fragment Pet on Named { name ... on Dog { barks } }",
        [{}],
    ),
    "aliases and merged fields": (
        "{ a: thing(id: 1) { id } b: thing(id: 2) { id label } "
        "things(count: 1) { id } things(count: 1) { must } }",
        [{}],
    ),
    "skip and include from variables": (
        "query($skip: Boolean!, $with: Boolean!) { things(count: 2) { id label @skip(if: $skip) "
        "... @include(if: $with) { must later } } }",
        [{"skip": False, "with": True}, {"skip": True, "with": False}, {"skip": True, "with": True}],
    ),
    "a missing object": ("{ thing(id: -5) { id } greeting greeting2: greeting(name: \"ada\") }", [{}]),
    "a mutation (left to graphql-core)": ("mutation { add(a: 1, b: 2) { id label } }", [{}]),
    "introspection": ("{ __typename __schema { queryType { name } } __type(name: \"Dog\") { name } }", [{}]),
}


def _schemas(**options: Any) -> tuple[strawberry.Schema, strawberry.Schema]:
    planned = strawberry.Schema(query=Query, mutation=Mutation, types=[Dog, Cat],
                                execution_context_class=PlannedExecutionContext, **options)
    generic = strawberry.Schema(query=Query, mutation=Mutation, types=[Dog, Cat], **options)
    return planned, generic


def _context() -> dict[str, Any]:
    loads: list[list[str]] = []

    async def friends(names: list[str]) -> list[Dog | None]:
        loads.append(list(names))
        return [Dog(name=f"{n}'s friend", barks=True) for n in names]

    return {"friends": DataLoader(load_fn=friends), "loads": loads}


def _answer(result: Any) -> tuple[Any, list[tuple[str, Any, Any]]]:
    errors = [(e.message, e.path, [(loc.line, loc.column) for loc in e.locations or []])
              for e in result.errors or []]
    return result.data, sorted(errors, key=repr)


@pytest.mark.parametrize("case", list(DOCUMENTS))
async def test_the_plan_answers_as_graphql_core(case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    document, variables_list = DOCUMENTS[case]
    planned, generic = _schemas()
    selections: list[str] = []
    execute_selection = PlannedExecutionContext.execute_selection

    def spy(self: PlannedExecutionContext, selection: Any, source: Any, path: Any) -> Any:
        selections.append(selection.type.name)
        return execute_selection(self, selection, source, path)

    monkeypatch.setattr(PlannedExecutionContext, "execute_selection", spy)
    for variables in variables_list * 3:  # later rounds run on the plans the first one kept
        mine = await planned.execute(document, variable_values=variables, context_value=_context())
        theirs = await generic.execute(document, variable_values=variables, context_value=_context())
        assert _answer(mine) == _answer(theirs), (case, variables)
    assert mine.data is not None or mine.errors, case  # every case answers something
    # Queries ran from their plans; the mutation went to graphql-core.
    assert bool(selections) == document.startswith(("{", "query")), selections


async def test_skip_and_include_answer_per_request_values() -> None:
    planned, _ = _schemas()
    document = DOCUMENTS["skip and include from variables"][0]
    shown = await planned.execute(document, variable_values={"skip": False, "with": True})
    hidden = await planned.execute(document, variable_values={"skip": True, "with": False})
    assert shown.data == {"things": [{"id": 0, "label": "t0", "must": "m0", "later": 0},
                                     {"id": 1, "label": None, "must": "m1", "later": 1}]}
    assert hidden.data == {"things": [{"id": 0}, {"id": 1}]}


async def test_a_failed_list_leaves_no_awaitable_behind(monkeypatch: pytest.MonkeyPatch) -> None:
    settled: list[Any] = []
    settle = PlannedExecutionContext.settle_in_background

    def spy(self: PlannedExecutionContext, awaitables: list[Any]) -> None:
        settled.extend(awaitables)
        settle(self, awaitables)

    monkeypatch.setattr(PlannedExecutionContext, "settle_in_background", spy)
    planned, _ = _schemas()
    result = await planned.execute("{ thing(id: 2) { kids { id later } } }")
    assert result.data == {"thing": {"kids": None}}
    # The first kid's `later` was started when the second kid failed: it is settled, not dropped.
    assert len(settled) == 1


async def test_loaders_batch_across_a_list() -> None:
    planned, _ = _schemas()
    context = _context()
    result = await planned.execute("{ pets { ... on Dog { friend { name } } } }", context_value=context)
    assert result.errors is None
    assert context["loads"] == [["rex", "fido"]]  # one batch for the two dogs


async def test_an_extension_that_wraps_resolvers_sees_every_field() -> None:
    seen: list[str] = []
    spy = resolver_spy(seen)
    planned, generic = _schemas(extensions=[spy])
    document = "{ things(count: 1) { id label later } }"
    mine, theirs = await planned.execute(document), await generic.execute(document)
    assert _answer(mine) == _answer(theirs)
    assert seen.count("label") == 2 and seen.count("things") == 2  # once per schema


def test_incremental_delivery_and_fragment_arguments_are_left_to_graphql_core() -> None:
    from graphql import parse

    from api.operation_plan import _survey

    def survey(document: str) -> tuple[tuple[str, ...], bool]:
        definitions = parse(document, experimental_fragment_arguments=True).definitions
        return _survey(definitions[0], definitions[1:])  # type: ignore[arg-type]

    assert survey("query($a: Boolean!) { x @skip(if: $a) ... @include(if: $b) { y } }") == (("a", "b"), True)
    assert survey("{ x ... @defer { y } }")[1] is False
    assert survey("{ x @stream(initialCount: 1) }")[1] is False
    assert survey("{ ...F(a: 1) } fragment F($a: Int) on Query { x }")[1] is False
    assert survey("{ ...F } fragment F on Query { x @include(if: $c) }") == (("c",), True)


def test_the_api_runs_queries_from_plans() -> None:
    assert api_schema.execution_context_class is PlannedExecutionContext


async def test_plans_are_bounded_and_keep_only_directive_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    import api.operation_plan as operation_plan

    cache = operation_plan._PlanCache(2)
    monkeypatch.setattr(operation_plan, "_plans", cache)
    planned, generic = _schemas()
    secret = "query($t: String!, $skip: Boolean!) { things(count: 1) { echo(text: $t) id @skip(if: $skip) } }"
    await planned.execute(secret, variable_values={"t": "a secret", "skip": False})
    (entry,) = cache.operations.values()
    (plan,) = entry.by_values.values()
    assert plan.variable_values.coerced == {"skip": False}  # what directives read, nothing else
    # Without a parser cache every execution parses anew: each is a new operation, and only the two most
    # recently used are kept.
    for document in ("{ tags }", "{ greeting }", secret):
        variables = {"t": "b", "skip": True} if document is secret else {}
        mine = await planned.execute(document, variable_values=variables)
        theirs = await generic.execute(document, variable_values=variables)
        assert _answer(mine) == _answer(theirs)
    assert len(cache.operations) == 2
    assert mine.data == {"things": [{"echo": "b"}]}
