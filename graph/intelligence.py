"""Store reads joined with the metrics: what the API and the command line ask about accounts and people.

Each question has a sync function (for `Store`) and an async twin (for `AsyncStore`) over the same pure
core, so the API never holds Cypher or networkx. Every account question takes `as_of` (default now) and
`without` (people to remove: "what if they leave").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

import networkx as nx

from graph.metrics.account import AccountMetrics, account_metrics
from graph.metrics.champions import ChampionMove, champion_moves
from graph.metrics.depth import Depth
from graph.metrics.parameters import MetricParameters
from graph.metrics.paths import IntroPath, warm_intro_path, warm_intro_paths
from graph.metrics.risk import Risk
from graph.snapshot import account_graph, instant, neighbourhood_graph, snapshot_params, utc_now
from graph.store import AsyncStore, Row, Store

__all__ = [
    "INTRO_NEIGHBOURHOOD_LIMIT",
    "SNAPSHOT_BATCH",
    "account_graphs",
    "account_graphs_async",
    "account_metrics_for",
    "account_metrics_for_async",
    "champion_moves_for",
    "champion_moves_for_async",
    "depth_for",
    "intro_path",
    "intro_path_async",
    "intro_paths_async",
    "risk_for",
]

SNAPSHOT_BATCH = 200
INTRO_NEIGHBOURHOOD_LIMIT = 2000


def _params(params: MetricParameters | None) -> MetricParameters:
    if params is not None:
        return params
    from graph.settings import get_settings

    return get_settings().metrics


def _graphs(rows: Iterable[Row], at: datetime, p: MetricParameters) -> dict[str, nx.Graph]:
    return {r["account"]["key"]: account_graph(r, at, p) for r in rows}


def account_graphs(
    store: Store,
    account_keys: Sequence[str],
    *,
    as_of: datetime | None = None,
    params: MetricParameters | None = None,
    cost_from: datetime | None = None,
) -> dict[str, nx.Graph]:
    """One account graph per known key as of `as_of` (unknown keys are absent), in batched reads.

    Cost to Engage covers [`cost_from`, `as_of`) (default: the ``cost_window_days`` before `as_of`).
    """
    at, p = as_of or utc_now(), _params(params)
    out: dict[str, nx.Graph] = {}
    keys = list(dict.fromkeys(account_keys))
    for i in range(0, len(keys), SNAPSHOT_BATCH):
        batch = snapshot_params(keys[i : i + SNAPSHOT_BATCH], at, p, cost_from=cost_from)
        out.update(_graphs(store.read("account_snapshots", **batch), at, p))
    return out


async def account_graphs_async(
    store: AsyncStore,
    account_keys: Sequence[str],
    *,
    as_of: datetime | None = None,
    params: MetricParameters | None = None,
    cost_from: datetime | None = None,
) -> dict[str, nx.Graph]:
    """The async twin of `account_graphs`."""
    at, p = as_of or utc_now(), _params(params)
    out: dict[str, nx.Graph] = {}
    keys = list(dict.fromkeys(account_keys))
    for i in range(0, len(keys), SNAPSHOT_BATCH):
        batch = snapshot_params(keys[i : i + SNAPSHOT_BATCH], at, p, cost_from=cost_from)
        out.update(_graphs(await store.read("account_snapshots", **batch), at, p))
    return out


def _metrics(
    graphs: dict[str, nx.Graph], keys: Sequence[str], without: Iterable[str], p: MetricParameters
) -> dict[str, AccountMetrics]:
    gone = tuple(without)
    return {k: account_metrics(graphs[k], p, without_=gone) for k in keys if k in graphs}


def account_metrics_for(
    store: Store,
    account_keys: Sequence[str],
    *,
    as_of: datetime | None = None,
    without: Iterable[str] = (),
    params: MetricParameters | None = None,
    cost_from: datetime | None = None,
) -> dict[str, AccountMetrics]:
    """Every metric (depth, risk, Relationship Value and momentum, Cost to Engage, margin, value at risk)
    of each account, keyed and ordered as asked; unknown accounts are absent. Cost to Engage covers
    [`cost_from`, `as_of`) (default: the ``cost_window_days`` before `as_of`)."""
    p = _params(params)
    graphs = account_graphs(store, account_keys, as_of=as_of, params=p, cost_from=cost_from)
    return _metrics(graphs, account_keys, without, p)


async def account_metrics_for_async(
    store: AsyncStore,
    account_keys: Sequence[str],
    *,
    as_of: datetime | None = None,
    without: Iterable[str] = (),
    params: MetricParameters | None = None,
    cost_from: datetime | None = None,
) -> dict[str, AccountMetrics]:
    """The async twin of `account_metrics_for`."""
    p = _params(params)
    graphs = await account_graphs_async(store, account_keys, as_of=as_of, params=p, cost_from=cost_from)
    return _metrics(graphs, account_keys, without, p)


def depth_for(store: Store, account_keys: Sequence[str], **kwargs: Any) -> dict[str, Depth]:
    """The depth of each account (same keywords as `account_metrics_for`)."""
    return {k: m.depth for k, m in account_metrics_for(store, account_keys, **kwargs).items()}


def risk_for(store: Store, account_keys: Sequence[str], **kwargs: Any) -> dict[str, Risk]:
    """The risk of each account (same keywords as `account_metrics_for`)."""
    return {k: m.risk for k, m in account_metrics_for(store, account_keys, **kwargs).items()}


def _intro(rows: list[Row], contact_key: str, at: datetime, p: MetricParameters) -> IntroPath | None:
    return warm_intro_path(neighbourhood_graph(rows, at), contact_key, p)


async def intro_paths_async(
    store: AsyncStore,
    contact_key: str,
    *,
    k: int = 1,
    from_staff: str | None = None,
    as_of: datetime | None = None,
    params: MetricParameters | None = None,
) -> list[IntroPath]:
    """The `k` strongest distinct warm introduction paths to a contact (from `from_staff` only, if given)."""
    rows = await store.read("intro_neighbourhood", contactKey=contact_key, limit=INTRO_NEIGHBOURHOOD_LIMIT)
    graph = neighbourhood_graph(rows, as_of or utc_now())
    return warm_intro_paths(graph, contact_key, _params(params), k=k, from_staff=from_staff)


def intro_path(
    store: Store, contact_key: str, *, as_of: datetime | None = None, params: MetricParameters | None = None
) -> IntroPath | None:
    """The strongest warm introduction path from our staff to a contact (None when nobody leads there).

    Threads are read from the materialized ``KNOWS.strength``; `as_of` decides who is still a colleague.
    """
    rows = store.read("intro_neighbourhood", contactKey=contact_key, limit=INTRO_NEIGHBOURHOOD_LIMIT)
    return _intro(rows, contact_key, as_of or utc_now(), _params(params))


async def intro_path_async(
    store: AsyncStore,
    contact_key: str,
    *,
    as_of: datetime | None = None,
    params: MetricParameters | None = None,
) -> IntroPath | None:
    """The async twin of `intro_path`."""
    rows = await store.read("intro_neighbourhood", contactKey=contact_key, limit=INTRO_NEIGHBOURHOOD_LIMIT)
    return _intro(rows, contact_key, as_of or utc_now(), _params(params))


def _moves(
    rows: list[Row], at: datetime, p: MetricParameters, within_days: int | None, roles: Iterable[str] | None
) -> list[ChampionMove]:
    normal = [{**r, "leftAt": instant(r.get("leftAt")), "since": instant(r.get("since"))} for r in rows]
    return champion_moves(normal, at, p, within_days=within_days, roles=roles)


def champion_moves_for(
    store: Store,
    *,
    account_key: str | None = None,
    as_of: datetime | None = None,
    within_days: int | None = None,
    roles: Iterable[str] | None = None,
    params: MetricParameters | None = None,
    allowed: list[str] | None = None,
) -> list[ChampionMove]:
    """Contacts who left an account and now work at another (all, or moves out of or into `account_key`).

    `allowed` (an API key's accounts; None for all) keeps the moves out of or into one of them.
    """
    rows = store.read("champion_moves", accountKey=account_key, allowed=allowed)
    return _moves(rows, as_of or utc_now(), _params(params), within_days, roles)


async def champion_moves_for_async(
    store: AsyncStore,
    *,
    account_key: str | None = None,
    as_of: datetime | None = None,
    within_days: int | None = None,
    roles: Iterable[str] | None = None,
    params: MetricParameters | None = None,
    allowed: list[str] | None = None,
) -> list[ChampionMove]:
    """The async twin of `champion_moves_for`."""
    rows = await store.read("champion_moves", accountKey=account_key, allowed=allowed)
    return _moves(rows, as_of or utc_now(), _params(params), within_days, roles)
