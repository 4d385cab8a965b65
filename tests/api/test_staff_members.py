# ruff: noqa: E501  (GraphQL documents read best unwrapped)
"""The staffMembers connection through HTTP: paging to the end both ways, each filter, filters with
orders, a key limited to some accounts, and the page-argument errors `accounts` gives."""

from __future__ import annotations

import base64
import json
import unicodedata
from typing import Any

import httpx

from graph.store import Store
from tests.api.conftest import GraphQL, Keys, ensure_keys

PAGE = """
query Page($first: Int, $after: String, $last: Int, $before: String, $filter: StaffFilter, $orderBy: StaffOrder) {
  staffMembers(first: $first, after: $after, last: $last, before: $before, filter: $filter, orderBy: $orderBy) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { key name email function active coverage { role account { key } } } }
  }
}
"""

NAME = {"field": "NAME"}
COVERED = {"field": "ACCOUNTS_COVERED"}


async def _forward(gql: GraphQL, first: int, token: str | None = None, **variables: Any) -> list[dict[str, Any]]:
    """Every edge, page by page from the start."""
    edges, after = [], None
    while True:
        page = (await gql(PAGE, {"first": first, "after": after, **variables}, token=token))["staffMembers"]
        edges += page["edges"]
        assert page["pageInfo"]["hasPreviousPage"] is (after is not None)
        if not page["pageInfo"]["hasNextPage"]:
            return edges
        after = page["pageInfo"]["endCursor"]


async def _backward(gql: GraphQL, last: int, **variables: Any) -> list[dict[str, Any]]:
    """Every edge, page by page from the end."""
    edges: list[dict[str, Any]] = []
    before = None
    while True:
        page = (await gql(PAGE, {"last": last, "before": before, **variables}))["staffMembers"]
        edges = page["edges"] + edges
        assert page["pageInfo"]["hasNextPage"] is (before is not None)
        if not page["pageInfo"]["hasPreviousPage"]:
            return edges
        before = page["pageInfo"]["startCursor"]


def _keys(edges: list[dict[str, Any]]) -> list[str]:
    return [e["node"]["key"] for e in edges]


def _folded(name: str) -> str:
    """The fold names are ordered and searched by: lower case, NFKD, no combining marks."""
    return "".join(c for c in unicodedata.normalize("NFKD", name.lower()) if not unicodedata.combining(c))


def _covered(node: dict[str, Any]) -> int:
    """How many distinct accounts a node's coverage lists (what ACCOUNTS_COVERED orders by)."""
    return len({c["account"]["key"] for c in node["coverage"]})


def _sort_value(cursor: str) -> Any:
    """The sort value a cursor holds (after its 6-byte fingerprint: api.pagination)."""
    raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
    return json.loads(raw[6:])[0]


async def _total(gql: GraphQL, token: str | None = None, **variables: Any) -> int:
    return int((await gql(PAGE, {"first": 1, **variables}, token=token))["staffMembers"]["totalCount"])


# ---------------------------------------------------------------------------------------- the demo world


async def test_paging_to_the_end_both_ways_by_name(gql: GraphQL, demo_world: Any) -> None:
    forward = await _forward(gql, 4)
    backward = await _backward(gql, 4)
    assert len(forward) == demo_world.counts["staff"] == await _total(gql)
    assert _keys(backward) == _keys(forward)
    assert [e["cursor"] for e in backward] == [e["cursor"] for e in forward]
    assert len(set(_keys(forward))) == len(forward)
    names = [(_folded(e["node"]["name"]), e["node"]["key"]) for e in forward]
    assert names == sorted(names)
    # NAME is the default order, A to Z; DESC is its mirror image.
    assert _keys(await _forward(gql, 100, orderBy=NAME)) == _keys(forward)
    assert _keys(await _forward(gql, 5, orderBy={**NAME, "direction": "DESC"})) == _keys(forward)[::-1]


async def test_accounts_covered_orders_most_first_ties_by_key(gql: GraphQL, demo_world: Any) -> None:
    forward = await _forward(gql, 3, orderBy=COVERED)
    assert _keys(await _backward(gql, 3, orderBy=COVERED)) == _keys(forward)
    order = [(-_covered(e["node"]), e["node"]["key"]) for e in forward]
    assert order == sorted(order)
    assert len(forward) == demo_world.counts["staff"]
    assert [_sort_value(e["cursor"]) for e in forward] == [float(_covered(e["node"])) for e in forward]
    # The demo world has ties (staff who cover nothing), broken by key whichever way the list reads.
    assert len({-k for k, _ in order}) < len(order)
    ascending = await _forward(gql, 5, orderBy={**COVERED, "direction": "ASC"})
    assert [(_covered(e["node"]), e["node"]["key"]) for e in ascending] == sorted(
        (_covered(e["node"]), e["node"]["key"]) for e in forward
    )


async def test_functions_filter(gql: GraphQL, demo_world: Any) -> None:
    everyone = [e["node"] for e in await _forward(gql, 100)]
    functions = sorted({n["function"] for n in everyone})
    assert len(functions) > 2
    seen: list[str] = []
    for function in functions:
        got = [e["node"] for e in await _forward(gql, 3, filter={"functions": [function]})]
        assert got and all(n["function"] == function for n in got), function
        assert await _total(gql, filter={"functions": [function]}) == len(got)
        seen += [n["key"] for n in got]
    assert sorted(seen) == sorted(n["key"] for n in everyone)
    # Any of the listed functions; an empty list matches nobody (leave the filter out for everyone).
    two = functions[:2]
    got = await _forward(gql, 100, filter={"functions": two})
    assert _keys(got) == [n["key"] for n in everyone if n["function"] in two]
    empty = (await gql(PAGE, {"first": 10, "filter": {"functions": []}}))["staffMembers"]
    assert empty["edges"] == [] and empty["totalCount"] == 0
    assert empty["pageInfo"] == {"hasNextPage": False, "hasPreviousPage": False, "startCursor": None, "endCursor": None}
    assert await _total(gql, filter={"functions": None}) == len(everyone)


async def test_active_filter_in_the_demo_world(gql: GraphQL, demo_world: Any) -> None:
    # Every demo staff member is active (a world with leavers is below).
    assert await _total(gql, filter={"active": True}) == demo_world.counts["staff"]
    assert await _total(gql, filter={"active": False}) == 0


async def test_search_by_name_or_email_in_any_case(gql: GraphQL) -> None:
    everyone = [e["node"] for e in await _forward(gql, 100)]
    target = everyone[5]
    fragment = target["name"].split()[-1][1:].upper()
    found = [e["node"] for e in await _forward(gql, 100, filter={"search": fragment})]
    assert target["key"] in {n["key"] for n in found}
    assert all(fragment.lower() in n["name"].lower() or fragment.lower() in (n["email"] or "") for n in found)
    # The part of an email no name holds: one person.
    local = target["email"].split("@")[0]
    by_email = await _forward(gql, 100, filter={"search": f"{local.upper()}@"})
    assert _keys(by_email) == [target["key"]]
    # Blank is no search.
    assert await _total(gql, filter={"search": "  "}) == len(everyone)
    assert await _total(gql, filter={"search": "no such person anywhere"}) == 0


async def test_covers_filter_with_order(gql: GraphQL) -> None:
    accounts = (await gql("{ accounts(first: 100) { edges { node { key coverage { role staff { key } } } } } }"))["accounts"]["edges"]
    account = max(accounts, key=lambda e: len(e["node"]["coverage"]))["node"]
    covering = {c["staff"]["key"] for c in account["coverage"]}
    assert len(covering) >= 2
    got = await _forward(gql, 1, filter={"covers": account["key"]})
    assert set(_keys(got)) == covering
    assert all(account["key"] in {c["account"]["key"] for c in e["node"]["coverage"]} for e in got)
    assert await _total(gql, filter={"covers": account["key"]}) == len(covering)
    by_covered = await _forward(gql, 2, filter={"covers": account["key"]}, orderBy=COVERED)
    order = [(-_covered(e["node"]), e["node"]["key"]) for e in by_covered]
    assert order == sorted(order) and {k for _, k in order} == covering
    assert await _total(gql, filter={"covers": "A-no-such-account"}) == 0
    # All filters hold together.
    function = got[0]["node"]["function"]
    both = await _forward(gql, 100, filter={"covers": account["key"], "functions": [function], "active": True,
                                            "search": got[0]["node"]["name"][:3]}, orderBy=COVERED)
    assert got[0]["node"]["key"] in _keys(both)
    assert all(e["node"]["function"] == function and e["node"]["key"] in covering for e in both)


async def test_a_key_limited_to_some_accounts_lists_the_staff_it_may_see(gql: GraphQL, demo_keys: Keys) -> None:
    everyone = _keys(await _forward(gql, 100))
    visible = []
    for key in everyone:
        seen = await gql("query($k: String!) { staff(key: $k) { key } }", {"k": key}, token=demo_keys.scoped)
        if seen["staff"] is not None:
            visible.append(key)
    assert 0 < len(visible) < len(everyone)
    listed = await _forward(gql, 2, token=demo_keys.scoped)
    assert _keys(listed) == visible  # same order: by name, as everyone's list
    assert await _total(gql, token=demo_keys.scoped) == len(visible)
    mine = set(demo_keys.scoped_accounts)
    # ACCOUNTS_COVERED counts only the key's accounts: the coverage it is shown, which is what the
    # cursor's sort value holds.
    by_covered = await _forward(gql, 100, token=demo_keys.scoped, orderBy=COVERED)
    assert sorted(_keys(by_covered)) == sorted(visible)
    for e in by_covered:
        assert {c["account"]["key"] for c in e["node"]["coverage"]} <= mine
        assert _sort_value(e["cursor"]) == float(_covered(e["node"]))
    order = [(-_covered(e["node"]), e["node"]["key"]) for e in by_covered]
    assert order == sorted(order)
    # An account outside the key's is no account: covers finds nobody, though some visible staff cover it.
    accounts = (await gql("{ accounts(first: 100) { edges { node { key coverage { staff { key } } } } } }"))["accounts"]["edges"]
    foreign = next(e["node"]["key"] for e in accounts if e["node"]["key"] not in mine
                   and {c["staff"]["key"] for c in e["node"]["coverage"]} & set(visible))
    for covers in (foreign, "A-no-such-account"):
        page = (await gql(PAGE, {"first": 10, "filter": {"covers": covers}}, token=demo_keys.scoped))["staffMembers"]
        assert page["edges"] == [] and page["totalCount"] == 0
    assert await _total(gql, filter={"covers": foreign}) > 0
    own = demo_keys.scoped_accounts[0]
    assert await _total(gql, token=demo_keys.scoped, filter={"covers": own}) == await _total(gql, filter={"covers": own})


async def _errors(gql: GraphQL, field: str, arguments: str) -> list[tuple[str, Any, Any]]:
    body = (await gql.raw(f"{{ {field}({arguments}) {{ totalCount edges {{ cursor }} }} }}")).json()
    assert body["data"] is None or body["data"].get(field) is None, body
    return [(e["message"], e.get("extensions"), e.get("path")) for e in body["errors"]]


async def test_bad_page_arguments_get_the_errors_accounts_gets(gql: GraphQL) -> None:
    account_cursor = (await gql("{ accounts(first: 1) { edges { cursor } } }"))["accounts"]["edges"][0]["cursor"]
    name_cursor = (await gql(PAGE, {"first": 1}))["staffMembers"]["edges"][0]["cursor"]
    for arguments in ("first: 0", "first: 101", "last: 0", "last: 101", "first: -1", "first: 2, last: 2",
                      'first: 5, after: "garbage!"', 'last: 5, before: "WyJ2Il0"'):
        got = await _errors(gql, "staffMembers", arguments)
        want = await _errors(gql, "accounts", arguments)
        assert [(m, x) for m, x, _ in got] == [(m, x) for m, x, _ in want], arguments
        assert got, arguments
    assert await _errors(gql, "staffMembers", "first: 101") == [(
        "page size 101 is out of range: first/last must be between 1 and 100",
        {"code": "PAGE_LIMIT", "size": 101, "maxSize": 100}, None)]
    # A cursor of another list (accounts, or staff in another order) is refused as a garbled one is.
    for arguments, cursor in ((f'first: 5, after: "{account_cursor}"', account_cursor),
                              (f'first: 5, orderBy: {{field: ACCOUNTS_COVERED}}, before: "{name_cursor}"', name_cursor)):
        argument = "after" if "after" in arguments else "before"
        assert await _errors(gql, "staffMembers", arguments) == [(
            f"malformed cursor {cursor!r} in `{argument}` (pass a cursor this API returned for this list, in the same order)",
            {"code": "INVALID_CURSOR", "argument": argument}, ["staffMembers"])]
    # A page size only the connection sees (a variable's default value) is refused there, as for accounts.
    inside = (await gql.raw("query($n: Int = 0) { staffMembers(first: $n) { totalCount } }")).json()["errors"]
    assert [(e["message"], e["extensions"], e["path"]) for e in inside] == [(
        "page size 0 is out of range: first/last must be between 1 and 100",
        {"code": "PAGE_LIMIT", "size": 0, "maxSize": 100}, ["staffMembers"])]


# ----------------------------------------------------------------------------- a world of its own


UPSERT = """
mutation($accounts: [AccountInput!]!, $staff: [StaffInput!]!, $coverage: [CoverageInput!]!) {
  a: upsertAccounts(input: $accounts) { ... on IngestSummary { rejected } ... on IngestError { code } }
  s: upsertStaff(input: $staff) { ... on IngestSummary { rejected } ... on IngestError { code } }
  c: upsertCoverage(input: $coverage) { ... on IngestSummary { rejected } ... on IngestError { code } }
}
"""


def _staff(key: str, name: str, email: str, function: str, active: bool = True) -> dict[str, Any]:
    return {"key": key, "name": name, "email": email, "function": function, "costPerHour": 50.0, "active": active}


async def test_folded_names_leavers_ties_and_a_limited_key(clean_store: Store, client: httpx.AsyncClient) -> None:
    keys = ensure_keys(clean_store, ["N-0", "N-1"])
    gql = GraphQL(client, keys.admin)
    accounts = [{"key": f"N-{i}", "name": f"Account {i}", "segment": "SMB", "tier": "GROWTH",
                 "lifecycleStage": "ACTIVE", "annualRevenue": 1000.0, "grossMarginRate": 0.5} for i in range(3)]
    staff = [
        _staff("S-1", "Zoë Ångström", "zoe@ex.test", "SALES"),
        _staff("S-2", "aaron lower", "aaron@ex.test", "SERVICE", active=False),
        _staff("S-3", "Élodie Martin", "elodie.martin@ex.test", "SUCCESS"),
        _staff("S-4", "Bob Ünal", "bob@ex.test", "FINANCE"),
        _staff("S-6", "ﬁona Fish", "fiona@ex.test", "PRODUCT"),
    ]
    coverage = [
        {"staffKey": "S-1", "accountKey": "N-0", "role": "OWNER"},
        {"staffKey": "S-1", "accountKey": "N-1", "role": "CSM"},
        {"staffKey": "S-1", "accountKey": "N-2", "role": "SUPPORT"},
        # Two roles on one account: one account covered.
        {"staffKey": "S-2", "accountKey": "N-0", "role": "OWNER"},
        {"staffKey": "S-2", "accountKey": "N-0", "role": "SUPPORT"},
        {"staffKey": "S-3", "accountKey": "N-1", "role": "CSM", "until": "2025-01-01"},
        {"staffKey": "S-3", "accountKey": "N-2", "role": "OWNER"},
    ]
    done = await gql(UPSERT, {"accounts": accounts, "staff": staff, "coverage": coverage})
    assert [done[k]["rejected"] for k in "asc"] == [0, 0, 0], done

    # Names A to Z folded: "aaron" before "Bob", "Élodie" with the E's, "ﬁona" as "fiona", "Zoë" last.
    by_name = ["S-2", "S-4", "S-3", "S-6", "S-1"]
    assert _keys(await _forward(gql, 2)) == by_name
    assert _keys(await _backward(gql, 2)) == by_name
    assert _keys(await _forward(gql, 2, orderBy={**NAME, "direction": "DESC"})) == by_name[::-1]

    # Accounts covered, distinct (S-2's two roles count once; S-3's ended coverage still counts, as
    # Staff.coverage lists it), most first, ties (S-4 and S-6 cover nothing) by key either way.
    by_covered = await _forward(gql, 2, orderBy=COVERED)
    assert [(e["node"]["key"], _sort_value(e["cursor"])) for e in by_covered] == [
        ("S-1", 3.0), ("S-3", 2.0), ("S-2", 1.0), ("S-4", 0.0), ("S-6", 0.0)]
    assert _keys(await _backward(gql, 2, orderBy=COVERED)) == ["S-1", "S-3", "S-2", "S-4", "S-6"]
    assert _keys(await _forward(gql, 3, orderBy={**COVERED, "direction": "ASC"})) == ["S-4", "S-6", "S-2", "S-3", "S-1"]

    # Leavers.
    assert _keys(await _forward(gql, 10, filter={"active": False})) == ["S-2"]
    assert _keys(await _forward(gql, 10, filter={"active": True})) == ["S-4", "S-3", "S-6", "S-1"]

    # Search folds the words searched for and the names and emails alike.
    for needle, found in (("ANGSTROM", ["S-1"]), ("zoe", ["S-1"]), ("Zoë Å", ["S-1"]), ("élo", ["S-3"]),
                          ("ELODIE.MARTIN@", ["S-3"]), ("FIONA", ["S-6"]), ("ﬁ", ["S-6"]), ("unal", ["S-4"]),
                          ("ex.test", by_name), ("er", ["S-2"])):
        page = (await gql(PAGE, {"first": 10, "filter": {"search": needle}}))["staffMembers"]
        assert _keys(page["edges"]) == found, needle
        assert page["totalCount"] == len(found), needle

    # Filters combined with an order.
    combined = {"functions": ["SALES", "SUCCESS", "SERVICE"], "active": True, "covers": "N-2"}
    assert _keys(await _forward(gql, 1, filter=combined, orderBy={**COVERED, "direction": "ASC"})) == ["S-3", "S-1"]
    assert await _total(gql, filter=combined) == 2
    assert _keys(await _forward(gql, 10, filter={"functions": ["SALES", "SERVICE"]}, orderBy=COVERED)) == ["S-1", "S-2"]

    # A key limited to N-0 and N-1 sees who cover them (not S-4, S-6, who cover nothing, nor, through
    # N-2, anybody else), counts only those accounts (S-1: 2; S-2 and S-3: 1 each, tied by key), and
    # N-2 is no account to it.
    scoped = keys.scoped
    assert _keys(await _forward(gql, 2, token=scoped)) == ["S-2", "S-3", "S-1"]
    limited = await _forward(gql, 2, token=scoped, orderBy=COVERED)
    assert [(e["node"]["key"], _sort_value(e["cursor"])) for e in limited] == [("S-1", 2.0), ("S-2", 1.0), ("S-3", 1.0)]
    assert await _total(gql, token=scoped) == 3
    assert await _total(gql, token=scoped, filter={"covers": "N-2"}) == 0
    assert await _total(gql, token=scoped, filter={"covers": "N-1"}) == 2

    # A cursor stays valid while data arrives: a newcomer who sorts first is not seen on the next page.
    first = (await gql(PAGE, {"first": 2}))["staffMembers"]
    assert _keys(first["edges"]) == ["S-2", "S-4"]
    added = await gql(UPSERT, {"accounts": [], "staff": [_staff("S-7", "Aardvark Abel", "abel@ex.test", "SALES")],
                               "coverage": []})
    assert added["s"]["rejected"] == 0, added
    nxt = (await gql(PAGE, {"first": 2, "after": first["pageInfo"]["endCursor"]}))["staffMembers"]
    assert _keys(nxt["edges"]) == ["S-3", "S-6"]
    assert _keys(await _forward(gql, 100)) == ["S-7", *by_name]
