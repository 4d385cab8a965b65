"""How many decimals a metric keeps: one rule for what a refresh stores and what is computed on request.

Every number leaves the metrics rounded here, once, where it is produced (`graph.metrics.account`,
`champions`, `paths`, `cost`), so the same field has the same precision whether it was materialized
by a refresh or computed for an `asOf` or a `without`. Computations inside the metrics keep full
precision; only their results are rounded.
"""

from __future__ import annotations

__all__ = ["MEASURE_DECIMALS", "MONEY_DECIMALS", "POINTS_DECIMALS", "measure", "money", "points"]

MEASURE_DECIMALS = 4
"""Strengths, values, momentum, shares, effective contacts, severities: 4 decimals."""

MONEY_DECIMALS = 2
"""Cost to Engage, gross profit, contribution margin, value at risk: cents."""

POINTS_DECIMALS = 2
"""Scores on a 0-100 scale (risk score and its contributions, depth score)."""


def measure(x: float) -> float:
    """A measure rounded to `MEASURE_DECIMALS`.

    Examples
    --------
    >>> measure(1.7958153031205948)
    1.7958
    """
    return round(float(x), MEASURE_DECIMALS)


def money(x: float) -> float:
    """An amount of money rounded to `MONEY_DECIMALS`.

    Examples
    --------
    >>> money(5388.340333333332)
    5388.34
    """
    return round(float(x), MONEY_DECIMALS)


def points(x: float) -> float:
    """Points of a 0-100 score rounded to `POINTS_DECIMALS`.

    Examples
    --------
    >>> points(30.337200000000006)
    30.34
    """
    return round(float(x), POINTS_DECIMALS)
