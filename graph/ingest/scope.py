"""What a writer limited to some accounts (a partner's API key) may write, and how it is refused.

Such a writer may touch only its accounts' data, and finds nothing else: a contact or staff member its
reads would not show is an unknown key to its writes too, so that a write never tells it what exists
elsewhere. A stored record of another account that its row would overwrite (an interaction replayed
under the same (source, key), a contact who works or worked elsewhere) is refused as out of scope.
Nor may it name, in an interaction, a contact who works or worked elsewhere: the threads with them count
toward every account they work or worked at. Such a contact is unknown to it, as one it cannot see.
A row that names another account in its own account field (`account_field`) is refused as out of
scope too, after validation (so the key it reports and the value it compares are the record's, stripped).
Refusals are not silent: refusing to overwrite a stored record tells the writer that its key is taken
elsewhere, though nothing of the record (docs/security.md); a row naming another account is refused
whether that account exists or not.
"""

from __future__ import annotations

from collections.abc import Sequence

from graph.ingest.report import FieldError
from graph.records import Kind

__all__ = ["OUT_OF_SCOPE", "Allowed", "account_field", "out_of_scope"]

Allowed = Sequence[str] | None
"""The accounts a writer may write (None: every account)."""

OUT_OF_SCOPE = "outside the accounts this API key may write"


def out_of_scope(field: str) -> FieldError:
    """The rejection of a row whose `field` (snake_case) names something outside the writer's accounts."""
    return FieldError(field, OUT_OF_SCOPE)


_ACCOUNT_FIELD = {
    Kind.ACCOUNTS: "key",
    Kind.CONTACTS: "account_key",
    Kind.COVERAGE: "account_key",
    Kind.INTERACTIONS: "account_key",
}


def account_field(kind: Kind) -> str | None:
    """The field (snake_case) naming the account a record of `kind` belongs to; None for staff, who
    belong to no account, so that a writer limited to some accounts writes none of them."""
    return _ACCOUNT_FIELD.get(kind)
