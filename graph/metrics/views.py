"""Which people and threads of an account graph count: the conventions every metric shares.

An account graph is an undirected `networkx.Graph` whose nodes are people keyed by their key, with
``kind`` = ``"staff"`` or ``"contact"``, and whose edges are threads between one staff member and one
contact carrying ``strength`` (now) and ``strength_before`` (one momentum window earlier). A contact
carries ``current`` (works at the account at the instant asked) and ``current_before``; a staff member
carries ``active``. `graph.snapshot` builds such graphs from the store's rows.
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

__all__ = ["active_threads", "contacts", "strength_by_person", "without"]


def contacts(G: nx.Graph, *, current: str | None = "current") -> list[str]:
    """Keys of the contacts in `G`, sorted; only those whose `current` attribute is true unless None."""
    return sorted(
        n
        for n, d in G.nodes(data=True)
        if d.get("kind") == "contact" and (current is None or d.get(current, True))
    )


def _counts(G: nx.Graph, u: str, v: str, current: str) -> bool:
    a, b = G.nodes[u], G.nodes[v]
    s, c = (a, b) if a.get("kind") == "staff" else (b, a)
    return s.get("kind") == "staff" and s.get("active", True) and c.get(current, True)


def active_threads(
    G: nx.Graph, threshold: float, *, weight: str = "strength", current: str = "current"
) -> list[tuple[str, str, float]]:
    """Threads of strength at least `threshold` between an active staff member and a current contact.

    Returns
    -------
    list of (staff key, contact key, strength), sorted.

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_node("s", kind="staff"); G.add_node("c", kind="contact", current=True)
    >>> G.add_edge("s", "c", strength=1.5)
    >>> active_threads(G, 1.0)
    [('s', 'c', 1.5)]
    """
    out = []
    for u, v, w in G.edges(data=weight, default=0.0):
        if w >= threshold and _counts(G, u, v, current):
            s, c = (u, v) if G.nodes[u].get("kind") == "staff" else (v, u)
            out.append((s, c, w))
    return sorted(out)


def strength_by_person(
    G: nx.Graph, kind: str, *, weight: str = "strength", current: str = "current", threshold: float = 0.0
) -> dict[str, float]:
    """Each person's total strength over threads that count (active staff, current contacts), by `kind`.

    With `threshold` (θ), only the threads at least that strong: the active threads, those that make a
    person engaged. Depth and risk share out strength over these, so that a pile of weak threads (a rep
    who mails forty people) neither dilutes a concentration nor adds effective contacts.

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_nodes_from(["s1", "s2"], kind="staff"); G.add_node("c", kind="contact")
    >>> G.add_edge("s1", "c", strength=3.0); G.add_edge("s2", "c", strength=0.5)
    >>> strength_by_person(G, "staff")
    {'s1': 3.0, 's2': 0.5}
    >>> strength_by_person(G, "staff", threshold=1.0)
    {'s1': 3.0}
    """
    totals: dict[str, float] = {}
    for u, v, w in G.edges(data=weight, default=0.0):
        if not _counts(G, u, v, current) or w <= 0 or w < threshold:
            continue
        person = u if G.nodes[u].get("kind") == kind else v
        totals[person] = totals.get(person, 0.0) + w
    return dict(sorted(totals.items()))


def without(G: nx.Graph, keys: Iterable[str]) -> nx.Graph:
    """`G` with the people `keys` removed ("what if they leave"); unknown keys are ignored.

    Examples
    --------
    >>> G = nx.path_graph(["s", "c"])
    >>> sorted(without(G, ["c", "nobody"]).nodes)
    ['s']
    """
    gone = set(keys)
    if not gone & set(G):
        return G
    H = G.copy()
    H.remove_nodes_from(gone & set(H))
    return H
