"""Every root field: no key -> 401, a revoked key -> 401, a read key calling a mutation -> refused,
and the table of operations covers the whole schema."""

from __future__ import annotations

import pytest

from api.schema import schema
from tests.hardening.conftest import Poster, World
from tests.hardening.operations import mutation_ops, query_ops


def _fields(type_name: str) -> set[str]:
    t = schema._schema.get_type(type_name)
    return set(t.fields)  # type: ignore[union-attr]


def test_the_operation_table_covers_every_root_field(world: World) -> None:
    assert set(query_ops(world, "A", "C", "S")) == _fields("Query")
    assert set(mutation_ops("A")) == _fields("Mutation")


async def test_no_key_and_revoked_key_get_401_on_every_field(post: Poster, world: World) -> None:
    ops = {**query_ops(world, world.mine[0], world.my_contact, world.my_staff), **mutation_ops(world.mine[0])}
    for name, (query, variables) in ops.items():
        for token in (None, world.revoked, "rg_000000000000_not-a-key", "garbage"):
            response = await post(query, variables, token)
            assert response.status_code == 401, (name, token, response.text)
            assert response.headers.get("www-authenticate") == "Bearer"
            assert "Traceback" not in response.text


async def test_every_query_field_answers_a_read_key(post: Poster, world: World) -> None:
    for name, (query, variables) in query_ops(world, world.mine[0], world.my_contact, world.my_staff).items():
        response = await post(query, variables, world.reader)
        assert response.status_code == 200, (name, response.text)
        errors = response.json().get("errors") or []
        # webhookDeliveries of an unknown webhook is NOT_FOUND; everything else answers cleanly.
        assert all("no webhook" in e["message"] for e in errors), (name, errors)


@pytest.mark.parametrize("name", sorted(mutation_ops("A")))
async def test_a_read_key_cannot_call_any_mutation(post: Poster, world: World, name: str) -> None:
    query, variables = mutation_ops(world.mine[0])[name]
    body = (await post(query, variables, world.reader)).json()
    assert body["data"] is None
    assert body["errors"][0]["message"] == "this API key lacks the 'write' scope"


async def test_a_write_only_key_cannot_read(post: Poster, world: World) -> None:
    for name, (query, variables) in query_ops(world, world.mine[0], world.my_contact, world.my_staff).items():
        body = (await post(query, variables, world.writer)).json()
        assert body.get("errors"), name
        assert "lacks the 'read' scope" in body["errors"][0]["message"], (name, body)
