"""DateTime arguments and inputs accept 1900 to 2199 (UTC): outside that, a client error naming the value,
never an overflow in the metrics' date arithmetic ("Unexpected error."). A random fuzz run found the
overflow with `portfolio(asOf: "0001-01-01...")`."""

from __future__ import annotations

import pytest

from tests.api.conftest import GraphQL

OUT_OF_RANGE = ["0001-01-01T00:00:06.000011Z", "1899-12-31T23:59:59Z", "2200-01-01T00:00:00Z",
                "9999-12-31T23:59:59Z"]

FIELDS = [
    "query($t: DateTime) { portfolio(asOf: $t) { accounts } }",
    "query($t: DateTime) { championMoves(since: $t) { strength } }",
    "query($t: DateTime) { accounts(first: 1) { edges { node { risk(asOf: $t) { score } } } } }",
    "query($t: DateTime) { accounts(first: 1) { edges { node { costToEngage(from: $t) { cost } } } } }",
]


@pytest.mark.parametrize("value", OUT_OF_RANGE)
@pytest.mark.parametrize("query", FIELDS)
async def test_instants_outside_the_range_are_the_clients_error(gql: GraphQL, query: str, value: str) -> None:
    body = (await gql.raw(query, {"t": value})).json()
    [error] = body["errors"]
    assert "must lie between 1900-01-01 and 2199-12-31" in error["message"], error
    assert value in error["message"] and body.get("data") is None


async def test_instants_inside_the_range_answer(gql: GraphQL) -> None:
    query = """query($t: DateTime) { portfolio(asOf: $t) { asOf accounts }
                 accounts(first: 1) { edges { node { risk(asOf: $t) { score } } } } }"""
    data = await gql(query, {"t": "1900-01-01T00:00:00"})
    assert data["portfolio"]["asOf"].startswith("1900-01-01T00:00:00+00:00")  # naive means UTC
    # No account of the demo world has anything dated by 1900: none was there (test_portfolio_churned).
    assert data["portfolio"]["accounts"] == 0
    # The metrics themselves still compute as of the earliest instant.
    assert data["accounts"]["edges"][0]["node"]["risk"]["score"] >= 0


def test_records_from_files_hold_the_same_range() -> None:
    from pydantic import ValidationError

    from graph.records import InteractionRecord

    row = {"key": "i1", "source": "crm", "channel": "email", "direction": "outbound", "accountKey": "A-1",
           "contactKeys": ["C-1"], "staffKeys": ["S-1"], "occurredAt": "1850-06-01T10:00:00Z"}
    with pytest.raises(ValidationError) as caught:
        InteractionRecord.model_validate(row)
    [error] = caught.value.errors()
    assert error["loc"] == ("occurredAt",) and "1900-01-01" in error["msg"]
    assert InteractionRecord.model_validate({**row, "occurredAt": "2026-06-01"}).occurred_at.year == 2026


async def test_a_number_for_an_input_datetime_is_the_clients_error(gql: GraphQL) -> None:
    # The files refuse a number for a datetime rather than read it as Unix seconds (an Excel serial date
    # 46027 became 1970-01-01T12:47:07Z); the DateTime scalar refuses it before the record sees it.
    mutation = """mutation($input: [InteractionInput!]!) { recordInteractions(input: $input) {
      ... on IngestSummary { inserted rejected } ... on IngestError { code message } } }"""
    row = {"source": "probe", "key": "n1", "channel": "EMAIL", "direction": "INBOUND", "accountKey": "A-1"}
    for value in (46027, 46027.5, "46027"):
        body = (await gql.raw(mutation, {"input": [{**row, "occurredAt": value}]})).json()
        [error] = body["errors"]
        assert "cannot represent a DateTime" in error["message"], error
        assert error["extensions"]["code"] == "INVALID_INPUT" and body.get("data") is None, body


# --- the scalar accepts exactly what the files accept, with the files' reasons ------------------

PORTFOLIO = "query($t: DateTime) { portfolio(asOf: $t) { asOf } }"


def _file_reason(value: object) -> str:
    """What `relgraph import` says of `value` in an interaction's occurred_at."""
    from pydantic import ValidationError

    from graph.records import InteractionRecord, field_errors

    row = {"key": "i1", "source": "crm", "channel": "email", "direction": "outbound", "accountKey": "A-1",
           "contactKeys": ["C-1"], "staffKeys": ["S-1"], "occurredAt": value}
    with pytest.raises(ValidationError) as caught:
        InteractionRecord.model_validate(row)
    [(field, reason)] = field_errors(caught.value)
    assert field == "occurred_at"
    return reason


@pytest.mark.parametrize(
    ("value", "hint"),
    [
        ("20260105", "write it 2026-01-05"),  # ISO's basic form: dateutil's isoparse read it as a date
        ("46027", "got a number, 46027"),  # an Excel serial date, as text
        (46027, "got a number, 46027"),
        (46027.5, "got a number, 46027.5"),
        ("2026-W02", "Input should be a valid datetime or date"),  # a week date: isoparse took it too
        ("20260105T100000Z", "Input should be a valid datetime or date"),
    ],
)
async def test_what_files_refuse_the_api_refuses_with_the_same_reason(
    gql: GraphQL, value: object, hint: str
) -> None:
    body = (await gql.raw(PORTFOLIO, {"t": value})).json()
    [error] = body["errors"]
    reason = _file_reason(value)
    assert hint in reason
    assert error["message"].endswith(f'Value cannot represent a DateTime: "{value}". {reason}'), error
    assert error["message"].startswith("Variable '$t' has invalid value"), error  # named at the argument
    assert error["extensions"]["code"] == "INVALID_INPUT" and body.get("data") is None, body


async def test_a_literal_in_the_document_is_read_the_same(gql: GraphQL) -> None:
    for literal, reason in (('"20260105"', _file_reason("20260105")), ("46027", _file_reason(46027))):
        body = (await gql.raw(f"{{ portfolio(asOf: {literal}) {{ asOf }} }}")).json()
        [error] = body["errors"]
        assert reason in error["message"], error
        assert body.get("data") is None, body


@pytest.mark.parametrize(
    ("value", "instant"),
    [
        ("2026-01-05", "2026-01-05T00:00:00+00:00"),  # a date: midnight UTC, as in files
        ("2026-01-05T10:00:00+02:00", "2026-01-05T08:00:00+00:00"),
        ("2026-01-05T10:00:00Z", "2026-01-05T10:00:00+00:00"),
        (" 2026-01-05T10:00:00 ", "2026-01-05T10:00:00+00:00"),  # stripped, as every file value is
    ],
)
async def test_dates_and_date_times_with_an_offset_answer_in_utc(
    gql: GraphQL, value: str, instant: str
) -> None:
    data = await gql(PORTFOLIO, {"t": value})
    assert data["portfolio"]["asOf"] == instant
