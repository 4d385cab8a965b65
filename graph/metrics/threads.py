"""Thread strength: the sum of the weights of the interactions one staff member and one contact shared."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

from graph.metrics.parameters import MetricParameters
from graph.metrics.weights import age_days, interaction_weight

__all__ = ["REPLY_DIRECTIONS", "thread_rows", "thread_strength"]

# A contact has answered once a touch came from them or was mutual.
REPLY_DIRECTIONS = frozenset({"inbound", "mutual"})


def thread_strength(
    interactions: Iterable[Mapping[str, Any]], as_of: datetime, params: MetricParameters | None = None
) -> float:
    """Strength of one thread from the interactions its two people shared.

    Parameters
    ----------
    interactions : iterable of mappings
        Each with ``channel``, ``direction`` and ``occurred_at``.
    as_of : datetime
        The instant the strength is asked for; later interactions do not count.
    params : MetricParameters, optional

    Returns
    -------
    float
        The sum of the interactions' weights; when none of them within the look-back is inbound or mutual
        (the contact never answered) only ``one_way_fraction`` of that sum.

    Examples
    --------
    >>> from datetime import datetime, UTC
    >>> now = datetime(2026, 6, 1, tzinfo=UTC)
    >>> thread_strength([{"channel": "email", "direction": "outbound", "occurred_at": now}], now)
    0.2
    >>> thread_strength([{"channel": "email", "direction": "inbound", "occurred_at": now}], now)
    1.5
    """
    p = params or MetricParameters()
    total = 0.0
    replied = False
    for i in interactions:
        w = interaction_weight(i["channel"], i["direction"], i["occurred_at"], as_of, p)
        if w > 0:
            total += w
            replied = replied or i["direction"] in REPLY_DIRECTIONS
    return total if replied else total * p.one_way_fraction


def thread_rows(
    interactions: Iterable[Mapping[str, Any]], as_of: datetime, params: MetricParameters | None = None
) -> list[dict[str, Any]]:
    """Every thread of a set of interactions, shaped like the rows of the `account_snapshots` query.

    Parameters
    ----------
    interactions : iterable of mappings
        Each with ``channel``, ``direction``, ``occurred_at``, ``staff_keys`` and ``contact_keys``.
    as_of : datetime
    params : MetricParameters, optional

    Returns
    -------
    list of dict
        One per (staff, contact) pair that shared an interaction within the look-back of `as_of` or of the
        momentum window before it: ``staffKey, contactKey, strength, strengthBefore, interactions,
        replies, lastAt``; sorted by staff then contact key.

    Notes
    -----
    This is the pure Python twin of the aggregation Neo4j does; `tests/metrics` checks both agree.
    """
    p = params or MetricParameters()
    before = as_of - timedelta(days=p.momentum_window_days)
    shared: dict[tuple[str, str], list[Mapping[str, Any]]] = {}
    for i in interactions:
        age = age_days(i["occurred_at"], as_of)
        if age < 0 or age >= p.lookback_days + p.momentum_window_days:
            continue
        for s in i["staff_keys"]:
            for c in i["contact_keys"]:
                shared.setdefault((s, c), []).append(i)
    rows = []
    for (s, c), items in sorted(shared.items()):
        now_items = [i for i in items if 0 <= age_days(i["occurred_at"], as_of) < p.lookback_days]
        rows.append(
            {
                "staffKey": s,
                "contactKey": c,
                "strength": thread_strength(now_items, as_of, p),
                "strengthBefore": thread_strength(items, before, p),
                "interactions": len(now_items),
                "replies": sum(1 for i in now_items if i["direction"] in REPLY_DIRECTIONS),
                "lastAt": max((i["occurred_at"] for i in now_items), default=None),
            }
        )
    return rows
