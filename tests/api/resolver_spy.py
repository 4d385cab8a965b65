"""A schema extension that wraps every resolver and notes each field it sees (tests of the executors)."""

from __future__ import annotations

from typing import Any

from strawberry.extensions import SchemaExtension


def resolver_spy(seen: list[str]) -> type[SchemaExtension]:
    """An extension class whose `resolve` hook appends each resolved field's name to `seen`."""

    class Spy(SchemaExtension):
        def resolve(self, _next: Any, root: Any, info: Any, *args: Any, **kwargs: Any) -> Any:
            seen.append(info.field_name)
            return _next(root, info, *args, **kwargs)

    return Spy
