# ruff: noqa: E501  (GraphQL documents read best unwrapped)
"""Relay paging through HTTP on every connection: `after` and `before` together, cursors bound to their
list (connection, order, parent), and the codes of page-argument errors."""

from __future__ import annotations

import base64
import json
from collections import Counter
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from pydantic import ValidationError

from api.app import create_app
from graph.settings import ApiLimits, Settings
from tests.api.conftest import GraphQL, Keys

PAGE_ARGS = "first: $first, after: $after, last: $last, before: $before"
PAGE_VARS = "$first: Int, $after: String, $last: Int, $before: String"


@dataclass(frozen=True)
class Conn:
    """One connection as a client reaches it: its document, and how to name one of its nodes."""

    name: str
    parent: str | None  # the root field that takes the parent's key (None: the root `accounts`)
    field: str
    node: str  # the node's selection
    arguments: str = ""  # besides the page's

    def document(self) -> str:
        arguments = f"{self.arguments}, {PAGE_ARGS}" if self.arguments else PAGE_ARGS
        conn = (
            f"conn: {self.field}({arguments}) {{ pageInfo {{ hasNextPage hasPreviousPage }} "
            f"edges {{ cursor node {{ {self.node} }} }} }}"
        )
        if self.parent is None:
            return f"query({PAGE_VARS}) {{ {conn} }}"
        return f"query($k: String!, {PAGE_VARS}) {{ parent: {self.parent}(key: $k) {{ {conn} }} }}"

    def ident(self, node: dict[str, Any]) -> str:
        if "staff" in node:
            return f"{node['staff']['key']}|{node['contact']['key']}"
        if "source" in node:
            return f"{node['source']}:{node['key']}"
        return str(node["key"])


ACCOUNTS = Conn("accounts", None, "accounts", "key")
ACCOUNTS_BY_NAME = Conn("accounts by name", None, "accounts", "key", "orderBy: {field: NAME, direction: ASC}")
ACCOUNTS_BY_RISK_ASC = Conn("accounts by risk, lowest first", None, "accounts", "key", "orderBy: {field: RISK_SCORE, direction: ASC}")
ACCOUNTS_BY_VALUE_AT_RISK = Conn("accounts by value at risk", None, "accounts", "key", "orderBy: {field: VALUE_AT_RISK}")
CONTACTS = Conn("Account.contacts", "account", "contacts", "key")
CURRENT_CONTACTS = Conn("Account.contacts current", "account", "contacts", "key", "status: CURRENT")
ACCOUNT_THREADS = Conn("Account.threads", "account", "threads", "staff { key } contact { key }")
INTERACTIONS = Conn("Account.interactions", "account", "interactions", "source key")
CONTACT_THREADS = Conn("Contact.threads", "contact", "threads", "staff { key } contact { key }")
STAFF_THREADS = Conn("Staff.threads", "staff", "threads", "staff { key } contact { key }")
STAFF_MEMBERS = Conn("staffMembers", None, "staffMembers", "key")
STAFF_BY_ACCOUNTS_COVERED = Conn("staffMembers by accounts covered", None, "staffMembers", "key", "orderBy: {field: ACCOUNTS_COVERED}")

EVERY_CONNECTION = [
    ACCOUNTS,
    ACCOUNTS_BY_NAME,
    ACCOUNTS_BY_RISK_ASC,
    ACCOUNTS_BY_VALUE_AT_RISK,
    CONTACTS,
    ACCOUNT_THREADS,
    INTERACTIONS,
    CONTACT_THREADS,
    STAFF_THREADS,
    STAFF_MEMBERS,
    STAFF_BY_ACCOUNTS_COVERED,
]


@dataclass(frozen=True)
class Parents:
    """Keys of parents whose nested lists are long enough to page through."""

    account: str
    other_account: str
    contact: str
    staff: str

    def of(self, conn: Conn) -> str | None:
        return {None: None, "account": self.account, "contact": self.contact, "staff": self.staff}[conn.parent]


_parents: dict[str, Parents] = {}


@pytest.fixture
async def parents(gql: GraphQL) -> Parents:
    if "demo" not in _parents:
        accounts = (await gql("{ accounts(first: 100) { edges { node { key threads(first: 1) { totalCount } } } } }"))["accounts"]["edges"]
        ranked = sorted(accounts, key=lambda e: -e["node"]["threads"]["totalCount"])
        account, other = ranked[0]["node"]["key"], ranked[1]["node"]["key"]
        threads = await _all(gql, ACCOUNT_THREADS, account)
        contacts = Counter(n["contact"]["key"] for n in threads)
        staff = Counter(n["staff"]["key"] for n in threads)
        _parents["demo"] = Parents(account, other, contacts.most_common(1)[0][0], staff.most_common(1)[0][0])
    return _parents["demo"]


async def _page(gql: GraphQL, conn: Conn, parent: str | None, **page: Any) -> dict[str, Any]:
    variables = {"k": parent, **page} if conn.parent else dict(page)
    data = await gql(conn.document(), variables)
    return data["conn"] if conn.parent is None else data["parent"]["conn"]


async def _all(gql: GraphQL, conn: Conn, parent: str | None) -> list[dict[str, Any]]:
    """The first hundred nodes of the list (enough to page within)."""
    return [e["node"] for e in (await _page(gql, conn, parent, first=100))["edges"]]


def _keys(conn: Conn, page: dict[str, Any]) -> list[str]:
    return [conn.ident(e["node"]) for e in page["edges"]]


# -------------------------------------------------------------------------------- after and before together


@pytest.mark.parametrize("conn", EVERY_CONNECTION, ids=lambda c: c.name)
async def test_after_and_before_narrow_the_list_then_first_or_last_count(
    gql: GraphQL, parents: Parents, conn: Conn
) -> None:
    parent = parents.of(conn)
    full = await _page(gql, conn, parent, first=100)
    keys, cursors = _keys(conn, full), [e["cursor"] for e in full["edges"]]
    assert len(keys) >= 7, f"{conn.name} of {parent}: too short a list to page within"
    lo, hi = 2, min(len(keys) - 1, 8)  # the edges strictly between cursors[lo] and cursors[hi]
    between = keys[lo + 1 : hi]

    before_only = await _page(gql, conn, parent, first=5, before=cursors[lo])
    assert _keys(conn, before_only) == keys[:lo]
    assert before_only["pageInfo"]["hasPreviousPage"] is False

    both = await _page(gql, conn, parent, first=20, after=cursors[lo], before=cursors[hi])
    assert _keys(conn, both) == between
    assert [e["cursor"] for e in both["edges"]] == cursors[lo + 1 : hi]
    assert both["pageInfo"] == {"hasNextPage": False, "hasPreviousPage": True}

    head = await _page(gql, conn, parent, first=2, after=cursors[lo], before=cursors[hi])
    assert _keys(conn, head) == between[:2]
    assert head["pageInfo"]["hasNextPage"] is True

    backward = await _page(gql, conn, parent, last=20, after=cursors[lo], before=cursors[hi])
    assert _keys(conn, backward) == between
    assert backward["pageInfo"] == {"hasNextPage": True, "hasPreviousPage": False}

    tail = await _page(gql, conn, parent, last=2, after=cursors[lo], before=cursors[hi])
    assert _keys(conn, tail) == between[-2:]
    assert tail["pageInfo"]["hasPreviousPage"] is True

    assert _keys(conn, await _page(gql, conn, parent, first=5, after=cursors[hi], before=cursors[lo])) == []


# ------------------------------------------------------------------------------ cursors bound to their list


async def _refused(gql: GraphQL, conn: Conn, parent: str | None, argument: str, cursor: str) -> None:
    variables: dict[str, Any] = {"k": parent} if conn.parent else {}
    response = await gql.raw(conn.document(), {**variables, "first": 5, argument: cursor})
    errors = response.json()["errors"]
    assert len(errors) == 1, errors
    assert errors[0]["message"] == (
        f"malformed cursor {cursor!r} in `{argument}` "
        "(pass a cursor this API returned for this list, in the same order)"
    )
    assert errors[0]["extensions"] == {"code": "INVALID_CURSOR", "argument": argument}


async def _cursor(gql: GraphQL, conn: Conn, parent: str | None, at: int = 1) -> str:
    return str((await _page(gql, conn, parent, first=at + 1))["edges"][at]["cursor"])


async def test_a_cursor_of_another_order_is_refused(gql: GraphQL, parents: Parents) -> None:
    by_name = await _cursor(gql, ACCOUNTS_BY_NAME, None)
    ascending = await _cursor(gql, ACCOUNTS_BY_RISK_ASC, None)
    by_value_at_risk = await _cursor(gql, ACCOUNTS_BY_VALUE_AT_RISK, None)
    for cursor in (by_name, ascending, by_value_at_risk):
        for argument in ("after", "before"):
            await _refused(gql, ACCOUNTS, None, argument, cursor)
    # Each still pages its own order.
    for conn, cursor in ((ACCOUNTS_BY_NAME, by_name), (ACCOUNTS_BY_RISK_ASC, ascending)):
        full = _keys(conn, await _page(gql, conn, None, first=10))
        assert _keys(conn, await _page(gql, conn, None, first=3, after=cursor)) == full[2:5]


async def test_a_cursor_of_another_connection_is_refused(gql: GraphQL, parents: Parents) -> None:
    account_cursor = await _cursor(gql, ACCOUNTS, None)
    thread_cursor = await _cursor(gql, ACCOUNT_THREADS, parents.account)
    staff_thread_cursor = await _cursor(gql, STAFF_THREADS, parents.staff)
    for conn in (CONTACTS, INTERACTIONS, ACCOUNT_THREADS, STAFF_THREADS, CONTACT_THREADS, STAFF_MEMBERS):
        await _refused(gql, conn, parents.of(conn), "after", account_cursor)
    # Staff and accounts both order by a folded name: the fingerprint, not the value's type, tells them apart.
    await _refused(gql, ACCOUNTS_BY_NAME, None, "after", await _cursor(gql, STAFF_MEMBERS, None))
    await _refused(gql, STAFF_MEMBERS, None, "before", await _cursor(gql, ACCOUNTS_BY_NAME, None))
    await _refused(gql, STAFF_MEMBERS, None, "after", await _cursor(gql, STAFF_BY_ACCOUNTS_COVERED, None))
    await _refused(gql, ACCOUNTS, None, "after", thread_cursor)
    await _refused(gql, CONTACT_THREADS, parents.contact, "after", thread_cursor)
    await _refused(gql, STAFF_THREADS, parents.staff, "before", thread_cursor)
    await _refused(gql, ACCOUNT_THREADS, parents.account, "after", staff_thread_cursor)


async def test_a_nested_cursor_of_another_parent_is_refused(gql: GraphQL, parents: Parents) -> None:
    cursor = await _cursor(gql, INTERACTIONS, parents.other_account)
    await _refused(gql, INTERACTIONS, parents.account, "after", cursor)
    await _refused(gql, INTERACTIONS, parents.account, "before", cursor)
    # On its own account's list it pages on.
    own = _keys(INTERACTIONS, await _page(gql, INTERACTIONS, parents.other_account, first=5))
    nxt = await _page(gql, INTERACTIONS, parents.other_account, first=3, after=cursor)
    assert _keys(INTERACTIONS, nxt) == own[2:5]


async def test_filters_are_not_part_of_a_cursor(gql: GraphQL, parents: Parents) -> None:
    # A position in an order means the same with other filters: a client may narrow a list and page on.
    cursor = await _cursor(gql, CURRENT_CONTACTS, parents.account, at=0)
    every = _keys(CONTACTS, await _page(gql, CONTACTS, parents.account, first=100))
    first_current = _keys(CURRENT_CONTACTS, await _page(gql, CURRENT_CONTACTS, parents.account, first=1))[0]
    got = _keys(CONTACTS, await _page(gql, CONTACTS, parents.account, first=2, after=cursor))
    assert got == every[every.index(first_current) + 1 :][:2]


async def test_crafted_cursors_are_refused(gql: GraphQL, parents: Parents) -> None:
    first_two = (await _page(gql, ACCOUNTS, None, first=2))["edges"]
    key = first_two[0]["node"]["key"]

    def b64(raw: bytes) -> str:
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    # The old format, and a bare value and key: no fingerprint of the list.
    await _refused(gql, ACCOUNTS, None, "after", b64(json.dumps(["v", "abc", key]).encode()))
    await _refused(gql, ACCOUNTS, None, "after", b64(json.dumps(["v", 50.0, key]).encode()))
    # The list's own fingerprint with a sort value of the wrong type, or none that compares.
    cursor = first_two[1]["cursor"]
    raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
    payload_at = raw.index(b"[")
    fingerprint, (score, second) = raw[:payload_at], json.loads(raw[payload_at:])
    assert b64(fingerprint + json.dumps([score, second], separators=(",", ":")).encode()) == cursor
    for value, tiebreak in (("abc", second), (None, second), (int(score), second), (score, 7), ("NaN", second)):
        payload = json.dumps([value, tiebreak]).replace('"NaN"', "NaN")
        await _refused(gql, ACCOUNTS, None, "after", b64(fingerprint + payload.encode()))
    # A cursor rebuilt from its parts is the cursor: it pages as the original.
    rebuilt = b64(fingerprint + json.dumps([score, second], separators=(",", ":")).encode())
    assert (await _page(gql, ACCOUNTS, None, first=1, after=rebuilt))["edges"]


# ------------------------------------------------------------------------------------------ error codes


@pytest.mark.parametrize("size", [0, -1, 101])
@pytest.mark.parametrize("argument", ["first", "last"])
@pytest.mark.parametrize("conn", [ACCOUNTS, CONTACTS, STAFF_MEMBERS], ids=lambda c: c.name)
async def test_a_page_size_out_of_range_is_page_limit(
    gql: GraphQL, parents: Parents, conn: Conn, argument: str, size: int
) -> None:
    variables: dict[str, Any] = {"k": parents.account} if conn.parent else {}
    errors = (await gql.raw(conn.document(), {**variables, argument: size})).json()["errors"]
    assert [(e["message"], e["extensions"]) for e in errors] == [
        (
            f"page size {size} is out of range: first/last must be between 1 and 100",
            {"code": "PAGE_LIMIT", "size": size, "maxSize": 100},
        )
    ]


async def test_a_page_size_only_a_resolver_sees_is_page_limit_too(gql: GraphQL) -> None:
    # A variable's default value is not among the request's variables: the connection itself refuses it.
    response = await gql.raw("query($n: Int = 0) { accounts(first: $n) { totalCount } }")
    errors = response.json()["errors"]
    assert [(e["message"], e["extensions"], e["path"]) for e in errors] == [
        (
            "page size 0 is out of range: first/last must be between 1 and 100",
            {"code": "PAGE_LIMIT", "size": 0, "maxSize": 100},
            ["accounts"],
        )
    ]


async def test_first_and_last_together_is_invalid_input(gql: GraphQL, parents: Parents) -> None:
    for conn in (ACCOUNTS, STAFF_THREADS):
        variables: dict[str, Any] = {"k": parents.staff} if conn.parent else {}
        errors = (await gql.raw(conn.document(), {**variables, "first": 2, "last": 2})).json()["errors"]
        assert [(e["message"], e["extensions"]) for e in errors] == [
            ("pass either first or last, not both", {"code": "INVALID_INPUT"})
        ]


async def test_a_garbled_cursor_is_invalid_cursor(gql: GraphQL, parents: Parents) -> None:
    for argument in ("after", "before"):
        await _refused(gql, ACCOUNTS, None, argument, "garbage!")
        await _refused(gql, CONTACT_THREADS, parents.contact, argument, "WyJ2Il0")


async def test_a_page_size_beyond_graphql_int_is_graphql_s_own_error(gql: GraphQL) -> None:
    # Not a page out of range: not an Int at all, as a literal (validation) or a variable (coercion).
    literal = (await gql.raw("{ accounts(first: 2147483648) { totalCount } }")).json()
    variable = (await gql.raw(ACCOUNTS.document(), {"first": 2147483648})).json()
    for body in (literal, variable):
        assert body["data"] is None
        [error] = body["errors"]
        assert "Int cannot represent non 32-bit signed integer value: 2147483648" in error["message"]
        assert "extensions" not in error or error["extensions"].get("code") != "PAGE_LIMIT"


async def test_a_lower_page_limit_holds_in_the_connection_too(settings: Settings, demo_keys: Keys) -> None:
    # A deployment's lower limit applies to what only the connection sees (a variable's default value),
    # with the same numbers as the check before execution.
    app = create_app(settings.model_copy(update={"limits": ApiLimits(max_page_size=5, default_page_size=5)}))
    async with app.router.lifespan_context(app), httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://relgraph.test"
    ) as client:
        gql = GraphQL(client, demo_keys.reader)
        before = (await gql.raw("{ accounts(first: 8) { totalCount } }")).json()["errors"]
        inside = (await gql.raw("query($n: Int = 8) { accounts(first: $n) { totalCount } }")).json()["errors"]
        page = await gql("{ accounts { edges { cursor } } }")
    expected = ("page size 8 is out of range: first/last must be between 1 and 5",
                {"code": "PAGE_LIMIT", "size": 8, "maxSize": 5})
    assert [(e["message"], e["extensions"]) for e in before] == [expected]
    assert [(e["message"], e["extensions"]) for e in inside] == [expected]
    assert len(page["accounts"]["edges"]) == 5


def test_the_page_limit_cannot_exceed_what_connections_read() -> None:
    with pytest.raises(ValidationError):
        ApiLimits(max_page_size=101)
    with pytest.raises(ValidationError, match="default_page_size"):
        ApiLimits(max_page_size=10)  # the default page (20) would not fit
