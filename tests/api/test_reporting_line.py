"""A contact's reporting line through HTTP on the demo world: `reportsTo` and `directReports` agree."""

from __future__ import annotations

from typing import Any

from tests.api.conftest import GraphQL

CONTACTS = """
query($first: Int!) { accounts(first: $first) { edges { node { key
  contacts(first: 100) { edges { node { key name reportsTo { key name } directReports { key name } } } }
} } } }
"""


async def test_reports_to_and_direct_reports_are_two_ends_of_one_line(gql: GraphQL, demo_world: Any) -> None:
    data = await gql(CONTACTS, {"first": demo_world.accounts})
    contacts = [e["node"] for a in data["accounts"]["edges"] for e in a["node"]["contacts"]["edges"]]
    by_key = {c["key"]: c for c in contacts}
    lines = [(c["key"], c["reportsTo"]["key"]) for c in contacts if c["reportsTo"]]
    assert lines, "the demo world records reporting lines"
    for report, manager in lines:
        assert report != manager
        if manager in by_key:
            assert report in [r["key"] for r in by_key[manager]["directReports"]]
    for c in contacts:
        names = [(r["name"], r["key"]) for r in c["directReports"]]
        assert names == sorted(names)
        for r in c["directReports"]:
            assert by_key.get(r["key"], {"reportsTo": {"key": c["key"]}})["reportsTo"]["key"] == c["key"]


async def test_a_partner_key_sees_no_manager_outside_its_accounts(
    gql: GraphQL, demo_keys: Any, demo_world: Any
) -> None:
    data = await gql(CONTACTS, {"first": demo_world.accounts}, token=demo_keys.scoped)
    allowed = set(demo_keys.scoped_accounts)
    assert {a["node"]["key"] for a in data["accounts"]["edges"]} <= allowed
    everyone = await gql(CONTACTS, {"first": demo_world.accounts})
    seen = {e["node"]["key"] for a in everyone["accounts"]["edges"] if a["node"]["key"] in allowed
            for e in a["node"]["contacts"]["edges"]}
    for a in data["accounts"]["edges"]:
        for e in a["node"]["contacts"]["edges"]:
            for person in [e["node"]["reportsTo"], *e["node"]["directReports"]]:
                assert person is None or person["key"] in seen
