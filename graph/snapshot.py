"""Rows of the metrics queries -> the small networkx graphs the metrics work on (`graph.metrics.views`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import networkx as nx

from graph.metrics.parameters import MetricParameters

__all__ = ["account_graph", "instant", "neighbourhood_graph", "snapshot_params", "utc_now"]


def utc_now() -> datetime:
    """Now, timezone-aware (the default `as_of` of every metric)."""
    return datetime.now(UTC)


def instant(value: Any) -> datetime | None:
    """A stored temporal value as an aware datetime: a date is its midnight UTC, a naive datetime is UTC,
    a number is epoch milliseconds.

    Examples
    --------
    >>> instant(date(2026, 1, 2))
    datetime.datetime(2026, 1, 2, 0, 0, tzinfo=datetime.timezone.utc)
    >>> instant(1767225600000)
    datetime.datetime(2026, 1, 1, 0, 0, tzinfo=datetime.timezone.utc)
    >>> instant(None) is None
    True
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime.combine(value, time(), tzinfo=UTC)
    if isinstance(value, (int, float)):  # epoch milliseconds, as the bulk queries return instants
        return datetime.fromtimestamp(value / 1000.0, UTC)
    if isinstance(value, str):
        return instant(datetime.fromisoformat(value.replace("Z", "+00:00")))
    raise TypeError(f"not a temporal value: {value!r}")


def snapshot_params(
    account_keys: Sequence[str],
    as_of: datetime,
    params: MetricParameters | None = None,
    *,
    cost_from: datetime | None = None,
) -> dict[str, Any]:
    """The parameters of the `account_snapshots` query for `account_keys` as of `as_of`.

    Cost to Engage sums the interactions in [`cost_from`, `as_of`); `cost_from` defaults to
    ``cost_window_days`` before `as_of`. The period goes to Cypher as two instants, not as a number of
    days, so that a period of any length is exactly the one asked for.
    """
    p = params or MetricParameters()
    if as_of.tzinfo is None or (cost_from is not None and cost_from.tzinfo is None):
        raise ValueError("as_of and cost_from must be timezone-aware")
    return {
        "accountKeys": list(account_keys),
        "asOf": as_of,
        "costFrom": cost_from if cost_from is not None else p.cost_start(as_of),
        **p.cypher_params(),
    }


def _within(since: datetime | None, until: datetime | None, at: datetime) -> bool:
    return (since is None or since <= at) and (until is None or until > at)


def account_graph(
    row: Mapping[str, Any], as_of: datetime, params: MetricParameters | None = None
) -> nx.Graph:
    """Build one account graph from one row of `account_snapshots` (or rows shaped the same way).

    Parameters
    ----------
    row : mapping
        ``account``, ``contacts``, ``coverage``, ``staff``, ``threads`` (shaped as
        `graph.metrics.threads.thread_rows` makes them), ``costToEngage``, ``lastInboundAt``,
        ``lastInboundFrom``.
    as_of : datetime
        The instant the row was read as of; decides who is current now and one momentum window earlier.
    params : MetricParameters, optional

    Returns
    -------
    networkx.Graph
        People as nodes (``kind`` ``staff``/``contact``), threads as edges, account facts in ``G.graph``.

    Examples
    --------
    >>> from datetime import UTC, datetime
    >>> now = datetime(2026, 6, 1, tzinfo=UTC)
    >>> row = {"account": {"key": "A", "name": "Acme"},
    ...        "contacts": [{"key": "ann", "name": "Ann", "role": "champion"}],
    ...        "staff": [{"key": "rep", "name": "Rep", "function": "sales", "active": True}],
    ...        "threads": [{"staffKey": "rep", "contactKey": "ann", "strength": 2.0, "strengthBefore": 1.0,
    ...                     "interactions": 3, "replies": 1, "lastAt": now}]}
    >>> G = account_graph(row, now)
    >>> sorted(G.nodes(data="kind")), G["rep"]["ann"]["strength"]
    ([('ann', 'contact'), ('rep', 'staff')], 2.0)
    """
    p = params or MetricParameters()
    before = as_of - timedelta(days=p.momentum_window_days)
    account = dict(row.get("account") or {})
    G = nx.Graph(
        account=account,
        as_of=as_of,
        cost_to_engage=float(row.get("costToEngage") or 0.0),
        last_inbound_at=instant(row.get("lastInboundAt")),
        last_inbound_from=row.get("lastInboundFrom"),
    )
    for c in row.get("contacts") or ():
        _add_contact(G, c, as_of, before)
    for s in _staff(row.get("staff") or (), row.get("coverage") or (), as_of):
        G.add_node(s.pop("key"), **s)
    for t in row.get("threads") or ():
        s, c = t["staffKey"], t["contactKey"]
        if s not in G or c not in G:
            continue
        G.add_edge(
            s,
            c,
            strength=float(t.get("strength") or 0.0),
            strength_before=float(t.get("strengthBefore") or 0.0),
            interactions=int(t.get("interactions") or 0),
            replies=int(t.get("replies") or 0),
            last_at=instant(t.get("lastAt")),
        )
    return G


def _add_contact(G: nx.Graph, c: Mapping[str, Any], as_of: datetime, before: datetime) -> None:
    since, until = instant(c.get("since")), instant(c.get("until"))
    current, current_before = _within(since, until, as_of), _within(since, until, before)
    key = c["key"]
    if key in G:  # a second spell at the same account: current if either spell is
        node = G.nodes[key]
        node["current"] = node["current"] or current
        node["current_before"] = node["current_before"] or current_before
        if current:
            node["since"], node["until"] = since, until
        return
    moved_to = None
    if until is not None and until <= as_of:
        jobs = [
            j
            for j in c.get("elsewhere") or ()
            if _within(instant(j.get("since")), instant(j.get("until")), as_of)
        ]
        moved_to = jobs[0].get("name") or jobs[0].get("key") if jobs else None
    G.add_node(
        key,
        kind="contact",
        name=c.get("name") or key,
        title=c.get("title"),
        role=c.get("role") or "unknown",
        seniority=c.get("seniority") or "unknown",
        department=c.get("department"),
        since=since,
        until=until,
        reports_to=c.get("reportsTo"),
        moved_to=moved_to,
        current=current,
        current_before=current_before,
    )


def _staff(
    staff: Iterable[Mapping[str, Any]], coverage: Iterable[Mapping[str, Any]], as_of: datetime
) -> list[dict[str, Any]]:
    people: dict[str, dict[str, Any]] = {}
    for s in [*staff, *coverage]:
        person = people.setdefault(
            s["key"],
            {
                "key": s["key"],
                "kind": "staff",
                "name": s.get("name") or s["key"],
                "function": s.get("function") or "unknown",
                "title": s.get("title"),
                "cost_per_hour": float(s.get("costPerHour") or 0.0),
                "active": s.get("active") is not False,
                "coverage": [],
            },
        )
        role = s.get("role")
        if role and _within(instant(s.get("since")), instant(s.get("until")), as_of):
            person["coverage"].append(role)
    return list(people.values())


def neighbourhood_graph(rows: Iterable[Mapping[str, Any]], as_of: datetime) -> nx.Graph:
    """Rows of `intro_neighbourhood` -> the graph a warm introduction path is searched in.

    Two contacts are ``colleague`` when their spells at one account overlap and both still work there,
    ``former_colleague`` when they overlapped but one has left; ``reports_to`` follows reporting lines;
    ``thread`` joins one of our staff to a contact they know (with the thread's ``strength``). When two
    people are linked twice the stronger kind is kept.

    Examples
    --------
    >>> from datetime import UTC, datetime
    >>> rows = [{"key": "t", "name": "T", "jobs": [{"account": "A"}], "managers": [], "knownBy": []},
    ...         {"key": "a", "name": "A", "jobs": [{"account": "A"}], "managers": ["t"],
    ...          "knownBy": [{"key": "rep", "name": "Rep", "strength": 2.0}]}]
    >>> N = neighbourhood_graph(rows, datetime(2026, 6, 1, tzinfo=UTC))
    >>> sorted((u, v, d["kind"]) for u, v, d in N.edges(data=True))
    [('a', 'rep', 'thread'), ('t', 'a', 'reports_to')]
    """
    rank = {"thread": 0, "reports_to": 1, "colleague": 2, "former_colleague": 3}
    N = nx.Graph()
    spells: dict[str, list[tuple[str, datetime | None, datetime | None]]] = {}

    def link(u: str, v: str, kind: str, **attrs: Any) -> None:
        if N.has_edge(u, v) and rank[N[u][v]["kind"]] <= rank[kind]:
            return
        N.add_edge(u, v, kind=kind, **attrs)

    rows = list(rows)
    for r in rows:
        N.add_node(r["key"], kind="contact", name=r.get("name") or r["key"])
        for j in r.get("jobs") or ():
            spells.setdefault(j["account"], []).append(
                (r["key"], instant(j.get("since")), instant(j.get("until")))
            )
    for r in rows:
        for m in r.get("managers") or ():
            if m in N and m != r["key"]:
                link(r["key"], m, "reports_to")
        for s in r.get("knownBy") or ():
            N.add_node(s["key"], kind="staff", name=s.get("name") or s["key"])
            link(s["key"], r["key"], "thread", strength=float(s.get("strength") or 0.0))
    for people in spells.values():
        for i, (a, since_a, until_a) in enumerate(people):
            for b, since_b, until_b in people[i + 1 :]:
                if a == b or not _overlap(since_a, until_a, since_b, until_b):
                    continue
                both_there = _within(since_a, until_a, as_of) and _within(since_b, until_b, as_of)
                link(a, b, "colleague" if both_there else "former_colleague")
    return N


def _overlap(s1: datetime | None, u1: datetime | None, s2: datetime | None, u2: datetime | None) -> bool:
    start = max((s for s in (s1, s2) if s is not None), default=None)
    end = min((u for u in (u1, u2) if u is not None), default=None)
    return start is None or end is None or start < end
