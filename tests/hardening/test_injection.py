# ruff: noqa: E501  (GraphQL documents read best unwrapped)
"""Cypher-looking input through every string argument and input field: the graph is unchanged (reads) or
holds exactly the literal strings (writes), and the answers are the normal ones. Values reach Cypher only
as parameters, so these are just odd strings."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from graph.store import Store
from tests.hardening.conftest import Poster, World

PAYLOADS = [
    "x' OR 1=1 //",
    '"}) MATCH (n) DETACH DELETE n //',
    "'}) MATCH (n) DETACH DELETE n //",
    "` MATCH (n) DETACH DELETE n //",
    "A-1\"}) WITH 1 AS x MATCH (n) SET n.pwned = true //",
    "$allowed",
    "'; CALL dbms.killQueries([]) //",
    "\\u0027 RETURN 1 //",
    "/* */ MATCH (a:ApiKey) RETURN a.hash //",
]


def _count(store: Store) -> int:
    return int(store.read("admin_count_nodes")[0]["nodes"])


def _clean(body: dict[str, Any]) -> None:
    for error in body.get("errors") or []:
        assert error["message"] != "Unexpected error.", error
        assert "Traceback" not in error["message"] and "Neo." not in error["message"], error


READS = [
    ("query($v: String!) { account(key: $v) { key } }", lambda d: d["account"] is None),
    ("query($v: String) { accounts(first: 5, filter: {search: $v}) { totalCount } }",
     lambda d: d["accounts"]["totalCount"] == 0),
    ("query($v: String) { accounts(first: 5, filter: {owner: $v}) { totalCount } }",
     lambda d: d["accounts"]["totalCount"] == 0),
    ("query($v: String!) { contact(key: $v) { key } }", lambda d: d["contact"] is None),
    ("query($v: String!) { staff(key: $v) { key } }", lambda d: d["staff"] is None),
    ("query($v: String!) { introPaths(toContact: $v) { strength } }", lambda d: d["introPaths"] == []),
    ("query($v: String!) { accountRisk(key: $v) { score } }", lambda d: d["accountRisk"] is None),
    ("query($v: ID!) { node(id: $v) { id } }", lambda d: d["node"] is None),
]


@pytest.mark.parametrize("payload", PAYLOADS)
async def test_reads_with_cypher_looking_input(post: Poster, world: World, store: Store, payload: str) -> None:
    before = _count(store)
    for query, normal in READS:
        value = payload
        if "ID!" in query:
            value = base64.b64encode(f"Account:{payload}".encode()).decode()
        for token in (world.admin, world.partner):
            response = await post(query, {"v": value}, token)
            assert response.status_code == 200, response.text
            body = response.json()
            _clean(body)
            assert body["data"] is not None and normal(body["data"]), (query, body)
    for query in ("query($v: String!) { introPaths(toContact: \"C-x\", fromStaff: $v) { strength } }",
                  "query($v: String!) { webhookDeliveries(webhookId: $v) { id } }",
                  "query($v: String) { accounts(first: 2, after: $v) { totalCount } }",
                  "query($v: String!) { account(key: \"A\") { contacts(first: 2, after: $v) { totalCount } } }"):
        response = await post(query, {"v": payload}, world.admin)
        assert response.status_code == 200, response.text
        _clean(response.json())
    assert _count(store) == before
    # Inline literals too (escaped by the client, parsed by GraphQL, still a parameter to Cypher).
    literal = payload.replace("\\", "\\\\").replace('"', '\\"')
    response = await post(f'{{ account(key: "{literal}") {{ key }} }}', token=world.admin)
    assert response.json()["data"] == {"account": None}
    assert _count(store) == before


async def test_writes_store_cypher_looking_input_literally(post: Poster, clean_store: Store) -> None:
    from graph.apikeys import create_key

    token = create_key(clean_store, "injection", ["admin"]).token
    sentinel = {"key": "A-sentinel", "name": "Sentinel", "segment": "SMB", "tier": "STANDARD",
                "lifecycleStage": "ACTIVE", "annualRevenue": 10.0, "grossMarginRate": 0.5}
    accounts = [sentinel] + [
        {"key": p, "name": p, "domain": p, "industry": p, "segment": "SMB", "tier": "STANDARD",
         "lifecycleStage": "ACTIVE", "annualRevenue": 10.0, "grossMarginRate": 0.5} for p in PAYLOADS]
    q = ("mutation($in: [AccountInput!]!) { upsertAccounts(input: $in) { ... on IngestSummary { inserted rejected "
         "rejections { message } } ... on IngestError { code message } } }")
    result = await post.data(q, {"in": accounts}, token)
    assert result["upsertAccounts"]["inserted"] == len(accounts), result
    staff = [{"key": f"S-{i}", "name": p, "email": None, "title": p, "function": "SALES", "costPerHour": 1.0}
             for i, p in enumerate(PAYLOADS)]
    await post.data("mutation($in: [StaffInput!]!) { upsertStaff(input: $in) { __typename } }", {"in": staff}, token)
    contacts = [{"key": f"C-{i}", "name": p, "title": p, "department": p, "accountKey": p}
                for i, p in enumerate(PAYLOADS)]
    await post.data("mutation($in: [ContactInput!]!) { upsertContacts(input: $in) { __typename } }",
                    {"in": contacts}, token)
    coverage = [{"staffKey": f"S-{i}", "accountKey": p, "role": "OWNER"} for i, p in enumerate(PAYLOADS)]
    await post.data("mutation($in: [CoverageInput!]!) { upsertCoverage(input: $in) { __typename } }",
                    {"in": coverage}, token)
    interactions = [{"key": p, "source": p, "channel": "MEETING", "occurredAt": "2026-11-01T10:00:00Z",
                     "direction": "MUTUAL", "subject": p, "accountKey": p, "contactKeys": [f"C-{i}"],
                     "staffKeys": [f"S-{i}"]} for i, p in enumerate(PAYLOADS)]
    await post.data("mutation($in: [InteractionInput!]!) { recordInteractions(input: $in) { __typename } }",
                    {"in": interactions}, token)
    for p in PAYLOADS:
        hook = await post.data("mutation($u: String!, $k: [String!]) { createWebhook(url: $u, minLevel: HIGH, "
                               "accountKeys: $k) { __typename } }", {"u": "http://127.0.0.1:9/" + p, "k": [p]}, token)
        assert hook["createWebhook"]["__typename"] in ("WebhookCreated", "WebhookError")
        gone = await post.data("mutation($id: String!) { deleteWebhook(id: $id) { __typename } }", {"id": p}, token)
        assert gone["deleteWebhook"]["__typename"] == "WebhookError"

    # Every node is there, holding exactly the strings sent; nothing was deleted or marked.
    assert _count(clean_store) == 1 + 4 * len(PAYLOADS)
    for i, p in enumerate(PAYLOADS):
        got = await post.data("query($k: String!, $c: String!) { account(key: $k) { key name domain "
                              "contacts(first: 5) { edges { node { key name title } } } "
                              "interactions(first: 5) { edges { node { key subject } } } } "
                              "contact(key: $c) { name department } }", {"k": p, "c": f"C-{i}"}, token)
        account = got["account"]
        assert account["key"] == account["name"] == account["domain"] == p
        assert [e["node"]["name"] for e in account["contacts"]["edges"]] == [p]
        assert [e["node"]["subject"] for e in account["interactions"]["edges"]] == [p]
        assert got["contact"] == {"name": p, "department": p}
    assert (await post.data('{ account(key: "A-sentinel") { name } }', token=token))["account"] == {"name": "Sentinel"}
