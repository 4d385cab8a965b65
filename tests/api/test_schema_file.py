# ruff: noqa: E501  (GraphQL documents read best unwrapped)
"""schema.graphql at the repository root is what `strawberry export-schema api.schema:schema` prints."""

from __future__ import annotations

from pathlib import Path

from strawberry.printer import print_schema

from api.schema import schema

ROOT = Path(__file__).resolve().parents[2]


def test_committed_schema_has_not_drifted() -> None:
    committed = (ROOT / "schema.graphql").read_text()
    assert committed.strip() == print_schema(schema).strip(), (
        "schema.graphql is stale: run `make schema` (strawberry export-schema api.schema:schema --output schema.graphql)"
    )


def test_every_type_field_and_argument_is_described() -> None:
    from graphql import GraphQLInputObjectType, GraphQLInterfaceType, GraphQLObjectType

    missing = []
    for name, t in schema._schema.type_map.items():
        if name.startswith("__") or name in ("String", "Int", "Float", "Boolean", "ID", "DateTime"):
            continue
        if not t.description:
            missing.append(name)
        if isinstance(t, (GraphQLObjectType, GraphQLInterfaceType, GraphQLInputObjectType)):
            for field_name, f in t.fields.items():
                if not f.description:
                    missing.append(f"{name}.{field_name}")
                missing += [
                    f"{name}.{field_name}({a})"
                    for a, arg in getattr(f, "args", {}).items()
                    if not arg.description
                ]
    assert not missing, missing
