"""What an ingestion did with each row: inserted, updated, duplicate or rejected (line, field and reason)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from graph.reasons import FILE_WORDING, Part, Wording

__all__ = ["FieldError", "IngestReport", "Outcome", "RowOutcome"]


class Outcome(StrEnum):
    """The fate of one row.

    `duplicate` means the row changed nothing: an interaction whose (source, key) is already stored
    with the same properties, or an account, contact, staff member or coverage whose stored values
    already equal the row's.
    """

    INSERTED = "inserted"
    UPDATED = "updated"
    DUPLICATE = "duplicate"
    REJECTED = "rejected"


@dataclass(frozen=True)
class FieldError:
    """Why a row was rejected: the (snake_case) field at fault (`""` for the whole row) and a sentence,
    plain or in parts that name fields and rows (`graph.reasons`), worded when read."""

    field: str
    reason: str | tuple[Part, ...]

    def describe(self, wording: Wording = FILE_WORDING) -> str:
        """`field: reason` as `wording`'s reader spells fields and rows (the reason alone for a whole row)."""
        text = wording.render(self._parts)
        return f"{wording.field(self.field)}: {text}" if self.field else text

    @property
    def message(self) -> str:
        """The reason alone, worded for a file."""
        return FILE_WORDING.render(self._parts)

    @property
    def _parts(self) -> tuple[Part, ...]:
        return (self.reason,) if isinstance(self.reason, str) else self.reason

    def __str__(self) -> str:
        return self.describe()


@dataclass(frozen=True)
class RowOutcome:
    """One row's outcome. `index` counts input rows from 0; `line` is the file line (else index + 1)."""

    index: int
    line: int
    outcome: Outcome
    key: str | None = None
    errors: tuple[FieldError, ...] = ()

    @property
    def field(self) -> str:
        """The first field at fault (`""` when none or the whole row)."""
        return self.errors[0].field if self.errors else ""

    @property
    def message(self) -> str:
        """Every reason, joined by `; `, worded for a file (snake_case fields, lines)."""
        return self.describe(FILE_WORDING)

    def describe(self, wording: Wording) -> str:
        """Every reason, joined by `; `, as `wording`'s reader spells fields and rows."""
        return "; ".join(e.describe(wording) for e in self.errors)


@dataclass
class IngestReport:
    """Counts of every outcome, the rejected rows, and the accounts whose metrics the rows may have changed.

    `outcomes` holds every row's outcome when the caller asked to keep them (the API does, for its
    per-record answer); `rejected` always holds the rejected rows unless a reject callback took them.
    """

    kind: str
    inserted: int = 0
    updated: int = 0
    duplicate: int = 0
    rejected: int = 0
    rejects: list[RowOutcome] = field(default_factory=list)
    outcomes: list[RowOutcome] = field(default_factory=list)
    touched_accounts: set[str] = field(default_factory=set)
    batches: int = 0
    seconds: float = 0.0
    refresh_seconds: float = 0.0
    interrupted: bool = False
    """Stopped on request before the end of the input (`ingest(stop=...)`): see `last_line`."""
    last_line: int = 0
    """The last input line accounted for: every row up to it has its outcome."""

    @property
    def rows(self) -> int:
        """Every row seen: inserted + updated + duplicate + rejected."""
        return self.inserted + self.updated + self.duplicate + self.rejected

    @property
    def ok(self) -> bool:
        return self.rejected == 0

    def count(self, outcome: Outcome) -> None:
        setattr(self, outcome.value, getattr(self, outcome.value) + 1)

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "rows": self.rows,
            "inserted": self.inserted,
            "updated": self.updated,
            "duplicate": self.duplicate,
            "rejected": self.rejected,
            "seconds": round(self.seconds, 3),
            "interrupted": self.interrupted,
            "last_line": self.last_line,
        }
