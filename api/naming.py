"""The schema's name converter, remembering what it converted.

Strawberry converts a field's argument names from Python to GraphQL (`as_of` -> `asOf`) on every request
that passes arguments (`strawberry.types.arguments.convert_arguments`): `to_camel_case` on each name,
2-3% of the CPU of a request for one account's risk (in-process, Neo4j's answers canned). The
conversion depends only on the name and the camelCase setting, and the names are the schema's.
"""

from __future__ import annotations

from strawberry.schema.name_converter import NameConverter

__all__ = ["RememberingNameConverter"]


class RememberingNameConverter(NameConverter):
    """Strawberry's `NameConverter`, with each name's conversion made once."""

    def __init__(self, auto_camel_case: bool = True) -> None:
        super().__init__(auto_camel_case)
        self._converted: dict[tuple[bool, str], str] = {}

    def apply_naming_config(self, name: str) -> str:
        key = (self.auto_camel_case, name)  # StrawberryConfig may set auto_camel_case after construction
        converted = self._converted.get(key)
        if converted is None:
            converted = self._converted[key] = super().apply_naming_config(name)
        return converted
