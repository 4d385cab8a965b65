"""The risk history: one MetricsSnapshot per account and day, and what it answers.

Every refresh writes the day's snapshot beside the Account's materialized metrics (`graph.refresh`), so
a deployment that refreshes nightly (`relgraph refresh --all`) holds a daily history from its first day.
`backfill_history` computes the snapshots of past dates from the interactions (what a new deployment, or
the demo, runs once). `portfolio_as_of_async` is the portfolio as it stood at a past instant: from the
history where it is fresh enough, computed from the interactions for the other accounts; accounts that
had churned by then, or had no data yet, are set apart.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from graph.intelligence import account_metrics_for_async
from graph.metrics.lifecycle import churned_as_of
from graph.metrics.parameters import MetricParameters
from graph.refresh import DEFAULT_BATCH_SIZE, compute_batch
from graph.snapshot import snapshot_params
from graph.store import AsyncStore, Store

__all__ = [
    "HistoryResult", "PortfolioAsOf", "PortfolioPoint", "backfill_history", "history_dates",
    "portfolio_as_of_async",
]

Progress = Callable[[int, int], None]


@dataclass
class HistoryResult:
    """What a backfill wrote: how many snapshots, over which dates, in how long; and where a stop left it."""

    dates: list[datetime] = field(default_factory=list)
    """Every date asked for (all written unless `stopped`)."""
    snapshots: int = 0
    seconds: float = 0.0
    accounts: int = 0
    """The accounts of each date."""
    complete: int = 0
    """How many of `dates`, from the first, have every account's snapshot written."""
    stopped_accounts: int = 0
    """When stopped inside a date (between two of its batches): the accounts of that date written."""

    @property
    def stopped(self) -> bool:
        """A stop request ended the backfill before every date was written."""
        return self.complete < len(self.dates)

    @property
    def written_dates(self) -> list[datetime]:
        """The dates whose every snapshot is written."""
        return self.dates[: self.complete]

    @property
    def resume_from(self) -> datetime | None:
        """The first date not wholly written (a backfill from it, same end and step, finishes the job)."""
        return self.dates[self.complete] if self.stopped else None


def history_dates(start: datetime, end: datetime, every_days: int) -> Iterator[datetime]:
    """`start`, `start + every_days`, ... up to and including `end` (aware instants).

    >>> from datetime import UTC
    >>> [d.day for d in history_dates(datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 1, 15, tzinfo=UTC), 7)]
    [1, 8, 15]
    """
    if every_days < 1:
        raise ValueError("every_days must be at least 1")
    at = start
    while at <= end:
        yield at
        at += timedelta(days=every_days)


def backfill_history(
    store: Store,
    *,
    start: datetime,
    end: datetime,
    every_days: int = 7,
    params: MetricParameters | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Progress | None = None,
    stop: threading.Event | None = None,
) -> HistoryResult:
    """Write the snapshot of every account as of each date from `start` to `end`, `every_days` apart.

    The Accounts' current metrics are left alone; a snapshot of a day that already has a later one (a
    refresh of that day) is not overwritten.

    Once `stop` is set, no further batch starts: the one being written commits and the result is
    `stopped`, saying which dates are whole (`complete`) and how far the next one got. A backfill from
    `resume_from` to the same end, same step, finishes the job (rewriting a snapshot of the same instant
    changes nothing).
    """
    began = time.perf_counter()
    p = params or _settings_params()
    keys = [r["key"] for r in store.read("account_keys_all")]
    dates = list(history_dates(start, end, every_days))
    result = HistoryResult(dates=dates, accounts=len(keys))
    total, done = len(keys) * len(dates), 0
    for at in dates:
        for i in range(0, len(keys), batch_size):
            if stop is not None and stop.is_set():
                result.stopped_accounts = i
                result.seconds = time.perf_counter() - began
                return result
            batch = keys[i : i + batch_size]
            rows = store.read("account_snapshots", **snapshot_params(batch, at, p))
            writes = compute_batch(rows, at, p).writes
            if writes:
                snapshots = [{"key": w["key"], "snapshot": w["snapshot"]} for w in writes]
                written = store.write("write_metrics_snapshots", rows=snapshots)
                result.snapshots += int(written[0]["written"]) if written else 0
            done += len(batch)
            if progress:
                progress(done, total)
        result.complete += 1
    result.seconds = time.perf_counter() - began
    return result


@dataclass(frozen=True)
class PortfolioPoint:
    """One account's place in the portfolio at an instant."""

    account_key: str
    segment: str | None
    risk_level: str
    risk_score: float
    value_at_risk: float
    contribution_margin: float
    single_threaded: bool
    from_history: bool
    """True when read from a snapshot, False when computed from the interactions."""


@dataclass(frozen=True)
class PortfolioAsOf:
    """The portfolio as it stood at an instant: its customers, and the accounts left out of them."""

    points: list[PortfolioPoint]
    """The customers at that instant, ordered by key."""
    churned: list[str]
    """Accounts that had churned by then (`graph.metrics.lifecycle`): nothing left to lose, so neither
    counted by level nor at risk."""
    without_data: list[str]
    """Accounts with nothing dated by then (no interaction, employment or coverage): not there yet, as far
    as the graph can tell (accounts have no creation date)."""


async def portfolio_as_of_async(
    store: AsyncStore, at: datetime, *, allowed: list[str] | None, params: MetricParameters | None = None
) -> PortfolioAsOf:
    """Every account (of `allowed`; None for all) as it stood at `at`.

    From the risk history where an account has a snapshot no more than `history_max_age_days` before `at`;
    computed from the interactions for the others (exact, and slow for thousands of accounts). Accounts
    that had churned by `at`, or that have no data dated by `at`, are listed apart and never computed.
    """
    p = params or _settings_params()
    rows = await store.read(
        "metrics_snapshots_as_of", asOf=at, notBefore=at - timedelta(days=p.history_max_age_days),
        allowed=allowed,
    )
    # A churn date by `at` says the account was there before it, data or not.
    churned = [r["key"] for r in rows if churned_as_of(r, at)]
    gone = set(churned)
    without_data = [r["key"] for r in rows if r["key"] not in gone and not r["hasData"]]
    customers = [r for r in rows if r["key"] not in gone and r["hasData"]]
    points = {r["key"]: _from_snapshot(r) for r in customers if r["snapshot"] is not None}
    segments = {r["key"]: r["segment"] for r in customers}
    missing = [r["key"] for r in customers if r["snapshot"] is None]
    if missing:
        computed = await account_metrics_for_async(store, missing, as_of=at, params=p)
        for key, m in computed.items():
            points[key] = PortfolioPoint(
                key, segments.get(key), m.risk.level, m.risk.score, m.value_at_risk, m.contribution_margin,
                m.single_threaded, from_history=False,
            )
    return PortfolioAsOf([points[k] for k in sorted(points)], churned, without_data)


def _from_snapshot(row: dict[str, Any]) -> PortfolioPoint:
    s = row["snapshot"]
    return PortfolioPoint(
        row["key"], row["segment"], s["riskLevel"], float(s["riskScore"]), float(s.get("valueAtRisk") or 0.0),
        float(s.get("contributionMargin") or 0.0), bool(s.get("singleThreaded")), from_history=True,
    )


def _settings_params() -> MetricParameters:
    from graph.settings import get_settings

    return get_settings().metrics
