# ruff: noqa: E501  (GraphQL documents read best unwrapped)
"""A partner key (created with --accounts) asking for a foreign account, contact, staff member or webhook
gets exactly the answer it gets for one that does not exist, on every root field and down the nested paths."""

from __future__ import annotations

import json
from typing import Any

from graph.store import Store
from tests.hardening.conftest import (
    MISSING_ACCOUNT,
    MISSING_CONTACT,
    MISSING_STAFF,
    Poster,
    World,
    global_id,
)
from tests.hardening.operations import mutation_ops, query_ops


def _normal(body: dict[str, Any], *secrets: str) -> str:
    """The body with the asked-for keys blanked, so that two answers compare by shape and content."""
    text = json.dumps(body, sort_keys=True)
    for s in secrets:
        text = text.replace(s, "<KEY>")
    return text


async def _compare(post: Poster, token: str, foreign: tuple[str, dict[str, Any]],
                   missing: tuple[str, dict[str, Any]], secrets: tuple[str, ...]) -> dict[str, Any]:
    a = await post(foreign[0], foreign[1], token)
    b = await post(missing[0], missing[1], token)
    assert a.status_code == b.status_code == 200
    assert _normal(a.json(), *secrets) == _normal(b.json(), *secrets), (a.text, b.text)
    return a.json()


async def test_foreign_is_missing_on_every_query_field(post: Poster, world: World) -> None:
    foreign = query_ops(world, world.foreign, world.foreign_contact, world.foreign_staff)
    missing = query_ops(world, MISSING_ACCOUNT, MISSING_CONTACT, MISSING_STAFF)
    secrets = (world.foreign, world.foreign_contact, world.foreign_staff, MISSING_ACCOUNT, MISSING_CONTACT,
               MISSING_STAFF, global_id("Account", world.foreign), global_id("Account", MISSING_ACCOUNT))
    for name in foreign:
        body = await _compare(post, world.partner, foreign[name], missing[name], secrets)
        assert world.foreign not in json.dumps(body), name


async def test_foreign_nodes_of_every_type_are_missing(post: Poster, world: World) -> None:
    q = "query($id: ID!) { node(id: $id) { id } }"
    for type_name, key, absent in (("Account", world.foreign, MISSING_ACCOUNT),
                                   ("Contact", world.foreign_contact, MISSING_CONTACT),
                                   ("Staff", world.foreign_staff, MISSING_STAFF)):
        fid, mid = global_id(type_name, key), global_id(type_name, absent)
        await _compare(post, world.partner, (q, {"id": fid}), (q, {"id": mid}), (fid, mid))


async def test_foreign_account_filters_count_nothing(post: Poster, world: World, store: Store) -> None:
    q = "query($o: String) { accounts(first: 10, filter: {owner: $o}) { totalCount edges { node { key } } } }"
    await _compare(post, world.partner, (q, {"o": world.foreign_staff}), (q, {"o": MISSING_STAFF}),
                   (world.foreign_staff, MISSING_STAFF))
    page = await post.data("{ accounts(first: 100) { totalCount edges { node { key } } } portfolio { accounts } }",
                           token=world.partner)
    assert page["accounts"]["totalCount"] == len(world.mine) == page["portfolio"]["accounts"]


async def test_nested_paths_never_reach_a_foreign_account(post: Poster, world: World, store: Store) -> None:
    everything = {r["key"] for r in store.read("api_account_keys", allowed=None)}
    foreign_accounts = everything - set(world.mine)
    q = """query($a: String!, $c: String!, $s: String!) {
      account(key: $a) {
        contacts(first: 50) { edges { node { key employments { account { key } }
          threads(first: 20) { edges { node { staff { key coverage { account { key } } } } } } } } }
        threads(first: 20) { edges { node { staff { key
          threads(first: 50) { edges { node { contact { key employments { account { key } } } } } } } } } }
        interactions(first: 20) { edges { node { contacts { key } staff { key } } } }
        risk { singlePointsOfFailure { ... on Contact { key } ... on Staff { key } } }
      }
      contact(key: $c) { employments { account { key } } }
      staff(key: $s) { coverage { account { key } } threads(first: 50) { edges { node { contact { key } } } } }
      championMoves { fromAccount { key } toAccount { key } contact { key } }
      introPaths(toContact: $c) { links { fromPerson { ... on Contact { key } ... on Staff { key } }
                                          toPerson { ... on Contact { key } ... on Staff { key } } } }
    }"""
    response = await post(q, {"a": world.mine[0], "c": world.my_contact, "s": world.my_staff}, world.partner)
    assert response.status_code == 200, response.text
    assert not response.json().get("errors"), response.json()["errors"]
    assert response.json()["data"]["account"]["contacts"]["edges"]
    text = response.text
    leaked = sorted(k for k in foreign_accounts if f'"{k}"' in text)
    assert not leaked, leaked


async def test_foreign_webhooks_are_missing(post: Poster, world: World) -> None:
    created = await post.data(
        'mutation($k: String!) { createWebhook(url: "http://127.0.0.1:9/x", minLevel: HIGH, accountKeys: [$k]) '
        "{ ... on WebhookCreated { webhook { id } } } }", {"k": world.foreign}, token=world.admin)
    foreign_id = created["createWebhook"]["webhook"]["id"]
    listed = await post.data("{ webhooks { id } }", token=world.partner)
    assert foreign_id not in {w["id"] for w in listed["webhooks"]}
    q = "query($id: String!) { webhookDeliveries(webhookId: $id) { id } }"
    await _compare(post, world.partner, (q, {"id": foreign_id}), (q, {"id": "wh_0000000000000000"}),
                   (foreign_id, "wh_0000000000000000"))
    d = 'mutation($id: String!) { deleteWebhook(id: $id) { ... on WebhookError { code message } } }'
    await _compare(post, world.partner, (d, {"id": foreign_id}), (d, {"id": "wh_0000000000000000"}),
                   (foreign_id, "wh_0000000000000000"))
    # The admin still sees it: the partner's delete did nothing.
    assert foreign_id in {w["id"] for w in (await post.data("{ webhooks { id } }", token=world.admin))["webhooks"]}
    await post.data('mutation($id: String!) { deleteWebhook(id: $id) { __typename } }', {"id": foreign_id},
                    token=world.admin)


async def test_partner_creates_webhooks_only_for_its_accounts(post: Poster, world: World) -> None:
    foreign = mutation_ops(world.foreign)["createWebhook"]
    missing = mutation_ops(MISSING_ACCOUNT)["createWebhook"]
    body = await _compare(post, world.partner, foreign, missing, (world.foreign, MISSING_ACCOUNT))
    assert body["data"]["createWebhook"]["code"] == "NOT_FOUND"
    mine = await post.data('mutation { createWebhook(url: "http://127.0.0.1:9/y", minLevel: MEDIUM) '
                           "{ ... on WebhookCreated { secret webhook { id accountKeys } } } }", token=world.partner)
    hook = mine["createWebhook"]["webhook"]
    assert sorted(hook["accountKeys"]) == sorted(world.mine)
    assert mine["createWebhook"]["secret"].startswith("whsec_")
    assert hook["id"] in {w["id"] for w in (await post.data("{ webhooks { id } }", token=world.partner))["webhooks"]}
    await post.data('mutation($id: String!) { deleteWebhook(id: $id) { __typename } }', {"id": hook["id"]},
                    token=world.partner)


async def test_account_risk_contract(post: Poster, world: World) -> None:
    data = await post.data("query($k: String!) { accountRisk(key: $k) { score level singleThreaded asOf "
                           "reasons { code contribution explanation } } }", {"k": world.mine[0]}, token=world.partner)
    risk = data["accountRisk"]
    assert 0 <= risk["score"] <= 100 and risk["level"] in {"LOW", "MEDIUM", "HIGH", "CRITICAL"}
    assert abs(sum(r["contribution"] for r in risk["reasons"]) - risk["score"]) < 0.1
    contributions = [r["contribution"] for r in risk["reasons"]]
    assert contributions == sorted(contributions, reverse=True)
    past = await post.data('query($k: String!) { accountRisk(key: $k, asOf: "2025-06-01T00:00:00Z") { score asOf } }',
                           {"k": world.mine[0]}, token=world.partner)
    assert past["accountRisk"]["asOf"].startswith("2025-06-01")
