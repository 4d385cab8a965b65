"""Connectivity k from our staff to an account's current contacts, its minimum cut and weak points."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
from networkx.algorithms.connectivity import (
    build_auxiliary_node_connectivity,
    local_node_connectivity,
    minimum_st_node_cut,
)
from networkx.algorithms.flow import build_residual_network

from graph.metrics.views import active_threads

__all__ = ["SINK", "SOURCE", "Connectivity", "connectivity", "layered_graph", "single_points_of_failure"]

# Sentinels cannot collide with people's keys, which are strings.
SOURCE = ("__staff__",)
SINK = ("__contacts__",)


@dataclass(frozen=True)
class Connectivity:
    """k, one minimum node cut naming the people it takes, and every single point of failure."""

    k: int
    cut: tuple[str, ...]
    single_points_of_failure: tuple[str, ...]


def layered_graph(
    G: nx.Graph, threshold: float, *, weight: str = "strength", current: str = "current"
) -> nx.Graph:
    """Source -> active staff -> (active threads) -> current contacts -> sink.

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_node("s", kind="staff"); G.add_node("c", kind="contact", current=True)
    >>> G.add_edge("s", "c", strength=2.0)
    >>> H = layered_graph(G, 1.0)
    >>> H.number_of_nodes(), H.number_of_edges()
    (4, 3)
    """
    H = nx.Graph()
    H.add_nodes_from([SOURCE, SINK])
    for s, c, _ in active_threads(G, threshold, weight=weight, current=current):
        H.add_edge(SOURCE, s)
        H.add_edge(s, c)
        H.add_edge(c, SINK)
    return H


def connectivity(
    G: nx.Graph,
    threshold: float = 1.0,
    *,
    weight: str = "strength",
    current: str = "current",
    with_spof: bool = True,
) -> Connectivity:
    """Vertex-disjoint paths from our staff to the account's current contacts along active threads.

    Parameters
    ----------
    G : networkx.Graph
        An account graph (see `graph.metrics.views`).
    threshold : float
        Strength from which a thread is active.
    weight, current : str
        Edge attribute of the strength and node attribute of currentness (``strength_before`` and
        ``current_before`` give the measure one momentum window earlier).
    with_spof : bool
        Also find the cut and the single points of failure (False for the earlier measure, which needs
        only k: ``cut`` and ``single_points_of_failure`` are then empty).

    Returns
    -------
    Connectivity
        ``k`` (how many people, on either side, must leave before nobody of ours knows anybody there),
        ``cut`` (one smallest set of such people, sorted) and ``single_points_of_failure``.

    Notes
    -----
    networkx's `local_node_connectivity` and `minimum_st_node_cut` between a super source joined to
    every staff member and a super sink joined to every current contact, sharing one auxiliary digraph
    and residual network. On this layered graph k equals a maximum matching of staff to contacts.
    O(k * (V + E)) with V people and E active threads.

    Examples
    --------
    A chain: one rep, one champion.

    >>> G = nx.Graph()
    >>> G.add_node("rep", kind="staff"); G.add_node("champ", kind="contact", current=True)
    >>> G.add_edge("rep", "champ", strength=5.0)
    >>> connectivity(G)
    Connectivity(k=1, cut=('champ',), single_points_of_failure=('champ', 'rep'))
    """
    H = layered_graph(G, threshold, weight=weight, current=current)
    if H.number_of_edges() == 0:
        return Connectivity(0, (), ())
    aux = build_auxiliary_node_connectivity(H)
    residual = build_residual_network(aux, "capacity")
    k = int(local_node_connectivity(H, SOURCE, SINK, auxiliary=aux, residual=residual))
    if not with_spof:  # the earlier measure needs k alone: skip the second flow
        return Connectivity(k, (), ())
    cut = minimum_st_node_cut(H, SOURCE, SINK, auxiliary=aux, residual=residual)
    spof = _single_points_of_failure(H) if k == 1 else ()
    return Connectivity(k, tuple(sorted(cut)), spof)


def single_points_of_failure(
    G: nx.Graph, threshold: float = 1.0, *, weight: str = "strength", current: str = "current"
) -> tuple[str, ...]:
    """Every person whose departure alone would leave k = 0: contacts and staff both (sorted).

    Examples
    --------
    A star: one rep who knows three contacts; only the rep is a single point of failure.

    >>> G = nx.Graph()
    >>> G.add_node("rep", kind="staff")
    >>> for c in "abc":
    ...     G.add_node(c, kind="contact", current=True); G.add_edge("rep", c, strength=2.0)
    >>> single_points_of_failure(G)
    ('rep',)
    """
    return connectivity(G, threshold, weight=weight, current=current).single_points_of_failure


def _single_points_of_failure(H: nx.Graph) -> tuple[str, ...]:
    # With k = 1 a person is a single point of failure when no source-sink path survives without them.
    people = [n for n in H if n not in (SOURCE, SINK)]
    return tuple(sorted(p for p in people if not nx.has_path(nx.restricted_view(H, [p], []), SOURCE, SINK)))
