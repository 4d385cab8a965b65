"""`node(id:)` over HTTP: an id that names no object answers null, an id is read with or without base64
padding, and only what is no global id at all is an error (never a masked one)."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from tests.api.conftest import GraphQL

NODE = "query($id: ID!) { node(id: $id) { id __typename ... on Account { key } } }"


def _id(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


@pytest.mark.parametrize(
    "global_id",
    [
        "SW50ZXJhY3Rpb246eA==",  # Interaction:x (a type, but no Node)
        "Rm9vOmJhcg==",  # Foo:bar (no such type)
        "YWNjb3VudDpBQ0MtMDAwMDM=",  # account:ACC-00003 (type names are case-sensitive)
        "OkFDQy0wMDAwMw==",  # :ACC-00003 (no type name)
        "VGhyZWFkOlNURi0wMDAxfENPTi0wMDAwMy0wMg==",  # Thread:STF-0001|CON-00003-02
        _id("Node:ACC-00003"),  # the interface itself
        _id("Query:x"),
        _id("Account:NO-SUCH-ACCOUNT"),
    ],
)
async def test_an_id_that_names_no_object_answers_null(gql: GraphQL, global_id: str) -> None:
    response = await gql.raw(NODE, {"id": global_id})
    assert response.status_code == 200
    assert response.json() == {"data": {"node": None}}


async def test_an_id_reads_with_or_without_padding(gql: GraphQL, store: Any, demo_world: Any) -> None:
    key = sorted(r["key"] for r in store.read("api_account_keys", allowed=None))[0]
    issued = (await gql("query($k: String!) { account(key: $k) { id } }", {"k": key}))["account"]["id"]
    assert issued == _id(f"Account:{key}")  # Strawberry's: standard base64, padded
    unpadded = issued.rstrip("=")
    assert unpadded != issued  # the key's length makes padding: the case is tested
    for global_id in (issued, unpadded, issued.replace("+", "-").replace("/", "_")):
        found = (await gql(NODE, {"id": global_id}))["node"]
        assert found == {"id": issued, "__typename": "Account", "key": key}
    # An id of another Node type names no object.
    assert (await gql(NODE, {"id": _id(f"Contact:{key}")}))["node"] is None


NOT_IDS = ["!!!", _id("no colon"), "", "QQ", base64.b64encode(b"\xff:x").decode()]


@pytest.mark.parametrize("global_id", NOT_IDS)
async def test_what_is_no_global_id_is_the_clients_error(gql: GraphQL, global_id: str) -> None:
    body = (await gql.raw(NODE, {"id": global_id})).json()
    assert body["data"] == {"node": None}
    assert [(e["message"], e["path"]) for e in body["errors"]] == [
        (f'Value cannot represent a GlobalID: "{global_id}".', ["node"])
    ]
