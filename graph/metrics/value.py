"""Relationship Value and its momentum: a leading indicator that falls before revenue does."""

from __future__ import annotations

import math

import networkx as nx

from graph.metrics.depth import Depth, depth
from graph.metrics.parameters import MetricParameters
from graph.metrics.roles import contact_role
from graph.metrics.views import active_threads

__all__ = ["breadth", "momentum", "relationship_value"]


def breadth(k: int, role_coverage: float) -> float:
    """The multiplier for breadth: ``(1 + ln(1 + k)) * (0.5 + 0.5 * role_coverage)``.

    Examples
    --------
    >>> breadth(0, 0.0)
    0.5
    >>> round(breadth(1, 1.0), 4)
    1.6931
    """
    return (1.0 + math.log1p(max(k, 0))) * (0.5 + 0.5 * min(max(role_coverage, 0.0), 1.0))


def relationship_value(
    G: nx.Graph,
    params: MetricParameters | None = None,
    *,
    weight: str = "strength",
    current: str = "current",
    depth_: Depth | None = None,
) -> float:
    """Relationship Value of an account graph.

    Parameters
    ----------
    G : networkx.Graph
        An account graph (see `graph.metrics.views`).
    params : MetricParameters, optional
    weight, current : str
        ``strength_before``/``current_before`` give the value one momentum window earlier.
    depth_ : Depth, optional
        The depth already computed for the same `weight` and `current` (saves computing k again).

    Returns
    -------
    float
        ``sum(strength(s, c) * roleWeight(c) * seniorityWeight(c)) * breadth(k, role coverage)`` over
        every thread (of any strength) between an active staff member and a current contact.

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_node("rep", kind="staff")
    >>> G.add_node("eb", kind="contact", current=True, role="economic_buyer", seniority="c_level")
    >>> G.add_edge("rep", "eb", strength=2.0)
    >>> round(relationship_value(G), 4)  # 2 * 3.0 * 2.0 * (1 + ln 2) * (0.5 + 0.5/6)
    11.852
    """
    p = params or MetricParameters()
    threads = active_threads(G, 0.0, weight=weight, current=current)
    if not threads:
        return 0.0
    d = depth_ or depth(G, p, weight=weight, current=current, with_spof=False)
    total = 0.0
    for _, c, w in threads:
        role, _ = contact_role(G.nodes[c], p)
        seniority = G.nodes[c].get("seniority") or "unknown"
        total += w * p.role_weights.get(role, 1.0) * p.seniority_weights.get(seniority, 1.0)
    return total * breadth(d.k, d.role_coverage)


def momentum(value_now: float, value_before: float) -> float | None:
    """``value_now / value_before``; None when there was no value before (momentum is undefined).

    A value before so small that the ratio overflows (a subnormal left by decay) counts as none:
    an infinite momentum would break every answer that carries it.

    Examples
    --------
    >>> momentum(5.0, 10.0)
    0.5
    >>> momentum(5.0, 0.0) is None
    True
    >>> momentum(5.0, 1e-310) is None
    True
    """
    if value_before <= 0:
        return None
    ratio = value_now / value_before
    return ratio if math.isfinite(ratio) else None
