"""Incremental refresh: recompute the metrics of some (or all) accounts and materialize them in the graph.

Ingestion calls `refresh_accounts` with the accounts a committed batch touched; `relgraph refresh` calls
`refresh_all`. Each batch of accounts is one read (`account_snapshots`, aggregated in Neo4j), the
networkx work per account in Python, and one write transaction: the metrics (`write_account_metrics`)
and, in the same transaction, the log of risk level changes (`risk_events_record`: the API's
`riskChanged` feed) and a pending webhook delivery for every change that crosses a webhook's threshold
(`webhook_enqueue`). Deliveries are an outbox: whichever path refreshed (an API
mutation, `relgraph import`, `relgraph refresh`), a committed level change has its deliveries, and the
API's delivery worker sends them. An account's first level (no level stored before) is a `FirstLevel`:
returned, never recorded nor delivered (`graph.risk_events`).

A refresh given a `stop` event (set by Ctrl-C or SIGTERM in `relgraph refresh`) starts no batch once it is
set: the batches in flight commit, with their risk events and deliveries, and the result is `stopped`
with the keys never started in `left`. Refreshing them (or all the accounts again) finishes the job.
"""

from __future__ import annotations

import functools
import json
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from graph.fanout import run_batches
from graph.metrics.account import AccountMetrics, account_metrics
from graph.metrics.parameters import MetricParameters
from graph.metrics.precision import measure
from graph.risk_events import FirstLevel, RiskChange, risk_event_rows
from graph.snapshot import account_graph, snapshot_params, utc_now
from graph.store import AsyncStore, AsyncTx, Row, Store, Tx
from graph.webhooks.events import webhook_events

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "SNAPSHOT_PROPS",
    "ComputedBatch",
    "FirstLevel",
    "RefreshResult",
    "RiskChange",
    "compute_batch",
    "materialized_props",
    "refresh_accounts",
    "refresh_accounts_async",
    "refresh_all",
    "snapshot_of",
]

DEFAULT_BATCH_SIZE = 200

Progress = Callable[[int, int], None]


@dataclass
class RefreshResult:
    """What a refresh did: how many accounts, which risk levels changed, how long it took."""

    accounts: int = 0
    changes: list[RiskChange] = field(default_factory=list)
    """Levels that changed from a stored one: recorded in the risk event log and sent to webhooks."""
    seconds: float = 0.0
    as_of: datetime | None = None
    missing: list[str] = field(default_factory=list)
    deliveries: int = 0
    """Webhook deliveries enqueued (in the same transactions as the metrics)."""
    first_levels: list[FirstLevel] = field(default_factory=list)
    """Accounts given their first level (none stored before): starting points, not changes."""
    stopped: bool = False
    """A stop request ended the refresh before every batch had started (the keys of those are `left`)."""
    left: list[str] = field(default_factory=list)
    """The keys of the batches never started: their accounts keep the metrics they had."""

    @property
    def accounts_per_second(self) -> float:
        return self.accounts / self.seconds if self.seconds > 0 else 0.0

    @property
    def requested(self) -> int:
        """The distinct keys asked for: refreshed, unknown (`missing`) or never started (`left`)."""
        return self.accounts + len(self.missing) + len(self.left)

    def merge(self, other: RefreshResult) -> None:
        self.accounts += other.accounts
        self.changes.extend(other.changes)
        self.first_levels.extend(other.first_levels)
        self.missing.extend(other.missing)
        self.deliveries += other.deliveries


def materialized_props(m: AccountMetrics) -> dict[str, Any]:
    """The properties a refresh sets on an Account (documented in docs/metrics.md).

    `account_metrics` already rounded every number (`graph.metrics.precision`): stored as they are, they
    equal what the API computes for an `asOf` or a `without`.
    """
    d = m.depth
    return {
        "relationshipValue": m.relationship_value,
        "relationshipValueBefore": m.value_before,
        "momentum": m.momentum,
        "depthScore": d.score,
        "riskScore": m.risk.score,
        "riskLevel": m.risk.level,
        "riskFactors": json.dumps(
            [
                {
                    "code": f.code,
                    "contribution": f.contribution,
                    "severity": f.severity,
                    "sentence": f.sentence,
                }
                for f in m.risk.factors
            ]
        ),
        "connectivity": d.connectivity.k,
        "singleThreaded": m.single_threaded,
        "singlePointsOfFailure": list(d.connectivity.single_points_of_failure),
        "engagedContacts": len(d.engaged_contacts),
        "engagedStaff": len(d.engaged_staff),
        "activeThreads": d.active_threads,
        "effectiveContacts": d.effective_contacts,
        "roleCoverage": d.role_coverage,
        "missingRoles": list(d.missing_roles),
        "functionsEngaged": list(d.functions),
        "costToEngage": m.cost_to_engage,
        "contributionMargin": m.contribution_margin,
        "valueAtRisk": m.value_at_risk,
        "metricsAsOf": m.as_of,
    }


SNAPSHOT_PROPS: tuple[str, ...] = (
    "riskScore", "riskLevel", "relationshipValue", "depthScore", "valueAtRisk", "contributionMargin",
    "costToEngage", "singleThreaded", "connectivity", "engagedContacts", "engagedStaff",
)
"""What the risk history keeps of each refresh: the figures a trend or a portfolio as of a date needs."""


def snapshot_of(props: dict[str, Any]) -> dict[str, Any]:
    """The MetricsSnapshot of materialized `props` (their `metricsAsOf` gives its instant and day)."""
    at = props["metricsAsOf"]
    return {"day": at.date(), "at": at, **{k: props.get(k) for k in SNAPSHOT_PROPS}}


@dataclass
class ComputedBatch:
    """The pure part of a refresh for one batch: what to write, and how the risk levels moved."""

    writes: list[dict[str, Any]] = field(default_factory=list)
    changes: list[RiskChange] = field(default_factory=list)
    first_levels: list[FirstLevel] = field(default_factory=list)


def compute_batch(rows: Sequence[Row], as_of: datetime, params: MetricParameters) -> ComputedBatch:
    """The pure part of a refresh: snapshot rows in; write rows, risk changes and first levels out.

    A level differing from the stored one is a `RiskChange`; a level where none was stored (a new account,
    or one never refreshed) is a `FirstLevel`.
    """
    out = ComputedBatch()
    for row in rows:
        G = account_graph(row, as_of, params)
        m = account_metrics(G, params)
        account = row["account"]
        props = materialized_props(m)
        out.writes.append(
            {
                "key": account["key"],
                "props": props,
                "snapshot": snapshot_of(props),
                "threads": _owned_threads(G, row.get("threads") or ()),
            }
        )
        old_level = account.get("riskLevel")
        if old_level is None:
            out.first_levels.append(FirstLevel(account["key"], m.risk.level, m.risk.score))
        elif old_level != m.risk.level:
            out.changes.append(
                RiskChange(account["key"], old_level, m.risk.level, account.get("riskScore"), m.risk.score)
            )
    return out


@dataclass(frozen=True)
class _BatchWrite:
    """One batch's writes, all in one transaction: metrics, the risk event log, webhook deliveries."""

    metrics: list[dict[str, Any]]
    risk_events: list[dict[str, Any]]
    deliveries: list[dict[str, Any]]

    @classmethod
    def of(cls, writes: list[dict[str, Any]], changes: list[RiskChange], at: datetime) -> _BatchWrite:
        return cls(writes, risk_event_rows(changes, at), webhook_events(changes, at))


def _write_batch(tx: Tx, batch: _BatchWrite) -> int:
    tx.run("write_account_metrics", rows=batch.metrics)
    if batch.risk_events:
        tx.run("risk_events_record", events=batch.risk_events)
    if not batch.deliveries:
        return 0
    return len(tx.run("webhook_enqueue", events=batch.deliveries, createdAt=utc_now()))


async def _write_batch_async(tx: AsyncTx, batch: _BatchWrite) -> int:
    await tx.run("write_account_metrics", rows=batch.metrics)
    if batch.risk_events:
        await tx.run("risk_events_record", events=batch.risk_events)
    if not batch.deliveries:
        return 0
    return len(await tx.run("webhook_enqueue", events=batch.deliveries, createdAt=utc_now()))


def _owned_threads(G: Any, threads: Iterable[Row]) -> list[dict[str, Any]]:
    # A thread is person to person, so a contact who moved appears in two accounts' snapshots with the same
    # strength; only the account they work at now writes it, so parallel batches never lock the same KNOWS.
    out = []
    for t in threads:
        contact = G.nodes.get(t["contactKey"], {})
        if not contact.get("current", True) and contact.get("moved_to"):
            continue
        out.append(
            {"staffKey": t["staffKey"], "contactKey": t["contactKey"], "strength": measure(t["strength"])}
        )
    return sorted(out, key=lambda t: (t["staffKey"], t["contactKey"]))


def refresh_accounts(
    store: Store,
    account_keys: Iterable[str],
    *,
    as_of: datetime | None = None,
    params: MetricParameters | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    workers: int = 1,
    progress: Progress | None = None,
    stop: threading.Event | None = None,
) -> RefreshResult:
    """Recompute and materialize the metrics of `account_keys` (unknown keys are reported in `missing`).

    Parameters
    ----------
    store : Store
    account_keys : iterable of str
    as_of : datetime, optional
        The instant to compute as of (default now); aware.
    params : MetricParameters, optional
        Default: the process settings' metrics parameters.
    batch_size : int
        Accounts per read and per write statement.
    workers : int
        Batches in flight at once (Neo4j aggregates one while Python computes another).
    progress : callable, optional
        Called with ``(accounts done, accounts in all)`` after each batch.
    stop : threading.Event, optional
        Once set, no further batch starts: the batches in flight commit (metrics, snapshots, risk events
        and deliveries together, and count in the result), and the result is `stopped`, the keys of the
        batches never started in `left`.
    """
    began = time.perf_counter()
    keys = list(dict.fromkeys(account_keys))
    at = as_of or utc_now()
    p = params or _default_params()
    result = RefreshResult(as_of=at)
    batches = [keys[i : i + batch_size] for i in range(0, len(keys), batch_size)]

    def run(batch: list[str]) -> RefreshResult:
        rows = store.read("account_snapshots", **snapshot_params(batch, at, p))
        done = compute_batch(rows, at, p)
        batch_write = _BatchWrite.of(done.writes, done.changes, at)
        deliveries = store.write_tx(lambda tx: _write_batch(tx, batch_write)) if done.writes else 0
        return _batch_result(batch, done, deliveries)

    def committed(partial: RefreshResult) -> None:
        result.merge(partial)
        if progress:
            progress(result.accounts + len(result.missing), len(keys))

    left = run_batches(run, batches, on_done=committed, workers=workers, stop=stop)
    if left:
        result.stopped = True
        result.left = [k for batch in batches[len(batches) - left :] for k in batch]
    result.seconds = time.perf_counter() - began
    return result


def refresh_all(
    store: Store,
    *,
    progress: Progress | None = None,
    as_of: datetime | None = None,
    params: MetricParameters | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    workers: int = 2,
    stop: threading.Event | None = None,
) -> RefreshResult:
    """Refresh every account, fanning out by batches of accounts (`stop`: see `refresh_accounts`)."""
    keys = [r["key"] for r in store.read("account_keys_all")]
    return refresh_accounts(
        store, keys, as_of=as_of, params=params, batch_size=batch_size, workers=workers, progress=progress,
        stop=stop,
    )


async def refresh_accounts_async(
    store: AsyncStore,
    account_keys: Iterable[str],
    *,
    as_of: datetime | None = None,
    params: MetricParameters | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> RefreshResult:
    """The async twin of `refresh_accounts` (same reads, computation and writes)."""
    began = time.perf_counter()
    keys = list(dict.fromkeys(account_keys))
    at = as_of or utc_now()
    p = params or _default_params()
    result = RefreshResult(as_of=at)
    for i in range(0, len(keys), batch_size):
        batch = keys[i : i + batch_size]
        rows = await store.read("account_snapshots", **snapshot_params(batch, at, p))
        done = compute_batch(rows, at, p)
        deliveries = 0
        if done.writes:
            work = functools.partial(_write_batch_async, batch=_BatchWrite.of(done.writes, done.changes, at))
            deliveries = await store.write_tx(work)
        result.merge(_batch_result(batch, done, deliveries))
    result.seconds = time.perf_counter() - began
    return result


def _batch_result(batch: list[str], done: ComputedBatch, deliveries: int) -> RefreshResult:
    found = {w["key"] for w in done.writes}
    return RefreshResult(len(done.writes), done.changes, missing=[k for k in batch if k not in found],
                         deliveries=deliveries, first_levels=done.first_levels)


def _default_params() -> MetricParameters:
    from graph.settings import get_settings

    return get_settings().metrics
