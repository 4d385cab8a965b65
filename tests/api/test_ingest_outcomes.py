"""The per-record accounting of the upsert mutations, worded for a list: 0-based indexes, camelCase
field names in `field` and in messages, one key format per kind, unambiguous composite keys.

Every record here is rejected or changes nothing, so the demo world stays as it was."""

from __future__ import annotations

from typing import Any

from tests.api.conftest import GraphQL, Keys

OUTCOMES = "{ index key outcome field message }"


def _upsert(mutation: str, input_type: str) -> str:
    return f"""mutation($input: [{input_type}!]!) {{ {mutation}(input: $input) {{
      ... on IngestSummary {{ outcomes {OUTCOMES} }}
      ... on IngestError {{ code message }} }} }}"""


async def _outcomes(gql: GraphQL, mutation: str, input_type: str, rows: list[dict[str, Any]],
                    token: str | None = None) -> list[dict[str, Any]]:
    data = await gql(_upsert(mutation, input_type), {"input": rows}, token=token)
    return data[mutation]["outcomes"]  # type: ignore[no-any-return]


def _meeting(source: str, key: str, **extra: Any) -> dict[str, Any]:
    return {"source": source, "key": key, "channel": "MEETING", "occurredAt": "2026-01-05T10:00:00Z",
            "direction": "MUTUAL", "accountKey": "A-nowhere", **extra}


async def test_a_duplicate_names_the_index_of_the_first(gql: GraphQL) -> None:
    rows = [_meeting("probe", "i1"), _meeting("probe", "i1", subject="again")]
    first, repeat = await _outcomes(gql, "recordInteractions", "InteractionInput", rows)
    assert first["outcome"] == "rejected" and first["field"] == "accountKey"
    assert repeat == {"index": 1, "key": "probe/i1", "outcome": "rejected", "field": "key",
                      "message": "key: duplicate of index 0 (probe, i1)"}


async def test_an_account_duplicate_names_the_index_too(gql: GraphQL, demo_keys: Keys) -> None:
    full = await gql(
        "query($k: String!) { account(key: $k) { key name domain industry segment tier lifecycleStage "
        "annualRevenue grossMarginRate churnedAt } }", {"k": demo_keys.scoped_accounts[0]},
    )
    record = {k: v for k, v in full["account"].items() if v is not None}
    same, repeat = await _outcomes(gql, "upsertAccounts", "AccountInput", [record, record])
    assert same["outcome"] == "duplicate"  # unchanged: nothing written
    assert (repeat["field"], repeat["message"]) == ("key", f"key: duplicate of index 0 ({record['key']})")


async def test_messages_name_fields_in_camel_case(gql: GraphQL) -> None:
    account = {"key": "A-probe", "name": "Probe", "segment": "SMB", "tier": "KEY", "lifecycleStage": "ACTIVE",
               "annualRevenue": -1, "grossMarginRate": 0.4}
    churned = {**account, "annualRevenue": 1, "lifecycleStage": "CHURNED"}
    negative, rule = await _outcomes(gql, "upsertAccounts", "AccountInput", [account, churned])
    assert (negative["field"], negative["message"]) == (
        "annualRevenue", "annualRevenue: Input should be greater than or equal to 0"
    )
    assert (rule["field"], rule["message"]) == (
        "churnedAt", "churnedAt: churnedAt is required when lifecycleStage is churned"
    )
    contact = {"key": "C-probe", "name": "Probe", "since": "2025-01-01T00:00:00Z"}
    [employment] = await _outcomes(gql, "upsertContacts", "ContactInput", [contact])
    assert employment["message"] == "since: since/until describe an employment and need accountKey"


async def test_every_outcome_of_a_kind_reports_its_key_the_same_way(gql: GraphQL) -> None:
    rows = [_meeting("probe", "i2"), _meeting("probe", "i5", sentiment=3.0)]
    unknown, invalid = await _outcomes(gql, "recordInteractions", "InteractionInput", rows)
    assert (unknown["key"], invalid["key"]) == ("probe/i2", "probe/i5")
    assert invalid["message"] == "sentiment: Input should be less than or equal to 1"
    coverage = [
        {"staffKey": "PS-1", "accountKey": "P-1", "role": "CSM"},
        {"staffKey": "PS-1", "accountKey": "P-1", "role": "OWNER", "since": "2026-02-01T00:00:00Z",
         "until": "2026-01-01T00:00:00Z"},
        {"staffKey": "PS-1", "accountKey": "P-1", "role": "CSM"},
    ]
    missing, backwards, repeat = await _outcomes(gql, "upsertCoverage", "CoverageInput", coverage)
    keys = (missing["key"], backwards["key"], repeat["key"])
    assert keys == ("PS-1/P-1/csm", "PS-1/P-1/owner", "PS-1/P-1/csm")
    assert (backwards["field"], backwards["message"]) == ("until", "until: until is before since")
    assert (repeat["field"], repeat["message"]) == ("key", "key: duplicate of index 0 (PS-1, P-1, csm)")


async def test_interaction_keys_are_unambiguous(gql: GraphQL) -> None:
    rows = [_meeting("a/b", "x"), _meeting("a", "b/x"), _meeting("10%", "x")]
    outcomes = await _outcomes(gql, "recordInteractions", "InteractionInput", rows)
    assert [o["key"] for o in outcomes] == ["a%2Fb/x", "a/b%2Fx", "10%25/x"]
    assert [o["outcome"] for o in outcomes] == ["rejected"] * 3  # both distinct: neither is a duplicate


async def test_a_duplicate_points_at_its_index_in_input_when_rows_before_it_are_out_of_scope(
    gql: GraphQL, demo_keys: Keys
) -> None:
    mine = demo_keys.scoped_accounts[0]
    rows = [
        {"staffKey": "PS-1", "accountKey": "A-not-mine", "role": "CSM"},
        {"staffKey": "PS-1", "accountKey": mine, "role": "CSM"},
        {"staffKey": "PS-1", "accountKey": mine, "role": "CSM"},
    ]
    foreign, missing, repeat = await _outcomes(gql, "upsertCoverage", "CoverageInput", rows,
                                               token=demo_keys.scoped)
    assert foreign["field"] == "accountKey" and missing["field"] == "staffKey"
    assert repeat["index"] == 2
    assert repeat["message"] == f"key: duplicate of index 1 (PS-1, {mine}, csm)"
