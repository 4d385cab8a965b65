"""Champion moves: a contact who left an account and now works at another: a risk there, a door here."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from graph.metrics.parameters import MetricParameters
from graph.metrics.precision import measure
from graph.metrics.roles import contact_role

__all__ = ["ChampionMove", "champion_moves"]


@dataclass(frozen=True)
class ChampionMove:
    """One move: who, in which role, from which account (when they left) to which one (since when).

    `role`, `title` and `seniority` are those the contact held at the account they left (kept on that
    employment), not what they are at the new one.
    """

    contact_key: str
    contact_name: str
    role: str
    role_inferred: bool
    from_account_key: str
    from_account_name: str
    left_at: datetime | None
    to_account_key: str
    to_account_name: str
    since: datetime | None
    strength: float
    title: str | None = None
    seniority: str | None = None


def champion_moves(
    rows: Iterable[Mapping[str, Any]],
    as_of: datetime,
    params: MetricParameters | None = None,
    *,
    within_days: int | None = None,
    roles: Iterable[str] | None = None,
) -> list[ChampionMove]:
    """Keep the moves that had happened by `as_of`, strongest relationship first.

    Parameters
    ----------
    rows : iterable of mappings
        Rows of the `champion_moves` query: ``contactKey, contactName, role, title, seniority,
        fromAccountKey, fromAccountName, leftAt, toAccountKey, toAccountName, since, strength``
        (role, title and seniority: those held at the account left).
    as_of : datetime
    params : MetricParameters, optional
    within_days : int, optional
        Only moves whose departure is at most this many days before `as_of`.
    roles : iterable of str, optional
        Only contacts of these roles (inferred roles count); all when omitted.

    Examples
    --------
    >>> from datetime import datetime, UTC
    >>> row = {"contactKey": "c1", "contactName": "Ann", "role": "champion", "fromAccountKey": "A",
    ...        "fromAccountName": "Acme", "leftAt": datetime(2026, 3, 1, tzinfo=UTC), "toAccountKey": "B",
    ...        "toAccountName": "Beta", "since": datetime(2026, 3, 15, tzinfo=UTC), "strength": 4.0}
    >>> [m.to_account_name for m in champion_moves([row], datetime(2026, 6, 1, tzinfo=UTC))]
    ['Beta']
    >>> champion_moves([row], datetime(2026, 3, 10, tzinfo=UTC))
    []
    """
    p = params or MetricParameters()
    wanted = set(roles) if roles is not None else None
    earliest = as_of - timedelta(days=within_days) if within_days is not None else None
    out = []
    for r in rows:
        left, since = r.get("leftAt"), r.get("since")
        if left is None or left > as_of or (since is not None and since > as_of):
            continue
        if earliest is not None and left < earliest:
            continue
        role, inferred = contact_role(
            {"role": r.get("role"), "title": r.get("title"), "seniority": r.get("seniority")}, p
        )
        if wanted is not None and role not in wanted:
            continue
        out.append(
            ChampionMove(
                r["contactKey"],
                r.get("contactName") or r["contactKey"],
                role,
                inferred,
                r["fromAccountKey"],
                r.get("fromAccountName") or r["fromAccountKey"],
                left,
                r["toAccountKey"],
                r.get("toAccountName") or r["toAccountKey"],
                since,
                # A sum of stored strengths (each already rounded) carries float noise.
                measure(float(r.get("strength") or 0.0)),
                r.get("title"),
                r.get("seniority"),
            )
        )
    return sorted(out, key=lambda m: (-m.strength, m.contact_key, m.to_account_key))
