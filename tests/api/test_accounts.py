# ruff: noqa: E501  (GraphQL documents read best unwrapped)
"""Accounts through HTTP on the demo world: fields, filters with ordering, pagination to the end."""

from __future__ import annotations

import unicodedata
from typing import Any

import httpx

from graph.store import Store
from tests.api.conftest import GraphQL, ensure_keys

PAGE = """
query Page($first: Int, $after: String, $last: Int, $before: String, $filter: AccountFilter, $orderBy: AccountOrder) {
  accounts(first: $first, after: $after, last: $last, before: $before, filter: $filter, orderBy: $orderBy) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { key name segment tier riskLevel riskScore valueAtRisk contributionMargin singleThreaded } }
  }
}
"""


async def _all(gql: GraphQL, first: int, **variables: Any) -> list[dict[str, Any]]:
    nodes, after = [], None
    while True:
        page = (await gql(PAGE, {"first": first, "after": after, **variables}))["accounts"]
        nodes += [e["node"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            return nodes
        after = page["pageInfo"]["endCursor"]


async def test_paging_to_the_end_sees_every_account_once_in_order(gql: GraphQL, demo_world: Any) -> None:
    nodes = await _all(gql, 7)
    assert len(nodes) == demo_world.accounts
    assert len({n["key"] for n in nodes}) == len(nodes)
    scores = [(-(n["riskScore"] or 0.0), n["key"]) for n in nodes]
    assert scores == sorted(scores)


async def test_paging_backward_matches_paging_forward(gql: GraphQL) -> None:
    order = {"field": "NAME", "direction": "ASC"}
    forward = await _all(gql, 9, orderBy=order)
    backward: list[dict[str, Any]] = []
    before = None
    while True:
        page = (await gql(PAGE, {"last": 9, "before": before, "orderBy": order}))["accounts"]
        backward = [e["node"] for e in page["edges"]] + backward
        if not page["pageInfo"]["hasPreviousPage"]:
            break
        before = page["pageInfo"]["startCursor"]
    assert [n["key"] for n in backward] == [n["key"] for n in forward]
    names = [(n["name"].lower(), n["key"]) for n in forward]
    assert names == sorted(names)


UPSERT = """
mutation($input: [AccountInput!]!) {
  upsertAccounts(input: $input) {
    __typename
    ... on IngestSummary { inserted updated duplicate rejected rejections { index field message } }
    ... on IngestError { code message }
  }
}
"""

FULL = """
query($k: String!) { account(key: $k) { key name domain industry segment tier lifecycleStage annualRevenue
  grossMarginRate churnedAt } }
"""


async def test_cursor_stays_valid_while_data_changes(gql: GraphQL) -> None:
    order = {"field": "NAME", "direction": "ASC"}
    full = [n["key"] for n in await _all(gql, 100, orderBy=order)]
    first = (await gql(PAGE, {"first": 5, "orderBy": order}))["accounts"]
    assert [e["node"]["key"] for e in first["edges"]] == full[:5]
    # An account from far down the list is renamed to sort first between two pages: with offsets the next
    # page would repeat a row; with keyset cursors it is exactly the rows after the cursor.
    victim = (await gql(FULL, {"k": full[20]}))["account"]
    record = {k: v for k, v in victim.items() if v is not None}
    renamed = await gql(UPSERT, {"input": [{**record, "name": "  AAA renamed"}]})
    assert renamed["upsertAccounts"]["updated"] == 1, renamed
    try:
        nxt = (await gql(PAGE, {"first": 5, "after": first["pageInfo"]["endCursor"], "orderBy": order}))[
            "accounts"
        ]
        assert [e["node"]["key"] for e in nxt["edges"]] == full[5:10]
    finally:
        restored = await gql(UPSERT, {"input": [record]})
        assert restored["upsertAccounts"]["updated"] == 1


async def test_filters_combine_with_ordering(gql: GraphQL, demo_world: Any) -> None:
    everything = await _all(gql, 100)
    want = [
        n
        for n in everything
        if n["segment"] in ("ENTERPRISE", "MID_MARKET") and n["riskLevel"] in ("HIGH", "CRITICAL", "MEDIUM")
    ]
    got = await _all(
        gql,
        3,
        filter={"segments": ["ENTERPRISE", "MID_MARKET"], "riskLevels": ["MEDIUM", "HIGH", "CRITICAL"]},
        orderBy={"field": "VALUE_AT_RISK", "direction": "DESC"},
    )
    assert {n["key"] for n in got} == {n["key"] for n in want}
    values = [(-(n["valueAtRisk"] or 0.0), n["key"]) for n in got]
    assert values == sorted(values)
    total = await gql(
        PAGE,
        {
            "first": 1,
            "filter": {
                "segments": ["ENTERPRISE", "MID_MARKET"],
                "riskLevels": ["MEDIUM", "HIGH", "CRITICAL"],
            },
        },
    )
    assert total["accounts"]["totalCount"] == len(want)
    single = await _all(gql, 100, filter={"singleThreaded": True}, orderBy={"field": "CONTRIBUTION_MARGIN"})
    assert single and all(n["singleThreaded"] for n in single)
    assert set(demo_world.stories["single_threaded_contact"]) <= {n["key"] for n in single}


async def test_name_search_and_owner_filter(gql: GraphQL) -> None:
    everything = await _all(gql, 100)
    target = everything[3]
    fragment = target["name"][1:5].upper()
    found = await _all(gql, 100, filter={"search": fragment})
    assert target["key"] in {n["key"] for n in found}
    assert all(fragment.lower() in n["name"].lower() for n in found) or found
    data = await gql(
        "query($k: String!) { account(key: $k) { coverage { role staff { key } } } }", {"k": target["key"]}
    )
    owners = [c["staff"]["key"] for c in data["account"]["coverage"] if c["role"] == "OWNER"]
    if owners:
        owned = await _all(gql, 100, filter={"owner": owners[0]})
        assert target["key"] in {n["key"] for n in owned}


async def test_page_size_is_checked(gql: GraphQL) -> None:
    response = await gql.raw("{ accounts(first: 101) { totalCount } }")
    assert "between 1 and 100" in response.json()["errors"][0]["message"]
    response = await gql.raw('{ accounts(first: 5, after: "garbage!") { totalCount } }')
    assert "malformed cursor" in response.json()["errors"][0]["message"]


def _folded(name: str) -> str:
    """The fold api_accounts_page orders names by: lower case, NFKD, no combining marks."""
    return "".join(c for c in unicodedata.normalize("NFKD", name.lower()) if not unicodedata.combining(c))


async def test_names_order_a_to_z_by_default_whatever_their_case(clean_store: Store, client: httpx.AsyncClient) -> None:
    # A tester's list began "Zenith Utilities SA" when no direction was given, and put "aardvark" after
    # every capitalised name: names read A to Z, in any case; metrics stay highest first.
    gql = GraphQL(client, ensure_keys(clean_store, ["N-0"]).admin)
    names = ["Zenith Utilities SA", "aardvark lower", "Beta Corp", "ZZZ", "mid case", "École Lyonnaise",
             "Škoda Parts", "Ecology Ltd", "ﬁnance house"]
    records = [{"key": f"N-{i}", "name": name, "segment": "SMB", "tier": "GROWTH", "lifecycleStage": "ACTIVE",
                "annualRevenue": 1000.0 * i, "grossMarginRate": 0.5} for i, name in enumerate(names)]
    done = await gql(UPSERT, {"input": records})
    assert done["upsertAccounts"]["inserted"] == len(names), done
    by_name = (await gql(PAGE, {"first": 10, "orderBy": {"field": "NAME"}}))["accounts"]
    # Accents and ligatures fold too: "École" sorts with the E's, "Škoda" with the S's, "ﬁ" as "fi".
    expected = ["aardvark lower", "Beta Corp", "École Lyonnaise", "Ecology Ltd", "ﬁnance house", "mid case",
                "Škoda Parts", "Zenith Utilities SA", "ZZZ"]
    assert sorted(names, key=_folded) == expected
    assert [e["node"]["name"] for e in by_name["edges"]] == expected
    reverse = (await gql(PAGE, {"first": 10, "orderBy": {"field": "NAME", "direction": "DESC"}}))["accounts"]
    assert [e["node"]["name"] for e in reverse["edges"]] == expected[::-1]
    # Search folds alike, the words searched for too: "ecole" finds "École", "ÉCOL" finds it and "Ecology".
    for needle, found in (("ecole", ["École Lyonnaise"]), ("ÉCOL", ["École Lyonnaise", "Ecology Ltd"]),
                          ("skoda", ["Škoda Parts"]), ("FINANCE", ["ﬁnance house"])):
        page = await gql(PAGE, {"first": 10, "orderBy": {"field": "NAME"}, "filter": {"search": needle}})
        assert [e["node"]["name"] for e in page["accounts"]["edges"]] == found, needle
        assert page["accounts"]["totalCount"] == len(found), needle
    by_margin = (await gql(PAGE, {"first": 10, "orderBy": {"field": "CONTRIBUTION_MARGIN"}}))["accounts"]
    margins = [e["node"]["contributionMargin"] for e in by_margin["edges"]]
    assert margins == sorted(margins, reverse=True) and margins[0] > margins[-1]
