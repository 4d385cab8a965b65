# ruff: noqa: E501  (GraphQL documents read best unwrapped)
"""A key limited to some accounts sees and writes only those."""

from __future__ import annotations

import json
from typing import Any

from tests.api.conftest import GraphQL, Keys
from tests.conftest import invalidate_demo_world


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
    portfolio = await gql("{ portfolio { accounts churned } }", token=demo_keys.scoped)
    assert portfolio["portfolio"]["accounts"] + portfolio["portfolio"]["churned"] == len(mine)


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
        "message": "accountKey: outside the accounts this API key may write",
    }
    assert [o["index"] for o in result["outcomes"]] == [0, 1]
    staff = await gql(
        'mutation { upsertStaff(input: [{key: "S-x", name: "X", function: SALES, costPerHour: 1}]) '
        "{ ... on IngestError { code } } }",
        token=demo_keys.scoped,
    )
    assert staff["upsertStaff"] == {"code": "OUT_OF_SCOPE"}


# ------------------------------------------------------------------------------------ stored records

_MISSING_CONTACT = "C-no-such-contact"
_MISSING_STAFF = "S-no-such-staff"

_SUMMARY = """... on IngestSummary { inserted updated duplicate rejected
                 outcomes { index key outcome field message } }
              ... on IngestError { code message }"""
_INTERACTION_FIELDS = "key source channel occurredAt direction durationMinutes cost sentiment subject"


async def _foreign_account(gql: GraphQL, keys: Keys) -> str:
    page = await gql("{ accounts(first: 100) { edges { node { key } } } }")
    return sorted(e["node"]["key"] for e in page["accounts"]["edges"] if e["node"]["key"] not in keys.scoped_accounts)[-1]


async def _hidden_contact(gql: GraphQL, keys: Keys, account: str) -> str:
    """A contact of `account` that the partner key cannot see."""
    page = await gql(
        "query($k: String!) { account(key: $k) { contacts(first: 100) { edges { node { key } } } } }",
        {"k": account},
    )
    for edge in page["account"]["contacts"]["edges"]:
        seen = await gql("query($k: String!) { contact(key: $k) { key } }", {"k": edge["node"]["key"]},
                         token=keys.scoped)
        if seen["contact"] is None:
            return str(edge["node"]["key"])
    raise AssertionError(f"every contact of {account} is visible to the partner")


async def _hidden_staff(gql: GraphQL, keys: Keys) -> str:
    """A staff member the partner key cannot see (covers none of its accounts, knows nobody there)."""
    page = await gql("{ accounts(first: 100) { edges { node { coverage { staff { key } } } } } }")
    every = sorted({c["staff"]["key"] for e in page["accounts"]["edges"] for c in e["node"]["coverage"]})
    for key in every:
        if (await gql("query($k: String!) { staff(key: $k) { key } }", {"k": key}, token=keys.scoped))["staff"] is None:
            return key
    raise AssertionError("the partner sees every staff member")


def _as_missing(outcome: dict[str, Any], *pairs: tuple[str, str]) -> dict[str, Any]:
    """An outcome with the foreign keys it names spelled as the missing ones they stand for."""
    text = json.dumps(outcome)
    for foreign, missing in pairs:
        text = text.replace(foreign, missing)
    return dict(json.loads(text))


async def test_scoped_key_cannot_replay_an_interaction_of_another_account(gql: GraphQL, demo_keys: Keys) -> None:
    mine = demo_keys.scoped_accounts[0]
    foreign = await _foreign_account(gql, demo_keys)
    q = f"query($k: String!) {{ account(key: $k) {{ interactions(first: 1) {{ edges {{ node {{ {_INTERACTION_FIELDS} }} }} }} }} }}"
    stored = (await gql(q, {"k": foreign}))["account"]["interactions"]["edges"][0]["node"]
    own = (await gql(q, {"k": mine}))["account"]["interactions"]["edges"][0]["node"]
    # A replay states the participants too (they replace the stored ones): the plain replay names them.
    people = "query($k: String!) { account(key: $k) { interactions(first: 1) { edges { node { contacts { key } staff { key } } } } } }"
    took_part = (await gql(people, {"k": mine}))["account"]["interactions"]["edges"][0]["node"]
    overwrite = {"key": stored["key"], "source": stored["source"], "channel": "OTHER",
                 "occurredAt": "2020-01-01T00:00:00Z", "direction": "INBOUND", "accountKey": mine,
                 "subject": "PWNED by partner", "cost": 99999}
    replay = {**{k: v for k, v in stored.items() if v is not None}, "accountKey": mine}
    own_replay = {**{k: v for k, v in own.items() if v is not None}, "accountKey": mine,
                  "contactKeys": [c["key"] for c in took_part["contacts"]],
                  "staffKeys": [s["key"] for s in took_part["staff"]]}
    m = f"mutation($in: [InteractionInput!]!) {{ recordInteractions(input: $in) {{ {_SUMMARY} }} }}"
    # A correction and a plain replay alike are refused (the replay used to count as a duplicate); one
    # call each, as an input may not repeat an interaction.
    for row in (overwrite, replay):
        result = (await gql(m, {"in": [row, own_replay]}, token=demo_keys.scoped))["recordInteractions"]
        assert result["outcomes"][0] == {
            "index": 0, "key": f"{stored['source']}/{stored['key']}", "outcome": "rejected", "field": "key",
            "message": "key: outside the accounts this API key may write",
        }
        assert result["outcomes"][1]["outcome"] == "duplicate"  # its own interactions still replay
    assert (await gql(q, {"k": foreign}))["account"]["interactions"]["edges"][0]["node"] == stored


async def test_scoped_key_cannot_take_over_a_contact_of_another_account(gql: GraphQL, demo_keys: Keys) -> None:
    mine = demo_keys.scoped_accounts[0]
    foreign = await _foreign_account(gql, demo_keys)
    contact = await _hidden_contact(gql, demo_keys, foreign)
    q = """query($k: String!) { contact(key: $k) { name role
             employments { account { key } since until current } } }"""
    before = (await gql(q, {"k": contact}))["contact"]
    result = (await gql(
        f"mutation($in: [ContactInput!]!) {{ upsertContacts(input: $in) {{ {_SUMMARY} }} }}",
        {"in": [{"key": contact, "name": "Renamed by partner", "accountKey": mine, "role": "BLOCKER"}]},
        token=demo_keys.scoped,
    ))["upsertContacts"]
    assert result["outcomes"] == [{
        "index": 0, "key": contact, "outcome": "rejected", "field": "key",
        "message": "key: outside the accounts this API key may write",
    }]
    assert (await gql(q, {"k": contact}))["contact"] == before
    hidden = await gql("query($k: String!) { contact(key: $k) { key } }", {"k": contact}, token=demo_keys.scoped)
    assert hidden["contact"] is None


async def test_scoped_key_finds_foreign_people_as_unknown(gql: GraphQL, demo_keys: Keys) -> None:
    mine = demo_keys.scoped_accounts[0]
    foreign = await _foreign_account(gql, demo_keys)
    contact = await _hidden_contact(gql, demo_keys, foreign)
    staff = await _hidden_staff(gql, demo_keys)
    pairs = ((contact, _MISSING_CONTACT), (staff, _MISSING_STAFF))

    async def outcomes(mutation: str, kind: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        result = (await gql(f"mutation($in: [{kind}!]!) {{ {mutation}(input: $in) {{ {_SUMMARY} }} }}",
                            {"in": rows}, token=demo_keys.scoped))[mutation]
        assert result["rejected"] == len(rows), result
        return list(result["outcomes"])

    def interaction(key: str, contact_key: str, staff_key: str) -> dict[str, Any]:
        return {"key": key, "source": "scope-test", "channel": "MEETING", "occurredAt": "2021-03-04T05:06:07Z",
                "direction": "MUTUAL", "accountKey": mine, "contactKeys": [contact_key], "staffKeys": [staff_key]}

    foreign_rows = await outcomes("recordInteractions", "InteractionInput", [interaction("I-scope", contact, staff)])
    missing_rows = await outcomes("recordInteractions", "InteractionInput",
                                  [interaction("I-scope", _MISSING_CONTACT, _MISSING_STAFF)])
    assert [_as_missing(o, *pairs) for o in foreign_rows] == missing_rows
    assert missing_rows[0]["message"] == (f"contactKeys: unknown contact '{_MISSING_CONTACT}'; "
                                          f"staffKeys: unknown staff member '{_MISSING_STAFF}'")

    coverage = [{"staffKey": staff, "accountKey": mine, "role": "SUPPORT"}]
    foreign_rows = await outcomes("upsertCoverage", "CoverageInput", coverage)
    missing_rows = await outcomes("upsertCoverage", "CoverageInput", [{**coverage[0], "staffKey": _MISSING_STAFF}])
    assert [_as_missing(o, *pairs) for o in foreign_rows] == missing_rows

    manager = [{"key": "C-scope-report", "name": "Reports", "accountKey": mine, "reportsToKey": contact}]
    foreign_rows = await outcomes("upsertContacts", "ContactInput", manager)
    missing_rows = await outcomes("upsertContacts", "ContactInput", [{**manager[0], "reportsToKey": _MISSING_CONTACT}])
    assert [_as_missing(o, *pairs) for o in foreign_rows] == missing_rows

    # Nothing was written: the partner still cannot see either person, and the interaction is absent.
    seen = await gql("query($c: String!, $s: String!) { contact(key: $c) { key } staff(key: $s) { key } }",
                     {"c": contact, "s": staff}, token=demo_keys.scoped)
    assert seen == {"contact": None, "staff": None}
    page = await gql('query($k: String!) { account(key: $k) { interactions(first: 5, from: "2021-03-04T00:00:00Z", '
                     'to: "2021-03-05T00:00:00Z") { edges { node { key } } } } }', {"k": mine})
    assert page["account"]["interactions"]["edges"] == []


async def test_scoped_key_sees_only_its_people_in_interactions(gql: GraphQL, demo_keys: Keys) -> None:
    """An unlimited writer may record an interaction of the partner's account with people of another
    (as a partner key could before scoped writes): the partner's reads leave those people out."""
    mine = demo_keys.scoped_accounts[0]
    foreign = await _foreign_account(gql, demo_keys)
    contact = await _hidden_contact(gql, demo_keys, foreign)
    staff = await _hidden_staff(gql, demo_keys)
    try:
        written = await gql(
            f"mutation($in: [InteractionInput!]!) {{ recordInteractions(input: $in) {{ {_SUMMARY} }} }}",
            {"in": [{"key": "I-mixed", "source": "scope-test", "channel": "MEETING",
                     "occurredAt": "2021-03-04T05:06:07Z", "direction": "MUTUAL", "accountKey": mine,
                     "contactKeys": [contact], "staffKeys": [staff]}]},
        )
        assert written["recordInteractions"]["inserted"] == 1, written
        q = """query($k: String!) { account(key: $k) { interactions(first: 5, from: "2021-03-04T00:00:00Z",
                 to: "2021-03-05T00:00:00Z") { edges { node { key contacts { key name email } staff { key } } } } } }"""
        everything = (await gql(q, {"k": mine}))["account"]["interactions"]["edges"][0]["node"]
        assert ([c["key"] for c in everything["contacts"]], [s["key"] for s in everything["staff"]]) == (
            [contact], [staff])
        partner = (await gql(q, {"k": mine}, token=demo_keys.scoped))["account"]["interactions"]["edges"]
        assert partner == [{"node": {"key": "I-mixed", "contacts": [], "staff": []}}]
    finally:
        invalidate_demo_world()  # the interaction changed the account's threads and metrics


async def test_scoped_key_writes_contacts_that_are_its_alone(gql: GraphQL, demo_keys: Keys) -> None:
    """A contact who works or worked at another account too is that account's data as well: the partner
    sees them but may not rename or move them; a contact of its accounts only it writes freely."""
    mine = demo_keys.scoped_accounts[0]
    foreign = await _foreign_account(gql, demo_keys)
    m = f"mutation($in: [ContactInput!]!) {{ upsertContacts(input: $in) {{ {_SUMMARY} }} }}"
    try:
        shared = await gql(m, {"in": [
            {"key": "C-shared", "name": "Shared", "accountKey": foreign, "since": "2020-01-01T00:00:00Z",
             "until": "2021-01-01T00:00:00Z"},
            {"key": "C-shared", "name": "Shared", "accountKey": mine, "since": "2021-01-01T00:00:00Z"},
        ]})
        assert shared["upsertContacts"]["rejected"] == 0, shared
        seen = await gql('{ contact(key: "C-shared") { name } }', token=demo_keys.scoped)
        assert seen["contact"] == {"name": "Shared"}
        refused = (await gql(m, {"in": [{"key": "C-shared", "name": "Renamed", "accountKey": mine}]},
                             token=demo_keys.scoped))["upsertContacts"]
        assert refused["outcomes"] == [{"index": 0, "key": "C-shared", "outcome": "rejected", "field": "key",
                                        "message": "key: outside the accounts this API key may write"}]
        own = {"key": "C-partner-own", "name": "Own", "accountKey": mine}
        first = (await gql(m, {"in": [own]}, token=demo_keys.scoped))["upsertContacts"]
        again = (await gql(m, {"in": [{**own, "title": "Buyer"}]}, token=demo_keys.scoped))["upsertContacts"]
        assert (first["inserted"], again["updated"]) == (1, 1), (first, again)
        names = await gql('{ a: contact(key: "C-shared") { name } b: contact(key: "C-partner-own") { title } }')
        assert names == {"a": {"name": "Shared"}, "b": {"title": "Buyer"}}
    finally:
        invalidate_demo_world()  # new contacts at the partner's and another account


async def test_scoped_key_names_in_interactions_only_contacts_that_are_its_alone(
    gql: GraphQL, demo_keys: Keys
) -> None:
    """A contact's threads count toward every account they work or worked at: a partner who could name
    one who also worked elsewhere would raise that account's thread strength, value and risk. Such a
    contact is as unknown to its interactions as a missing one; one of its accounts only it names freely."""
    mine = demo_keys.scoped_accounts[0]
    foreign = await _foreign_account(gql, demo_keys)
    cover = await gql("query($k: String!) { account(key: $k) { coverage { staff { key } } } }", {"k": mine})
    staff = cover["account"]["coverage"][0]["staff"]["key"]
    contacts = f"mutation($in: [ContactInput!]!) {{ upsertContacts(input: $in) {{ {_SUMMARY} }} }}"
    record = f"mutation($in: [InteractionInput!]!) {{ recordInteractions(input: $in) {{ {_SUMMARY} }} }}"

    def interaction(key: str, contact_key: str) -> dict[str, Any]:
        return {"key": key, "source": "scope-test", "channel": "MEETING", "occurredAt": "2021-03-04T05:06:07Z",
                "direction": "MUTUAL", "accountKey": mine, "contactKeys": [contact_key], "staffKeys": [staff]}

    try:
        made = await gql(contacts, {"in": [
            {"key": "C-was-elsewhere", "name": "Moved", "accountKey": foreign, "since": "2020-01-01T00:00:00Z",
             "until": "2021-01-01T00:00:00Z"},
            {"key": "C-was-elsewhere", "name": "Moved", "accountKey": mine, "since": "2021-01-01T00:00:00Z"},
            {"key": "C-only-mine", "name": "Mine", "accountKey": mine},
        ]})
        assert made["upsertContacts"]["rejected"] == 0, made
        seen = await gql('{ contact(key: "C-was-elsewhere") { key } }', token=demo_keys.scoped)
        assert seen["contact"] == {"key": "C-was-elsewhere"}  # visible to the partner, yet not its alone

        shared = (await gql(record, {"in": [interaction("I-shared", "C-was-elsewhere"),
                                            interaction("I-own", "C-only-mine")]},
                            token=demo_keys.scoped))["recordInteractions"]
        missing = (await gql(record, {"in": [interaction("I-shared", _MISSING_CONTACT)]},
                             token=demo_keys.scoped))["recordInteractions"]
        assert [_as_missing(shared["outcomes"][0], ("C-was-elsewhere", _MISSING_CONTACT))] == missing["outcomes"]
        assert missing["outcomes"][0]["message"] == f"contactKeys: unknown contact '{_MISSING_CONTACT}'"
        assert shared["outcomes"][1] == {"index": 1, "key": "scope-test/I-own", "outcome": "inserted",
                                         "field": None, "message": None}

        # Nothing of the refused row was written: the contact takes part in no interaction on that day.
        q = """query($k: String!) { account(key: $k) { interactions(first: 5, from: "2021-03-04T00:00:00Z",
                 to: "2021-03-05T00:00:00Z") { edges { node { key contacts { key } } } } } }"""
        page = (await gql(q, {"k": mine}))["account"]["interactions"]["edges"]
        assert page == [{"node": {"key": "I-own", "contacts": [{"key": "C-only-mine"}]}}]
    finally:
        invalidate_demo_world()  # new contacts and an interaction at the partner's account


async def test_scoped_key_refusals_of_other_accounts_read_like_every_outcome(
    gql: GraphQL, demo_keys: Keys
) -> None:
    """A row naming another account in its own account field is refused in the outcome format of every
    other rejection (the record's key, `field: reason`), and its account key is stripped as the record's."""
    mine = demo_keys.scoped_accounts[0]
    foreign = await _foreign_account(gql, demo_keys)
    out_of_scope = "outside the accounts this API key may write"

    async def outcomes(mutation: str, kind: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        result = (await gql(f"mutation($in: [{kind}!]!) {{ {mutation}(input: $in) {{ {_SUMMARY} }} }}",
                            {"in": rows}, token=demo_keys.scoped))[mutation]
        return list(result["outcomes"])

    def interaction(key: str, account: str) -> dict[str, Any]:
        return {"key": key, "source": "scope-test", "channel": "EMAIL", "occurredAt": "2021-05-06T07:08:09Z",
                "direction": "OUTBOUND", "accountKey": account}

    try:
        far, padded = await outcomes("recordInteractions", "InteractionInput",
                                     [interaction("I-far", foreign), interaction("I-padded", f" {mine} ")])
        assert far == {"index": 0, "key": "scope-test/I-far", "outcome": "rejected", "field": "accountKey",
                       "message": f"accountKey: {out_of_scope}"}
        assert (padded["key"], padded["outcome"]) == ("scope-test/I-padded", "inserted"), padded

        [coverage] = await outcomes("upsertCoverage", "CoverageInput",
                                    [{"staffKey": "S-any", "accountKey": foreign, "role": "CSM"}])
        assert coverage == {"index": 0, "key": f"S-any/{foreign}/csm", "outcome": "rejected",
                            "field": "accountKey", "message": f"accountKey: {out_of_scope}"}

        nowhere, padded_contact = await outcomes("upsertContacts", "ContactInput", [
            {"key": "C-nowhere", "name": "Nowhere"},
            {"key": "C-padded", "name": "Padded", "accountKey": f"{mine}  "},
        ])
        assert nowhere == {"index": 0, "key": "C-nowhere", "outcome": "rejected", "field": "accountKey",
                           "message": f"accountKey: {out_of_scope}"}
        assert padded_contact["outcome"] == "inserted", padded_contact

        account = {"name": "Elsewhere", "segment": "SMB", "tier": "STANDARD", "lifecycleStage": "ACTIVE",
                   "annualRevenue": 1.0, "grossMarginRate": 0.5}
        [elsewhere] = await outcomes("upsertAccounts", "AccountInput", [{**account, "key": "A-elsewhere"}])
        assert elsewhere == {"index": 0, "key": "A-elsewhere", "outcome": "rejected", "field": "key",
                             "message": f"key: {out_of_scope}"}
        assert (await gql('{ account(key: "A-elsewhere") { key } }'))["account"] is None
    finally:
        invalidate_demo_world()  # an interaction and a contact at the partner's account
