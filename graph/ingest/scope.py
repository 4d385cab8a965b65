"""What a writer limited to some accounts (a partner's API key) may write, and how it is refused.

Such a writer may touch only its accounts' data, and finds nothing else: a contact or staff member its
reads would not show is an unknown key to its writes too, so that a write never tells it what exists
elsewhere. A stored record of another account that its row would overwrite (an interaction replayed
under the same (source, key), a contact who works or worked elsewhere) is refused as out of scope.
Nor may it name, in an interaction, a contact who works or worked elsewhere: the threads with them count
toward every account they work or worked at. Such a contact is unknown to it, as one it cannot see.
The API refuses rows that name another account before they reach ingestion, in the same words.
"""

from __future__ import annotations

from collections.abc import Sequence

from graph.ingest.report import FieldError

__all__ = ["OUT_OF_SCOPE", "Allowed", "out_of_scope"]

Allowed = Sequence[str] | None
"""The accounts a writer may write (None: every account)."""

OUT_OF_SCOPE = "outside the accounts this API key may write"


def out_of_scope(field: str) -> FieldError:
    """The rejection of a row whose `field` (snake_case) names something outside the writer's accounts."""
    return FieldError(field, OUT_OF_SCOPE)
