"""Every metric of one account graph at once, with "what if" removals: what refresh and the API read."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

import networkx as nx

from graph.metrics.concentration import top_share
from graph.metrics.cost import contribution_margin, value_at_risk
from graph.metrics.depth import Depth, depth
from graph.metrics.lifecycle import churned_as_of
from graph.metrics.parameters import DECISION_ROLES, MetricParameters
from graph.metrics.precision import measure, money
from graph.metrics.risk import Departure, Risk, RiskSignals, score_risk
from graph.metrics.roles import contact_role
from graph.metrics.value import momentum, relationship_value
from graph.metrics.views import contacts, strength_by_person, without

__all__ = ["AccountMetrics", "account_metrics", "risk_signals"]

_DEPARTURE_ROLES = frozenset({"champion", "economic_buyer"})


@dataclass(frozen=True)
class AccountMetrics:
    """The metrics of one account as of one instant, optionally with some people removed."""

    account_key: str
    as_of: datetime | None
    without: tuple[str, ...]
    depth: Depth
    relationship_value: float
    value_before: float
    momentum: float | None
    risk: Risk
    cost_to_engage: float
    contribution_margin: float
    value_at_risk: float

    @property
    def connectivity(self) -> int:
        return self.depth.connectivity.k

    @property
    def single_threaded(self) -> bool:
        return self.depth.connectivity.k <= 1


def account_metrics(
    G: nx.Graph, params: MetricParameters | None = None, *, without_: Iterable[str] = ()
) -> AccountMetrics:
    """Depth, Relationship Value, momentum, risk, Cost to Engage, margin and value at risk of one account.

    Value at risk is 0 once the account has churned (as of the graph's ``as_of``); the risk score and the
    contribution margin are computed all the same (the backtest scores accounts before they churn).

    Parameters
    ----------
    G : networkx.Graph
        An account graph as of one instant (`graph.snapshot.account_graph`), whose ``graph`` dict holds
        ``account`` (its properties), ``as_of``, ``last_inbound_at``, ``last_inbound_from`` and
        ``cost_to_engage``.
    params : MetricParameters, optional
    without_ : iterable of str
        Keys of contacts or staff to remove ("if Bob leaves"): the same computation on the graph without
        them, for everything that is about now. What is about the past stays as it was, since they leave
        now: the value one momentum window ago (so momentum compares what is left with what there was),
        the recent departures, and the last inbound touch (going dark).

    Examples
    --------
    >>> from datetime import datetime, UTC
    >>> G = nx.Graph(account={"key": "A", "name": "Acme", "annualRevenue": 1000.0, "grossMarginRate": 0.5},
    ...              as_of=datetime(2026, 6, 1, tzinfo=UTC), cost_to_engage=100.0,
    ...              last_inbound_at=datetime(2026, 5, 31, tzinfo=UTC))
    >>> G.add_node("rep", kind="staff", name="Rep")
    >>> G.add_node("ann", kind="contact", name="Ann", role="champion")
    >>> G.add_edge("rep", "ann", strength=2.0, strength_before=2.0, interactions=2, replies=1)
    >>> m = account_metrics(G)
    >>> m.connectivity, m.contribution_margin, [f.code for f in m.risk.factors]
    (1, 400.0, ['SINGLE_THREADED', 'CONTACT_CONCENTRATION', 'STAFF_CONCENTRATION', 'NO_DECISION_MAKER'])
    >>> gone = account_metrics(G, without_=["rep"])
    >>> gone.connectivity, gone.momentum, gone.risk.score >= m.risk.score
    (0, 0.0, True)
    """
    p = params or MetricParameters()
    gone = tuple(sorted(set(without_)))
    H = without(G, gone)
    d = depth(H, p)
    value_now = relationship_value(H, p, depth_=d)
    # "If they leave" means they leave now: one momentum window ago they were there, so the value then
    # is read from the whole graph. Computed without them at both ends, a what-if would compare the
    # rest with the rest and could even raise momentum (and lower the risk) when a key person leaves.
    value_before = relationship_value(G, p, weight="strength_before", current="current_before")
    mom = momentum(value_now, value_before)
    risk = score_risk(risk_signals(H, d, mom, p, history=G), p)
    account = H.graph.get("account", {})
    cost = float(H.graph.get("cost_to_engage") or 0.0)
    margin = contribution_margin(account.get("annualRevenue"), account.get("grossMarginRate"), cost)
    as_of = H.graph.get("as_of")
    # Everything leaves rounded by one rule (`graph.metrics.precision`), computed from full precision:
    # a refresh stores these values as they are, and the API answers them for asOf and without alike.
    return AccountMetrics(
        account_key=account.get("key", ""),
        as_of=as_of,
        without=gone,
        depth=replace(
            d, effective_contacts=measure(d.effective_contacts), role_coverage=measure(d.role_coverage)
        ),
        relationship_value=measure(value_now),
        value_before=measure(value_before),
        momentum=None if mom is None else measure(mom),
        risk=risk,
        cost_to_engage=money(cost),
        contribution_margin=money(margin),
        value_at_risk=money(value_at_risk(margin, risk.score, churned=churned_as_of(account, as_of))),
    )


def risk_signals(
    G: nx.Graph,
    d: Depth,
    momentum_: float | None,
    params: MetricParameters | None = None,
    *,
    history: nx.Graph | None = None,
) -> RiskSignals:
    """Read the facts the risk factors need from an account graph and its depth.

    Parameters
    ----------
    G : networkx.Graph
        The account graph as it is now (with any what-if removals applied).
    d : Depth
        Its depth.
    momentum_ : float or None
    params : MetricParameters, optional
    history : networkx.Graph, optional
        The graph before the removals (default `G`): who left recently, and whom we were engaged with
        one momentum window ago, are facts of the past that a what-if does not undo.

    Notes
    -----
    The concentrations are the largest shares of the active threads' strength (the threads that make
    people engaged, as effective contacts counts them); with no active thread `score_risk` puts them
    at their maximum.
    """
    p = params or MetricParameters()
    account = G.graph.get("account", {})
    as_of: datetime | None = G.graph.get("as_of")
    top_c, share_c = top_share(strength_by_person(G, "contact", threshold=p.thread_threshold))
    top_s, share_s = top_share(strength_by_person(G, "staff", threshold=p.thread_threshold))
    last_inbound = G.graph.get("last_inbound_at")
    one_way, silent = _one_way_share(G)
    days = None
    if last_inbound is not None and as_of is not None:
        days = max((as_of - last_inbound).total_seconds() / 86400.0, 0.0)
    return RiskSignals(
        account=account.get("name") or account.get("key") or "the account",
        k=d.connectivity.k,
        single_points_of_failure=tuple(_label(G, n) for n in d.connectivity.single_points_of_failure),
        top_contact=_label(G, top_c) if top_c else None,
        top_contact_share=share_c,
        top_staff=_name(G, top_s) if top_s else None,
        top_staff_share=share_s,
        days_since_inbound=days,
        last_inbound_from=G.graph.get("last_inbound_from"),
        momentum=momentum_,
        momentum_window_days=p.momentum_window_days,
        departures=_departures(G if history is None else history, as_of, p),
        decision_maker_engaged=_decision_maker_engaged(G, d, p),
        one_way_share=one_way,
        one_way_contacts=silent,
    )


def _name(G: nx.Graph, key: str) -> str:
    return G.nodes[key].get("name") or key


def _label(G: nx.Graph, key: str) -> str:
    return f"{_name(G, key)} (ours)" if G.nodes[key].get("kind") == "staff" else _name(G, key)


def _departures(G: nx.Graph, as_of: datetime | None, p: MetricParameters) -> tuple[Departure, ...]:
    if as_of is None:
        return ()
    since = as_of - timedelta(days=p.champion_left_window_days)
    out = []
    for n, attrs in sorted(G.nodes(data=True)):
        left = attrs.get("until")
        if attrs.get("kind") != "contact" or attrs.get("current", True) or left is None:
            continue
        if not since < left <= as_of:
            continue
        role, _ = contact_role(attrs, p)  # the role held here (kept on the employment they left)
        # CRMs seldom record roles (and an employment stored before roles were kept on it shows the
        # contact's present one): a contact we were actively engaged with one momentum window earlier
        # counts as a champion by behaviour.
        engaged_before = any(
            w >= p.thread_threshold for _, _, w in G.edges(n, data="strength_before", default=0.0)
        )
        if role in _DEPARTURE_ROLES or engaged_before:
            shown = role if role in _DEPARTURE_ROLES else "key contact"
            out.append(Departure(_name(G, n), shown, left, attrs.get("moved_to")))
    return tuple(out)


def _decision_maker_engaged(G: nx.Graph, d: Depth, p: MetricParameters) -> bool:
    deciders = {c for c in contacts(G) if contact_role(G.nodes[c], p)[0] in DECISION_ROLES}
    if not deciders:
        return False
    for engaged in d.engaged_contacts:
        seen: set[str] = set()
        c: str | None = engaged
        # Walk up the reporting line: engaging someone who reports to a decider reaches the decider.
        while c is not None and c not in seen:
            if c in deciders:
                return True
            seen.add(c)
            manager = G.nodes[c].get("reports_to")
            c = manager if manager in G else None
    return False


def _one_way_share(G: nx.Graph) -> tuple[float, tuple[str, ...]]:
    threads = one_way = 0
    silent: set[str] = set()
    current = set(contacts(G))
    for u, v, attrs in G.edges(data=True):
        s, c = (u, v) if G.nodes[u].get("kind") == "staff" else (v, u)
        if c not in current or not G.nodes[s].get("active", True) or not attrs.get("interactions"):
            continue
        threads += 1
        if not attrs.get("replies"):
            one_way += 1
            silent.add(_name(G, c))
    return (one_way / threads if threads else 0.0), tuple(sorted(silent))
