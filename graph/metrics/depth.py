"""Depth of an account relationship: who is engaged, how evenly, which roles and silos, and k."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from graph.metrics.concentration import inverse_simpson
from graph.metrics.connectivity import Connectivity, connectivity
from graph.metrics.parameters import COMMITTEE_ROLES, MetricParameters
from graph.metrics.precision import points
from graph.metrics.roles import contact_role
from graph.metrics.views import active_threads, strength_by_person

__all__ = ["Depth", "EngagedRole", "depth", "depth_score"]


@dataclass(frozen=True)
class EngagedRole:
    """One engaged contact's role, and whether relgraph inferred it from title and seniority."""

    contact_key: str
    role: str
    inferred: bool


@dataclass(frozen=True)
class Depth:
    """Every depth measure of one account graph."""

    engaged_contacts: tuple[str, ...]
    engaged_staff: tuple[str, ...]
    active_threads: int
    effective_contacts: float
    roles: tuple[EngagedRole, ...]
    covered_roles: tuple[str, ...]
    missing_roles: tuple[str, ...]
    role_coverage: float
    functions: tuple[str, ...]
    connectivity: Connectivity
    score: float

    @property
    def k(self) -> int:
        return self.connectivity.k


def depth(
    G: nx.Graph,
    params: MetricParameters | None = None,
    *,
    weight: str = "strength",
    current: str = "current",
    with_spof: bool = True,
) -> Depth:
    """Depth of the relationship an account graph describes.

    Parameters
    ----------
    G : networkx.Graph
        An account graph (see `graph.metrics.views`).
    params : MetricParameters, optional
    weight, current : str
        Which strength and currentness to read (``strength_before``/``current_before`` for earlier).
    with_spof : bool
        Also find the single points of failure.

    Returns
    -------
    Depth
        Engaged contacts and staff (on an active thread), the number of active threads, effective
        contacts (inverse Simpson of the engaged contacts' shares of the active threads' strength: 0
        when nobody is engaged, at most the number engaged), the engaged contacts' roles (inferred ones
        marked), the buying-committee roles covered and missing, the share covered, the internal
        functions engaged, connectivity, and the 0-100 depth score.

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_node("rep", kind="staff", function="sales")
    >>> G.add_node("ann", kind="contact", current=True, role="champion")
    >>> G.add_node("bob", kind="contact", current=True, role="unknown", title="CFO")
    >>> G.add_edge("rep", "ann", strength=2.0); G.add_edge("rep", "bob", strength=2.0)
    >>> d = depth(G)
    >>> d.engaged_contacts, d.effective_contacts, d.covered_roles, d.k
    (('ann', 'bob'), 2.0, ('economic_buyer', 'champion'), 1)
    >>> [r.inferred for r in d.roles]
    [False, True]

    A weak thread (below θ) engages nobody and adds no effective contact:

    >>> G.add_node("cat", kind="contact", current=True); G.add_edge("rep", "cat", strength=0.5)
    >>> depth(G).effective_contacts
    2.0
    >>> depth(G.subgraph(["rep", "cat"])).effective_contacts
    0.0
    """
    p = params or MetricParameters()
    threads = active_threads(G, p.thread_threshold, weight=weight, current=current)
    engaged_contacts = tuple(sorted({c for _, c, _ in threads}))
    engaged_staff = tuple(sorted({s for s, _, _ in threads}))
    # Over the active threads only: the same contacts `engaged_contacts` counts ("as many as N equally
    # engaged contacts"), so it is 0 when nobody is engaged and never above the engaged count.
    engaged_strength = strength_by_person(
        G, "contact", weight=weight, current=current, threshold=p.thread_threshold
    )
    effective = inverse_simpson(engaged_strength.values())
    roles = tuple(EngagedRole(c, *contact_role(G.nodes[c], p)) for c in engaged_contacts)
    have = {r.role for r in roles}
    covered = tuple(r for r in COMMITTEE_ROLES if r in have)
    missing = tuple(r for r in COMMITTEE_ROLES if r not in have)
    coverage = len(covered) / len(COMMITTEE_ROLES)
    functions = tuple(sorted({G.nodes[s].get("function") or "unknown" for s in engaged_staff}))
    conn = connectivity(G, p.thread_threshold, weight=weight, current=current, with_spof=with_spof)
    score = depth_score(conn.k, coverage, effective, len(functions), p)
    return Depth(
        engaged_contacts,
        engaged_staff,
        len(threads),
        effective,
        roles,
        covered,
        missing,
        coverage,
        functions,
        conn,
        score,
    )


def depth_score(
    k: int,
    role_coverage: float,
    effective_contacts: float,
    functions: int,
    params: MetricParameters | None = None,
) -> float:
    """The 0-100 depth score: a weighted sum of k, role coverage, effective contacts and functions.

    Each part is its measure divided by its target (capped at 1); the weights are ``depth_weights``.

    Examples
    --------
    >>> depth_score(3, 1.0, 4.0, 3)
    100.0
    >>> depth_score(0, 0.0, 0.0, 0)
    0.0
    """
    p = params or MetricParameters()
    w = p.depth_weights
    parts = {
        "connectivity": min(k / p.depth_target_connectivity, 1.0),
        "role_coverage": min(role_coverage, 1.0),
        "effective_contacts": min(effective_contacts / p.depth_target_effective_contacts, 1.0),
        "functions": min(functions / p.depth_target_functions, 1.0),
    }
    total = sum(w.values()) or 1.0
    return points(100.0 * sum(w.get(name, 0.0) * part for name, part in parts.items()) / total)
