"""Warm introduction paths: the strongest chain of known people from our staff to a target contact."""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import networkx as nx

from graph.metrics.parameters import MetricParameters
from graph.metrics.precision import measure

__all__ = ["IntroLink", "IntroPath", "link_strength", "warm_intro_path", "warm_intro_paths"]

_SOURCE = ("__our_staff__",)


@dataclass(frozen=True)
class IntroLink:
    """One step of an introduction path: who knows whom, how (``kind``) and how well (0..1)."""

    from_key: str
    from_name: str
    to_key: str
    to_name: str
    kind: str
    strength: float


@dataclass(frozen=True)
class IntroPath:
    """The links from one of our staff to the target; `strength` is the product of theirs (0..1)."""

    target_key: str
    strength: float
    links: tuple[IntroLink, ...]


def link_strength(
    kind: str, thread_strength: float | None = None, params: MetricParameters | None = None
) -> float:
    """How well two people know each other, from 0 to 1.

    A thread of strength s gives ``1 - 2^(-s / intro_thread_scale)``; links between contacts
    (``reports_to``, ``colleague``, ``former_colleague``) have a fixed strength from `params`.

    Examples
    --------
    >>> link_strength("thread", 2.0)
    0.5
    >>> link_strength("colleague")
    0.5
    """
    p = params or MetricParameters()
    if kind == "thread":
        return 1.0 - 2.0 ** (-(thread_strength or 0.0) / p.intro_thread_scale)
    return p.intro_link_strengths.get(kind, 0.0)


def _link_graph(N: nx.Graph, p: MetricParameters) -> nx.Graph:
    """The links of `N` that carry anything, with ``-log(strength)`` as their length."""
    H = nx.Graph()
    for u, v, attrs in N.edges(data=True):
        strength = link_strength(attrs.get("kind", ""), attrs.get("strength"), p)
        if strength > 0:
            H.add_edge(u, v, length=-math.log(min(strength, 1.0)), strength=strength, kind=attrs.get("kind"))
    return H


def _path(N: nx.Graph, H: nx.Graph, target: str, nodes: list[str]) -> IntroPath:
    links = tuple(
        IntroLink(
            u,
            N.nodes[u].get("name") or u,
            v,
            N.nodes[v].get("name") or v,
            H[u][v]["kind"],
            measure(H[u][v]["strength"]),
        )
        for u, v in itertools.pairwise(nodes)
    )
    strength = math.prod(H[u][v]["strength"] for u, v in itertools.pairwise(nodes))
    return IntroPath(target, measure(strength), links)


def warm_intro_paths(
    N: nx.Graph, target: str, params: MetricParameters | None = None, *, k: int = 1,
    from_staff: str | None = None,
) -> list[IntroPath]:
    """The `k` strongest distinct chains of known people from our staff (or from `from_staff`) to `target`.

    Parameters
    ----------
    N : networkx.Graph
        A neighbourhood graph, as for `warm_intro_path`.
    target : str
        The contact to reach.
    params : MetricParameters, optional
    k : int
        How many paths at most.
    from_staff : str, optional
        Only chains that start at this staff member.

    Returns
    -------
    list of IntroPath
        Strongest first; the first is `warm_intro_path`'s when `from_staff` is None. A chain that passes
        through a second staff member is left out: the chain from that member is shorter and stronger.

    Notes
    -----
    Yen's k shortest simple paths (networkx ``shortest_simple_paths``) on ``-log(strength)``, from a
    super source joined to every staff member at no cost (or from `from_staff`).

    Examples
    --------
    >>> N = nx.Graph()
    >>> N.add_node("rep", kind="staff", name="Rep"); N.add_node("csm", kind="staff", name="Csm")
    >>> N.add_node("ann", kind="contact", name="Ann"); N.add_node("cfo", kind="contact", name="Cfo")
    >>> N.add_edge("rep", "ann", kind="thread", strength=6.0)
    >>> N.add_edge("ann", "cfo", kind="reports_to")
    >>> N.add_edge("csm", "cfo", kind="thread", strength=2.0)
    >>> [(p.links[0].from_key, p.strength) for p in warm_intro_paths(N, "cfo", k=3)]
    [('rep', 0.7), ('csm', 0.5)]
    >>> [p.strength for p in warm_intro_paths(N, "cfo", k=3, from_staff="csm")]
    [0.5]
    """
    p = params or MetricParameters()
    if k < 1 or target not in N:
        return []
    staff = {n for n, kind in N.nodes(data="kind") if kind == "staff"}
    if from_staff is not None:
        staff &= {from_staff}
    H = _link_graph(N, p)
    if target not in H or not staff & set(H):
        return []
    for s in staff:
        if s in H:
            H.add_edge(_SOURCE, s, length=0.0)
    found: list[IntroPath] = []
    # Yen's algorithm yields candidates one by one; bound the work spent on ones left out.
    candidates = itertools.islice(nx.shortest_simple_paths(H, _SOURCE, target, weight="length"), 20 * k)
    try:
        for nodes in candidates:
            nodes = nodes[1:]
            if any(n in staff or N.nodes[n].get("kind") == "staff" for n in nodes[1:]):
                continue
            found.append(_path(N, H, target, nodes))
            if len(found) >= k:
                break
    except nx.NetworkXNoPath:
        pass
    return found


def warm_intro_path(N: nx.Graph, target: str, params: MetricParameters | None = None) -> IntroPath | None:
    """The strongest chain of known people from any of our staff to `target`.

    Parameters
    ----------
    N : networkx.Graph
        A neighbourhood graph: nodes with ``kind`` (``staff`` or ``contact``) and ``name``; edges with
        ``kind`` (``thread``, ``reports_to``, ``colleague``, ``former_colleague``) and, for threads,
        ``strength``.
    target : str
        The contact to reach.
    params : MetricParameters, optional

    Returns
    -------
    IntroPath or None
        None when no chain reaches the target (or the target is not in `N`).

    Notes
    -----
    The strongest chain maximises the product of link strengths, which is networkx's Dijkstra
    shortest path with ``-log(strength)`` as the length, from a super source joined to every staff
    member at no cost. O((V + E) log V).

    Examples
    --------
    >>> N = nx.Graph()
    >>> N.add_node("rep", kind="staff", name="Rep")
    >>> N.add_node("ann", kind="contact", name="Ann"); N.add_node("cfo", kind="contact", name="Cfo")
    >>> N.add_edge("rep", "ann", kind="thread", strength=6.0)
    >>> N.add_edge("ann", "cfo", kind="reports_to")
    >>> path = warm_intro_path(N, "cfo")
    >>> [(l.from_key, l.to_key, l.kind, l.strength) for l in path.links], path.strength
    ([('rep', 'ann', 'thread', 0.875), ('ann', 'cfo', 'reports_to', 0.8)], 0.7)
    """
    p = params or MetricParameters()
    if target not in N:
        return None
    staff = [n for n, kind in N.nodes(data="kind") if kind == "staff"]
    if not staff:
        return None
    H = _link_graph(N, p)
    if target not in H:
        return None
    for s in staff:
        if s in H:
            H.add_edge(_SOURCE, s, length=0.0)
    if _SOURCE not in H:
        return None
    try:
        nodes = nx.dijkstra_path(H, _SOURCE, target, weight="length")
    except nx.NetworkXNoPath:
        return None
    return _path(N, H, target, nodes[1:])
