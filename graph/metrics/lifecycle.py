"""Whether an account is still a customer as of an instant: a churned one has nothing left to lose.

An account is churned as of an instant when its `lifecycleStage` is churned and its `churnedAt` is at or
before that instant. Before `churnedAt` it was still a customer, as the backtest (`graph.backtest`) and
every as-of computation read it. A churned account without a `churnedAt` (ingestion refuses one, so only a
hand-written graph holds it) counts as churned at every instant: there is no date to tell since when. An
account whose stage is no longer churned (won back) is a customer whatever its old `churnedAt` says: the
graph keeps no date of the return, so the stage of today decides.

The same rule is written in Cypher where the portfolio is read from the materialized metrics
(`queries/api/api_portfolio_summary.cypher`, `api_top_priority_at_risk.cypher`): keep them together.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, time
from typing import Any

__all__ = ["CHURNED", "churned_as_of"]

CHURNED = "churned"


def churned_as_of(account: Mapping[str, Any], as_of: datetime | None) -> bool:
    """True when `account` (its properties: ``lifecycleStage``, ``churnedAt``) had churned by `as_of`.

    Parameters
    ----------
    account : mapping
        The account's properties as stored (camelCase).
    as_of : datetime, optional
        The instant asked about; None asks about the stage alone (churned now).

    Examples
    --------
    >>> from datetime import timedelta
    >>> day = datetime(2025, 9, 1, tzinfo=UTC)
    >>> gone = {"lifecycleStage": "churned", "churnedAt": day}
    >>> churned_as_of(gone, day), churned_as_of(gone, day - timedelta(seconds=1))
    (True, False)
    >>> churned_as_of({"lifecycleStage": "active", "churnedAt": datetime(2024, 1, 1, tzinfo=UTC)}, None)
    False
    """
    if account.get("lifecycleStage") != CHURNED:
        return False
    churned_at = _aware(account.get("churnedAt"))
    return churned_at is None or as_of is None or churned_at <= as_of


def _aware(value: Any) -> datetime | None:
    # Stored instants come back aware; a date or a naive datetime (a hand-written graph) is taken as UTC.
    if value is None:
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime.combine(value, time(), tzinfo=UTC)
    raise TypeError(f"churnedAt is not a date or datetime: {value!r}")
