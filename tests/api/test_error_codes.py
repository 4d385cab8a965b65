"""Every error a client can act on carries `extensions.code` (docs/api.md, "Error codes"), through HTTP."""

from __future__ import annotations

import logging
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from api.app import create_app
from graph.settings import ApiLimits, Settings
from tests.api.conftest import GraphQL, Keys

# (document, variables, the extensions expected, a part of the message)
CASES: dict[str, tuple[str, dict[str, Any], dict[str, Any], str]] = {
    "period": (
        'query($k: String!) { account(key: $k) { costToEngage(from: "2026-02-01T00:00:00Z", '
        'to: "2026-01-01T00:00:00Z") { cost } } }',
        {},
        {"code": "INVALID_INPUT", "argument": "from"},
        "`from` must be before `to`",
    ),
    "interactions period": (
        'query($k: String!) { account(key: $k) { interactions(from: "2026-02-01T00:00:00Z", '
        'to: "2026-02-01T00:00:00Z") { totalCount } } }',
        {},
        {"code": "INVALID_INPUT", "argument": "from"},
        "`from` must be before `to`",
    ),
    "top": (
        "{ portfolio(top: 0) { accounts } }", {}, {"code": "INVALID_INPUT", "argument": "top"},
        "top must be between 1 and 100",
    ),
    "intro paths": (
        'query($k: String!) { introPaths(toContact: $k, first: 11) { strength } }', {},
        {"code": "INVALID_INPUT", "argument": "first"}, "first must be between 1 and 10",
    ),
    "without": (
        "query($k: String!, $w: [String!]) { account(key: $k) { risk(without: $w) { score } } }",
        {"w": [f"P-{n}" for n in range(51)]},
        {"code": "LIST_LIMIT", "argument": "without", "size": 51, "maxSize": 50},
        "at most 50 people in `without`",
    ),
    "deliveries page": (
        '{ webhookDeliveries(webhookId: "nope", first: 0) { id } }', {},
        {"code": "INVALID_INPUT", "argument": "first"}, "first must be between 1 and 200",
    ),
    "global id": (
        '{ node(id: "") { id } }', {}, {"code": "INVALID_INPUT"}, 'Value cannot represent a GlobalID: "".',
    ),
    "unknown webhook": (
        '{ webhookDeliveries(webhookId: "nope") { id } }', {}, {"code": "NOT_FOUND"},
        "no webhook with id 'nope'",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
async def test_argument_errors_carry_a_code(gql: GraphQL, demo_keys: Keys, case: str) -> None:
    query, variables, extensions, message = CASES[case]
    if "$k" in query:
        variables = {"k": demo_keys.scoped_accounts[0], **variables}
    response = await gql.raw(query, variables)
    assert response.status_code == 200, response.text
    [error] = response.json()["errors"]
    assert message in error["message"]
    assert error["extensions"] == extensions


async def test_a_key_without_the_scope_gets_forbidden(gql: GraphQL, demo_keys: Keys) -> None:
    response = await gql.raw(
        'mutation { upsertStaff(input: [{key: "S-x", name: "X", function: SALES, costPerHour: 1}]) '
        "{ __typename } }",
        token=demo_keys.reader,
    )
    [error] = response.json()["errors"]
    assert error["message"] == "this API key lacks the 'write' scope"
    assert error["extensions"] == {"code": "FORBIDDEN"}
    response = await gql.raw("{ portfolio { accounts } }", token=demo_keys.writer)
    [error] = response.json()["errors"]
    assert error["message"] == "this API key lacks the 'read' scope"
    assert error["extensions"] == {"code": "FORBIDDEN"}


ACCOUNTS = """mutation($input: [AccountInput!]!) { upsertAccounts(input: $input) {
  ... on IngestSummary { inserted } ... on IngestError { code message } } }"""


def _accounts(n: int) -> list[dict[str, Any]]:
    # Invalid on purpose (no name is accepted blank), so that nothing is written if one gets through.
    return [{"key": f"A-big-{i}", "name": " ", "segment": "SMB", "tier": "KEY", "lifecycleStage": "ACTIVE",
             "annualRevenue": 1, "grossMarginRate": 0.5} for i in range(n)]


async def test_too_many_records_is_a_list_limit_with_the_default_limits(gql: GraphQL) -> None:
    response = await gql.raw(ACCOUNTS, {"input": _accounts(1001)})
    body = response.json()
    assert body["data"] is None
    [error] = body["errors"]
    assert error["extensions"] == {"code": "LIST_LIMIT", "size": 1001, "maxSize": 1000}


async def test_too_many_records_is_an_ingest_error_when_lists_may_be_longer(
    settings: Settings, demo_keys: Keys
) -> None:
    app = create_app(settings.model_copy(update={"limits": ApiLimits(max_list_input=2000)}))
    async with app.router.lifespan_context(app), httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://relgraph.test"
    ) as client:
        data = await GraphQL(client, demo_keys.admin)(ACCOUNTS, {"input": _accounts(1001)})
    assert data["upsertAccounts"] == {
        "code": "TOO_MANY_RECORDS", "message": "1001 records given; send at most 1000 per call"
    }


# Errors about the request itself, before any field runs: (body, the code, a part of the message).
REQUEST_CASES: dict[str, tuple[dict[str, Any], str, str]] = {
    "syntax": ({"query": "{ account(key: "}, "GRAPHQL_PARSE_FAILED", "Syntax Error"),
    "unknown field": ({"query": "{ acount(key: \"x\") { key } }"}, "GRAPHQL_VALIDATION_FAILED",
                      "Cannot query field 'acount' on type 'Query'."),
    "argument type": ({"query": "{ account(key: 1) { key } }"}, "GRAPHQL_VALIDATION_FAILED",
                      "String cannot represent a non string value: 1"),
    "variable type": ({"query": "query($k: String!) { account(key: $k) { key } }", "variables": {"k": 1}},
                      "INVALID_INPUT", "Variable '$k' has invalid value: String cannot represent"),
    "variable missing": ({"query": "query($k: String!) { account(key: $k) { key } }"}, "INVALID_INPUT",
                         "Variable '$k' has invalid value: Expected a value of non-null type 'String!'"),
    "two operations": ({"query": "query A { __typename } query B { __typename }"},
                       "OPERATION_RESOLUTION_FAILURE", "Must provide operation name"),
    "unknown operation": ({"query": "query A { __typename }", "operationName": "B"},
                          "OPERATION_RESOLUTION_FAILURE", "Unknown operation named 'B'."),
}


@pytest.mark.parametrize("case", sorted(REQUEST_CASES))
async def test_errors_of_the_request_itself_carry_a_code(gql: GraphQL, demo_keys: Keys, case: str) -> None:
    body, code, message = REQUEST_CASES[case]
    response = await gql.client.post(
        "/graphql", json=body, headers={"Authorization": f"Bearer {demo_keys.admin}"}
    )
    errors = response.json()["errors"]
    assert [e["extensions"]["code"] for e in errors] == [code], errors
    assert message in errors[0]["message"]


async def test_a_validation_error_keeps_its_code_when_the_document_is_validated_again(
    gql: GraphQL
) -> None:
    # Validation is cached per query text: the second answer comes from the cache.
    first, second = [(await gql.raw("{ nope }")).json()["errors"] for _ in range(2)]
    assert first == second
    assert first[0]["extensions"] == {"code": "GRAPHQL_VALIDATION_FAILED"}


async def test_only_unexpected_errors_are_logged(
    app: FastAPI, gql: GraphQL, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    caplog.set_level(logging.DEBUG)
    for mistake in ("{ nope }", "{ account(key: ", "{ portfolio(top: 0) { accounts } }"):
        assert (await gql.raw(mistake)).json()["errors"]
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []

    async def failing_read(name: str, /, **params: Any) -> Any:
        raise RuntimeError("the store broke")

    monkeypatch.setattr(app.state.store, "read", failing_read)
    [error] = (await gql.raw("{ portfolio { accounts } }")).json()["errors"]
    assert error["message"] == "Unexpected error."
    logged = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert [(r.name, r.getMessage()) for r in logged] == [
        ("relgraph.api", "unexpected error at ['portfolio']")
    ]
    assert logged[0].exc_info is not None and "the store broke" in str(logged[0].exc_info[1])


async def test_bad_values_in_many_records_give_a_bounded_list_of_coded_errors(gql: GraphQL) -> None:
    # GraphQL coerces every variable before anything runs: one bad enum value in each of 1,000 records is
    # refused as a whole, with a readable number of errors (each naming its record), not 1,000.
    records = [{**r, "tier": "LONG_TAIL"} for r in _accounts(1000)]
    response = await gql.raw(ACCOUNTS, {"input": records})
    body = response.json()
    assert body["data"] is None
    errors = body["errors"]
    assert 1 < len(errors) <= 51
    assert {e["extensions"]["code"] for e in errors} == {"INVALID_INPUT"}
    assert errors[0]["message"] == (
        "Variable '$input' has invalid value at [0].tier: Value 'LONG_TAIL' does not exist in 'Tier' enum."
    )
    assert errors[-1]["message"].startswith("Too many errors processing variables")
