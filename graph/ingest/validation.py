"""Rows -> validated records or rejects: one row's fields checked against its record type, and repeats of a
row identity anywhere in one input found (`Validator`). Nothing here talks to Neo4j."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from graph.ingest.report import FieldError, Outcome, RowOutcome
from graph.ingest.seen import SeenIndex
from graph.records import (
    RECORD_TYPES,
    ContactRecord,
    CoverageRecord,
    InteractionRecord,
    Kind,
    Record,
    field_errors,
)

__all__ = ["Item", "SourceRow", "Validator", "parse_kind", "record_key", "reject"]


@dataclass(frozen=True)
class SourceRow:
    """One input row: its position, its file line, its fields (None when it could not be parsed), and the
    raw text or mapping a rejects file writes back unchanged."""

    index: int
    line: int
    data: Mapping[str, Any] | None
    raw: Any = None
    error: str | None = None


Item = tuple[SourceRow, Record]
"""A validated row: where it came from, and its record."""


def parse_kind(value: str) -> Kind:
    """`"contacts"`, `"contact"`, `"CONTACTS"` -> `Kind.CONTACTS`; ValueError naming the kinds otherwise."""
    text = value.strip().lower()
    for kind in Kind:
        if text in (kind.value, kind.value.rstrip("s")):
            return kind
    raise ValueError(f"unknown kind {value!r}; expected one of {', '.join(k.value for k in Kind)}")


def _identity(record: Record) -> tuple[Any, ...]:
    """What makes two rows of one input the same row (a repeat of it is a duplicate-in-file)."""
    if isinstance(record, InteractionRecord):
        return (record.source, record.key)
    if isinstance(record, CoverageRecord):
        return (record.staff_key, record.account_key, record.role)
    if isinstance(record, ContactRecord):
        # A contact may appear once per employment, so that a file can carry a move as history.
        return (record.key, record.account_key, record.since)
    return (record.key,)  # type: ignore[attr-defined]


def _describe(identity: tuple[Any, ...]) -> str:
    return ", ".join(str(part) for part in identity if part is not None)


class Validator:
    """Validates rows of one kind and finds repeats of a row identity anywhere in one input.

    `check` validates one row; `unique` then takes a batch of validated rows and rejects each repeat
    with the line of the identity's first occurrence. Memory stays bounded however long the input:
    the first lines live in a `SeenIndex` (in memory up to a limit, then in a temporary file).
    """

    def __init__(self, kind: Kind, *, seen: SeenIndex | None = None) -> None:
        self.kind = kind
        self.model = RECORD_TYPES[kind]
        self.seen = seen if seen is not None else SeenIndex()

    def check(self, row: SourceRow) -> Record | RowOutcome:
        """The validated record, or the row's `rejected` outcome with every field error."""
        if row.data is None:
            return reject(row, [FieldError("", row.error or "the row could not be read")])
        try:
            return self.model.model_validate(row.data)
        except ValidationError as exc:
            errors = [FieldError(f, m) for f, m in field_errors(exc)]
            return reject(row, errors)

    def unique(self, items: list[Item]) -> tuple[list[Item], list[tuple[RowOutcome, SourceRow]]]:
        """Split validated rows, in input order, into first occurrences and rejected repeats."""
        identities = [_identity(record) for _, record in items]
        firsts = self.seen.first_lines(
            [(hash(i), row.line) for i, (row, _) in zip(identities, items, strict=True)]
        )
        kept: list[Item] = []
        repeats: list[tuple[RowOutcome, SourceRow]] = []
        for item, identity, first in zip(items, identities, firsts, strict=True):
            if first is None:
                kept.append(item)
                continue
            row, record = item
            message = f"duplicate of line {first} ({_describe(identity)})"
            outcome = reject(row, [FieldError(_IDENTITY_FIELD[self.kind], message)], key=record_key(record))
            repeats.append((outcome, row))
        return kept, repeats

    def close(self) -> None:
        """Release the duplicate index (and its temporary file)."""
        self.seen.close()


_IDENTITY_FIELD = {
    Kind.ACCOUNTS: "key",
    Kind.CONTACTS: "key",
    Kind.STAFF: "key",
    Kind.COVERAGE: "role",
    Kind.INTERACTIONS: "key",
}


def record_key(record: Record) -> str:
    """The key an outcome reports for a record (`source/key` for an interaction)."""
    if isinstance(record, CoverageRecord):
        return f"{record.staff_key}/{record.account_key}/{record.role.value}"
    if isinstance(record, InteractionRecord):
        return f"{record.source}/{record.key}"
    return record.key  # type: ignore[attr-defined,no-any-return]


def _raw_key(row: SourceRow) -> str | None:
    if row.data is None:
        return None
    value = row.data.get("key")
    return str(value) if value is not None else None


def reject(row: SourceRow, errors: Iterable[FieldError], key: str | None = None) -> RowOutcome:
    """The `rejected` outcome of `row` for `errors` (its key, when not given, as the row spells it)."""
    return RowOutcome(row.index, row.line, Outcome.REJECTED, key or _raw_key(row), tuple(errors))
