"""Why a record was refused, worded for whoever reads it.

The same reasons reach two readers: someone fixing a file (`relgraph import`: snake_case columns, file
lines) and an API client fixing a list of records (camelCase fields, 0-based indexes). A reason keeps the
field names and the other row it points at as parts, not text, until a `Wording` renders it, so each
reader gets their own names from one validation.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from pydantic.alias_generators import to_camel

__all__ = ["FILE_WORDING", "LIST_WORDING", "FieldName", "Part", "RowAt", "Wording"]


@dataclass(frozen=True)
class FieldName:
    """A record field named inside a reason (snake_case, as the record declares it)."""

    name: str


@dataclass(frozen=True)
class RowAt:
    """Another row of the same input, by its line (for a list of records, the line is index + 1)."""

    line: int


Part = str | FieldName | RowAt
"""A piece of a reason: plain text, a field, or another row."""


@dataclass(frozen=True)
class Wording:
    """How one reader spells field names and points at rows."""

    field: Callable[[str], str]
    """A snake_case field name as this reader knows it."""
    row: Callable[[RowAt], str]
    """Another row, as this reader finds it."""

    def render(self, parts: Iterable[Part]) -> str:
        """The reason as one sentence for this reader."""
        return "".join(
            self.field(p.name) if isinstance(p, FieldName) else self.row(p) if isinstance(p, RowAt) else p
            for p in parts
        )


FILE_WORDING = Wording(field=lambda name: name, row=lambda row: f"line {row.line}")
"""For files (`relgraph import`, its rejects file): snake_case columns, file lines."""

LIST_WORDING = Wording(field=to_camel, row=lambda row: f"index {row.line - 1}")
"""For lists of records (the GraphQL mutations): camelCase fields, 0-based positions in the list."""
