"""A key limited to some accounts sees and writes only those."""

from __future__ import annotations

from typing import Any

from tests.api.conftest import GraphQL, Keys


async def test_scoped_key_sees_only_its_accounts(gql: GraphQL, demo_keys: Keys, demo_world: Any) -> None:
    mine = demo_keys.scoped_accounts
    page = await gql("{ accounts(first: 100) { totalCount edges { node { key } } } }", token=demo_keys.scoped)
    assert sorted(e["node"]["key"] for e in page["accounts"]["edges"]) == sorted(mine)
    assert page["accounts"]["totalCount"] == len(mine)
    everything = await gql("{ accounts(first: 100) { edges { node { key } } } }")
    other = next(e["node"]["key"] for e in everything["accounts"]["edges"] if e["node"]["key"] not in mine)
    hidden = await gql(
        "query($k: String!) { account(key: $k) { key } }", {"k": other}, token=demo_keys.scoped
    )
    assert hidden["account"] is None
    portfolio = await gql("{ portfolio { accounts } }", token=demo_keys.scoped)
    assert portfolio["portfolio"]["accounts"] == len(mine)


async def test_scoped_key_writes_only_its_accounts(gql: GraphQL, demo_keys: Keys) -> None:
    mine = demo_keys.scoped_accounts[0]
    q = """mutation($input: [CoverageInput!]!) { upsertCoverage(input: $input) {
             ... on IngestSummary { rejected rejections { index field message } outcomes { index outcome } }
             ... on IngestError { code } } }"""
    cover = await gql(
        "query($k: String!) { account(key: $k) { coverage { role staff { key } } } }", {"k": mine}
    )
    existing = cover["account"]["coverage"][0]
    rows = [
        {"staffKey": existing["staff"]["key"], "accountKey": "A-not-mine", "role": "SUPPORT"},
        {"staffKey": existing["staff"]["key"], "accountKey": mine, "role": existing["role"]},
    ]
    result = (await gql(q, {"input": rows}, token=demo_keys.scoped))["upsertCoverage"]
    assert result["rejected"] >= 1
    assert result["rejections"][0] == {
        "index": 0,
        "field": "accountKey",
        "message": "outside the accounts this API key may write",
    }
    assert [o["index"] for o in result["outcomes"]] == [0, 1]
    staff = await gql(
        'mutation { upsertStaff(input: [{key: "S-x", name: "X", function: SALES, costPerHour: 1}]) '
        "{ ... on IngestError { code } } }",
        token=demo_keys.scoped,
    )
    assert staff["upsertStaff"] == {"code": "OUT_OF_SCOPE"}
