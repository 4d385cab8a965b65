"""Interaction weight: how much one touch says about a relationship as of an instant."""

from __future__ import annotations

from datetime import datetime

from graph.metrics.parameters import MetricParameters

__all__ = ["age_days", "decay", "interaction_weight"]

_SECONDS_PER_DAY = 86400.0


def age_days(occurred_at: datetime, as_of: datetime) -> float:
    """Days from `occurred_at` to `as_of` (negative when the interaction is later).

    Examples
    --------
    >>> from datetime import datetime, UTC
    >>> age_days(datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 1, 11, 12, tzinfo=UTC))
    10.5
    """
    return (as_of - occurred_at).total_seconds() / _SECONDS_PER_DAY


def decay(age: float, half_life_days: float) -> float:
    """The factor `2^(-age / half_life)`: 1 today, 1/2 after one half-life.

    Examples
    --------
    >>> decay(45.0, 45.0)
    0.5
    >>> decay(0.0, 45.0)
    1.0
    """
    return 2.0 ** (-age / half_life_days)


def interaction_weight(
    channel: str,
    direction: str,
    occurred_at: datetime,
    as_of: datetime,
    params: MetricParameters | None = None,
) -> float:
    """Weight of one interaction as of `as_of`.

    Parameters
    ----------
    channel, direction : str
        The interaction's channel (`meeting`, `email`, ...) and direction (`inbound`, `outbound`, `mutual`).
    occurred_at, as_of : datetime
        When it happened, and the instant the weight is asked for (both timezone-aware).
    params : MetricParameters, optional
        Channel weights, reciprocity, half-life and look-back; the defaults when omitted.

    Returns
    -------
    float
        ``channelWeight(channel) * reciprocity(direction) * 2^(-ageDays / halfLifeDays)``, or 0 when the
        interaction is later than `as_of` or at least `lookback_days` older.

    Notes
    -----
    The Cypher statement `account_snapshots` computes the same weight inside Neo4j; a test checks both
    agree on stored data. The one-way discount applies to a thread, not to one interaction (see
    `graph.metrics.threads`).

    Examples
    --------
    >>> from datetime import datetime, timedelta, UTC
    >>> now = datetime(2026, 6, 1, tzinfo=UTC)
    >>> interaction_weight("meeting", "outbound", now - timedelta(days=45), now)
    1.5
    >>> interaction_weight("meeting", "outbound", now + timedelta(days=1), now)
    0.0
    """
    p = params or MetricParameters()
    age = age_days(occurred_at, as_of)
    if age < 0 or age >= p.lookback_days:
        return 0.0
    return p.channel_weight(channel) * p.reciprocity.get(direction, 1.0) * decay(age, p.half_life_days)
