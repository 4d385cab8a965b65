"""DataLoaders of the metrics: computed as of an instant, with people removed, for many accounts at once."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from api.loading import StoreLoader
from graph.apikeys import ApiKey
from graph.intelligence import account_metrics_for_async
from graph.metrics.account import AccountMetrics
from graph.metrics.parameters import MetricParameters
from graph.snapshot import utc_now
from graph.store import AsyncStore

__all__ = ["MetricsByAccountLoader", "MetricsKey"]


@dataclass(frozen=True)
class MetricsKey:
    """One account's metrics as of an instant (None: now), without some people, with Cost to Engage over
    [cost_from, as_of) (None: the ``cost_window_days`` before it)."""

    account_key: str
    as_of: datetime | None = None
    without: tuple[str, ...] = ()
    cost_from: datetime | None = None


class MetricsByAccountLoader(StoreLoader[MetricsKey, AccountMetrics | None]):
    """Every metric of many accounts; accounts asked with the same instant and removals share a batch.

    `graph.intelligence` reads their snapshots in batches of 200 (a fixed number of statements per page
    of accounts) and computes each account's small graph in Python.
    """

    def __init__(self, store: AsyncStore, caller: ApiKey | None, params: MetricParameters) -> None:
        super().__init__(store, caller)
        self.params = params
        # One "now" per request, so that every field of a response agrees on it.
        self.now = utc_now()

    async def load_batch(self, keys: list[MetricsKey]) -> list[AccountMetrics | None]:
        groups: dict[tuple[datetime, tuple[str, ...], datetime | None], list[str]] = defaultdict(list)
        for k in keys:
            if self.allowed is None or k.account_key in self.allowed:
                groups[(k.as_of or self.now, k.without, k.cost_from)].append(k.account_key)
        found: dict[tuple[str, datetime, tuple[str, ...], datetime | None], AccountMetrics] = {}
        for (at, without, cost_from), accounts in groups.items():
            metrics = await account_metrics_for_async(
                self.store, accounts, as_of=at, without=without, params=self.params, cost_from=cost_from
            )
            for account_key, m in metrics.items():
                found[(account_key, at, without, cost_from)] = m
        return [found.get((k.account_key, k.as_of or self.now, k.without, k.cost_from)) for k in keys]
