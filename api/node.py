"""`node(id:)`: any object by its Relay global id (base64 of `Type:key`), null when the id names none.

Strawberry's `relay.node()` answered a well-formed id of a type that is no Node here (`Interaction:x`,
`Foo:bar`, `account:ACC-1` in lower case, `:ACC-1`) with a masked "Unexpected error." (its
`GlobalIDValueError`). Such an id names no object, so it answers null, as an id of another Node type
(`Contact:ACC-1`) or of an account outside the API key's accounts already does. Only an id that is no
global id at all (not base64, no `:`) is the client's error, with Strawberry's message.

Ids are read as cursors are (`api.pagination`): with or without base64's `=` padding, in the standard or
the URL-safe alphabet. The ids the API issues are Strawberry's: standard base64, padded.
"""

from __future__ import annotations

import binascii
from typing import Annotated, Any

import strawberry
from strawberry import relay
from strawberry.relay import InvalidGlobalIDError
from strawberry.types.base import StrawberryObjectDefinition
from strawberry.types.cast import cast as strawberry_cast
from strawberry.utils.await_maybe import await_maybe

from api.pagination import decode_base64
from api.permissions import READ

__all__ = ["NodeQuery", "parse_global_id"]


def parse_global_id(value: str) -> tuple[str, str]:
    """(type name, node id) of a global id, padded or not; `InvalidGlobalIDError` if it is none."""
    try:
        type_name, sep, node_id = decode_base64(value).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        sep = ""
    if not sep:
        raise InvalidGlobalIDError(f'Value cannot represent a GlobalID: "{value}".')
    return type_name, node_id


def _node_type(info: strawberry.Info, type_name: str) -> type[relay.Node] | None:
    """The Node object type called `type_name` in the schema, or None (no such type, or no Node)."""
    definition = info.schema.get_type_by_name(type_name)
    if not isinstance(definition, StrawberryObjectDefinition) or definition.is_interface:
        return None
    origin = definition.origin
    return origin if isinstance(origin, type) and issubclass(origin, relay.Node) else None


@strawberry.type
class NodeQuery:
    @strawberry.field(description="Any object by its global id (Account, Contact, Staff).",
                      permission_classes=READ)
    async def node(
        self,
        info: strawberry.Info,
        global_id: Annotated[
            strawberry.ID, strawberry.argument(name="id", description="The ID of the object.")
        ],
    ) -> relay.Node | None:
        type_name, node_id = parse_global_id(global_id)
        node_type = _node_type(info, type_name)
        if node_type is None:
            return None
        node: Any = await await_maybe(node_type.resolve_node(node_id, info=info, required=False))
        # Cast, so that graphql-core does not ask each Node type whether the object is of it.
        return None if node is None else strawberry_cast(node_type, node)
