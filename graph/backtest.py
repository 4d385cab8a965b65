"""Backtest: does the risk score, as of each month, lead the churn that followed within a horizon?"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from graph.errors import RelgraphError
from graph.intelligence import account_metrics_for
from graph.metrics.parameters import MetricParameters
from graph.snapshot import instant, utc_now
from graph.store import Store

__all__ = [
    "BacktestResult",
    "MonthResult",
    "NoEvaluationDates",
    "auc",
    "decile_rates",
    "month_starts",
    "run_backtest",
]


class NoEvaluationDates(RelgraphError):
    """The range holds no month start, so there is nothing to evaluate (rather than an empty table)."""


@dataclass(frozen=True)
class MonthResult:
    """One evaluation date: how many accounts were still customers, how many churned within the horizon,
    and how well the risk score as of that date ranked them."""

    as_of: datetime
    accounts: int
    churned: int
    auc: float | None
    decile_churn_rate: float | None
    rest_churn_rate: float | None
    without_data: int = 0
    """Customers left out because nothing of theirs is dated by then (not there yet, as far as the graph
    can tell): scored, they would be an empty relationship, the riskiest there is, and then not churn."""


@dataclass
class BacktestResult:
    """Per month results and the pooled ones (every (account, month) pair together)."""

    horizon_days: int
    months: list[MonthResult] = field(default_factory=list)
    auc: float | None = None
    decile_churn_rate: float | None = None
    rest_churn_rate: float | None = None
    observations: int = 0
    churned: int = 0

    @property
    def lift(self) -> float | None:
        if self.decile_churn_rate is None or not self.rest_churn_rate:
            return None
        return self.decile_churn_rate / self.rest_churn_rate


def auc(scores: Sequence[float], labels: Sequence[bool]) -> float | None:
    """Area under the ROC curve: the chance a churned account scores above one that stayed (ties count 1/2).

    Returns None when either class is empty. O(n log n) through ranks (Mann-Whitney U).

    Examples
    --------
    >>> auc([0.9, 0.8, 0.1, 0.2], [True, True, False, False])
    1.0
    >>> auc([0.5, 0.5], [True, False])
    0.5
    """
    pos = sum(1 for y in labels if y)
    neg = len(labels) - pos
    if pos == 0 or neg == 0:
        return None
    order = sorted(range(len(scores)), key=lambda i: scores[i])
    ranks = [0.0] * len(scores)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and scores[order[j + 1]] == scores[order[i]]:
            j += 1
        for m in range(i, j + 1):
            ranks[order[m]] = (i + j) / 2.0 + 1.0
        i = j + 1
    rank_sum = sum(r for r, y in zip(ranks, labels, strict=True) if y)
    return (rank_sum - pos * (pos + 1) / 2.0) / (pos * neg)


def decile_rates(scores: Sequence[float], labels: Sequence[bool]) -> tuple[float | None, float | None]:
    """Churn rate of the riskiest tenth (at least one account) and of the rest.

    Examples
    --------
    >>> decile_rates([float(i) for i in range(10)], [False] * 9 + [True])
    (1.0, 0.0)
    """
    n = len(scores)
    if n == 0:
        return None, None
    top = max(1, n // 10)
    order = sorted(range(n), key=lambda i: -scores[i])
    head, rest = order[:top], order[top:]
    rate = lambda idx: sum(1 for i in idx if labels[i]) / len(idx) if idx else None  # noqa: E731
    return rate(head), rate(rest)


def month_starts(start: datetime, end: datetime) -> list[datetime]:
    """The first instant of every month from `start`'s month to `end` (inclusive), UTC.

    Examples
    --------
    >>> days = month_starts(datetime(2026, 1, 15, tzinfo=UTC), datetime(2026, 3, 1, tzinfo=UTC))
    >>> [d.date().isoformat() for d in days]
    ['2026-02-01', '2026-03-01']
    """
    y, m = start.year, start.month
    out: list[datetime] = []
    while True:
        d = datetime(y, m, 1, tzinfo=UTC)
        if d > end:
            return out
        if d >= start:
            out.append(d)
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)


def run_backtest(
    store: Store,
    *,
    horizon_days: int = 90,
    start: datetime | None = None,
    end: datetime | None = None,
    params: MetricParameters | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> BacktestResult:
    """Score every account still a customer as of each month start and check churn within the horizon.

    An account with nothing dated by a month start (no interaction, employment or coverage begun by
    then) is not there yet as far as the graph can tell: it is left out of that month and counted in
    `MonthResult.without_data`, never scored as the empty relationship it would look like.

    Parameters
    ----------
    store : Store
    horizon_days : int
        An account counts as churned for a date when its ``churnedAt`` falls within this many days after.
    start, end : datetime, optional
        The range of evaluation dates; by default the year ending `horizon_days` before the latest
        interaction (so every outcome can be observed).
    params : MetricParameters, optional
    progress : callable, optional
        Called with ``(months done, months)``.

    Raises
    ------
    NoEvaluationDates
        When no month starts in the range (`start` after `end`, or both within one month).
    """
    accounts = [_BacktestAccount.of(r) for r in store.read("backtest_accounts")]
    span = store.read("interaction_time_range")
    last = instant(span[0]["last"]) if span and span[0]["last"] else None
    until: datetime = end or ((last or utc_now()) - timedelta(days=horizon_days))
    since: datetime = start or (until - timedelta(days=365))
    dates = month_starts(since, until)
    if not dates:
        # The defaults depend on the data, so say what they came to: the person may have typed neither.
        frm = since.date().isoformat() + ("" if start else " (default: a year before the last date)")
        to = until.date().isoformat() + (
            "" if end else f" (default: {horizon_days} days before the latest interaction)"
        )
        raise NoEvaluationDates(
            f"no month starts from {frm} to {to}, so there is no date to evaluate",
            hint="evaluation dates are month starts; give a --from before --to with one between them",
        )
    result = BacktestResult(horizon_days)
    all_scores: list[float] = []
    all_labels: list[bool] = []
    for n, at in enumerate(dates, 1):
        horizon = at + timedelta(days=horizon_days)
        customers = [a for a in accounts if a.churned_at is None or a.churned_at > at]
        alive = {a.key: a.churned_at for a in customers if a.seen_by(at)}
        metrics = account_metrics_for(store, list(alive), as_of=at, params=params)
        scores = [m.risk.score for m in metrics.values()]
        labels = [_churned_by(alive[k], horizon) for k in metrics]
        top, rest = decile_rates(scores, labels)
        result.months.append(
            MonthResult(
                at, len(scores), sum(labels), auc(scores, labels), top, rest,
                without_data=len(customers) - len(alive),
            )
        )
        all_scores += scores
        all_labels += labels
        if progress:
            progress(n, len(dates))
    result.auc = auc(all_scores, all_labels)
    result.decile_churn_rate, result.rest_churn_rate = decile_rates(all_scores, all_labels)
    result.observations, result.churned = len(all_scores), sum(all_labels)
    return result


@dataclass(frozen=True)
class _BacktestAccount:
    key: str
    churned_at: datetime | None
    data_since: datetime | None
    undated_data: bool

    @classmethod
    def of(cls, row: dict[str, Any]) -> _BacktestAccount:
        return cls(row["key"], instant(row["churnedAt"]), instant(row["dataSince"]), bool(row["undatedData"]))

    def seen_by(self, at: datetime) -> bool:
        """Whether anything of the account is dated by `at` (an undated employment or coverage always is)."""
        return self.undated_data or (self.data_since is not None and self.data_since <= at)


def _churned_by(churned_at: datetime | None, horizon: datetime) -> bool:
    return churned_at is not None and churned_at <= horizon
