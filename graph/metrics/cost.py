"""Cost to Engage, contribution margin and value at risk: what a relationship costs and what is at stake."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from graph.metrics.parameters import MetricParameters
from graph.metrics.precision import money

__all__ = ["contribution_margin", "cost_to_engage", "interaction_cost", "period_margin", "value_at_risk"]


def interaction_cost(
    channel: str,
    *,
    cost: float | None = None,
    duration_minutes: float | None = None,
    staff_cost_per_hour: Iterable[float] = (),
    params: MetricParameters | None = None,
) -> float:
    """The variable cost of one interaction.

    Returns
    -------
    float
        The interaction's own `cost` when known; else its duration times the participating staff's
        summed cost per hour; else the channel's default unit cost.

    Examples
    --------
    >>> interaction_cost("meeting", cost=99.0)
    99.0
    >>> interaction_cost("meeting", duration_minutes=30, staff_cost_per_hour=[100.0, 60.0])
    80.0
    >>> interaction_cost("email")
    8.0
    """
    if cost is not None:
        return float(cost)
    per_hour = sum(x for x in staff_cost_per_hour if x)
    if duration_minutes and per_hour > 0:
        return duration_minutes / 60.0 * per_hour
    return (params or MetricParameters()).channel_unit_cost(channel)


def cost_to_engage(
    interactions: Iterable[Mapping[str, Any]],
    as_of: datetime,
    params: MetricParameters | None = None,
    *,
    start: datetime | None = None,
) -> float:
    """Cost to Engage: the summed cost of an account's interactions in [`start`, `as_of`).

    Parameters
    ----------
    interactions : iterable of mappings
        Each with ``channel``, ``occurred_at`` and optionally ``cost``, ``duration_minutes`` and
        ``staff_cost_per_hour`` (the participating staff's rates).
    as_of : datetime
        The end of the period (exclusive).
    start : datetime, optional
        The start of the period (inclusive); default ``cost_window_days`` before `as_of`.

    Examples
    --------
    >>> from datetime import datetime, timedelta, UTC
    >>> now = datetime(2026, 6, 1, tzinfo=UTC)
    >>> touches = [{"channel": "email", "occurred_at": now - timedelta(days=1)},
    ...            {"channel": "call", "occurred_at": now - timedelta(days=365)},
    ...            {"channel": "meeting", "occurred_at": now}]
    >>> cost_to_engage(touches, now)
    68.0
    """
    p = params or MetricParameters()
    begin = start if start is not None else p.cost_start(as_of)
    total = 0.0
    for i in interactions:
        if begin <= i["occurred_at"] < as_of:
            total += interaction_cost(
                i["channel"],
                cost=i.get("cost"),
                duration_minutes=i.get("duration_minutes"),
                staff_cost_per_hour=i.get("staff_cost_per_hour") or (),
                params=p,
            )
    return total


def contribution_margin(annual_revenue: float | None, gross_margin_rate: float | None, cost: float) -> float:
    """``revenue * gross margin rate - Cost to Engage`` (missing revenue or rate count as 0).

    Examples
    --------
    >>> contribution_margin(100_000.0, 0.6, 5_000.0)
    55000.0
    """
    return (annual_revenue or 0.0) * (gross_margin_rate or 0.0) - cost


def period_margin(
    annual_revenue: float | None,
    gross_margin_rate: float | None,
    cost: float,
    start: datetime,
    end: datetime,
) -> tuple[float, float]:
    """The gross profit of [`start`, `end`) (the annual one prorated by days) and what `cost` leaves of it.

    Both are rounded to cents (`graph.metrics.precision.money`), as the materialized money fields are.

    Examples
    --------
    >>> from datetime import datetime, UTC
    >>> period_margin(365_000.0, 0.5, 5388.340333333332, datetime(2026, 1, 1, tzinfo=UTC),
    ...               datetime(2026, 1, 31, tzinfo=UTC))
    (15000.0, 9611.66)
    """
    days = max((end - start).total_seconds() / 86400.0, 0.0)
    gross = (annual_revenue or 0.0) * (gross_margin_rate or 0.0) * days / 365.0
    return money(gross), money(gross - cost)


def value_at_risk(margin: float, risk_score: float, *, churned: bool = False) -> float:
    """``contribution margin * risk score / 100``: the margin a risky relationship puts in play.

    The score is turned into a fraction first: with the score in 0..100 the product then never exceeds
    the margin, so a finite margin gives a finite value at risk. A churned account (`churned`: as of the
    same instant, `graph.metrics.lifecycle.churned_as_of`) has nothing left to lose: 0, whatever its
    margin and score, so that accounts already lost never lead the value at risk.

    Examples
    --------
    >>> value_at_risk(55000.0, 40.0)
    22000.0
    >>> value_at_risk(55000.0, 90.0, churned=True)
    0.0
    """
    if churned:
        return 0.0
    return margin * (risk_score / 100.0)
