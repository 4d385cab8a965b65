"""Rows -> validated records or rejects: one row's fields checked against its record type, and repeats of a
row identity anywhere in one input found (`Validator`). Nothing here talks to Neo4j."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from pydantic.alias_generators import to_camel

from graph.ingest.report import FieldError, Outcome, RowOutcome
from graph.ingest.seen import SeenIndex
from graph.reasons import RowAt
from graph.records import (
    RECORD_TYPES,
    ContactRecord,
    CoverageRecord,
    InteractionRecord,
    Kind,
    Record,
    field_reasons,
)

__all__ = ["Item", "SourceRow", "Validator", "parse_kind", "raw_key", "record_key", "reject"]


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

    `check` validates one row; `unique` then takes a batch of validated rows and rejects each repeat on
    `key` (the identity, as the outcome's key shows it) with the line of the identity's first occurrence.
    Memory stays bounded however long the input: the first lines live in a `SeenIndex` (in memory up to
    a limit, then in a temporary file).
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
            errors = [FieldError(f, parts) for f, parts in field_reasons(exc)]
            return reject(row, errors, key=raw_key(self.kind, row.data))

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
            reason = ("duplicate of ", RowAt(first), f" ({_describe(identity)})")
            outcome = reject(row, [FieldError("key", reason)], key=record_key(record))
            repeats.append((outcome, row))
        return kept, repeats

    def close(self) -> None:
        """Release the duplicate index (and its temporary file)."""
        self.seen.close()


_KEY_PARTS: dict[Kind, tuple[str, ...]] = {
    Kind.ACCOUNTS: ("key",),
    Kind.CONTACTS: ("key",),
    Kind.STAFF: ("key",),
    Kind.COVERAGE: ("staff_key", "account_key", "role"),
    Kind.INTERACTIONS: ("source", "key"),
}
"""The fields an outcome's key is made of, per kind."""


def _join_key(parts: list[str]) -> str:
    """One part as it is; several joined by `/`, each with `%` and `/` escaped (`%25`, `%2F`) so that
    splitting on `/` gives them back (interaction (`a/b`, `x`) is `a%2Fb/x`, (`a`, `b/x`) is `a/b%2Fx`)."""
    if len(parts) == 1:
        return parts[0]
    return "/".join(p.replace("%", "%25").replace("/", "%2F") for p in parts)


def record_key(record: Record) -> str:
    """The key an outcome reports for a record: its key, or for an interaction `source/key` and for a
    coverage `staff_key/account_key/role` (see `_join_key`)."""
    return _join_key([str(getattr(record, name)) for name in _KEY_PARTS[record.kind]])


def raw_key(kind: Kind, data: Mapping[str, Any] | None) -> str | None:
    """The key `record_key` would report, read from a row that failed validation; None when a part is
    missing (snake_case or camelCase names, values stripped as the records strip them)."""
    if data is None:
        return None
    parts: list[str] = []
    for name in _KEY_PARTS[kind]:
        value = data.get(name)
        if value is None or value == "":
            value = data.get(to_camel(name))
        if isinstance(value, str):
            value = value.strip()
        if value is None or value == "" or isinstance(value, (Mapping, list, tuple, set)):
            return None
        parts.append(str(value))
    return _join_key(parts)


def reject(row: SourceRow, errors: Iterable[FieldError], key: str | None = None) -> RowOutcome:
    """The `rejected` outcome of `row` for `errors`, reporting `key`."""
    return RowOutcome(row.index, row.line, Outcome.REJECTED, key, tuple(errors))
