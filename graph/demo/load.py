"""Load the demo world into the graph through ingestion, then refresh every account's metrics."""

from __future__ import annotations

import inspect
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from graph.demo.portfolio import ChampionMove
from graph.demo.world import KINDS, generate_world
from graph.store import Store

__all__ = ["DemoSummary", "LoadProgress", "load_demo"]

LoadProgress = Callable[[str, int, "int | None"], None]
"""`progress(phase, done, total)`: rows done so far in `phase` (a kind, or `refresh`); total if known."""

# Ingestion kind of each stream: the moves are contact records (a later record for the same contact).
_INGEST_KIND = {kind: ("contacts" if kind == "contact_moves" else kind) for kind in KINDS}
_TICK = 500


@dataclass
class DemoSummary:
    """What `load_demo` loaded, and which accounts carry each story.

    Attributes
    ----------
    counts : dict[str, int]
        Rows sent to ingestion per kind (`accounts`, `staff`, `contacts`, `coverage`, `interactions`,
        `contact_moves`).
    rejected : dict[str, int]
        Rows ingestion rejected per kind (0 for a sound generator).
    stories : dict[str, list[str]]
        Account keys by story: `multi_threaded`, `single_threaded_contact`, `single_threaded_staff`,
        `going_dark`, `churned`, `healthy`; `champion_moved` lists the contact keys of the champions who
        moved, `champion_left` and `champion_joined` the accounts they left and joined.
    champion_moves : list[ChampionMove]
        Each move with its contact, from and to accounts, and dates.
    seconds : dict[str, float]
        Wall time per phase (each kind, and `refresh`).
    refreshed : int
        Accounts whose metrics the final refresh computed (0 when `graph.refresh` is missing).
    reject_samples : list[str]
        The first rejects of each kind, to say why (empty for a sound generator).
    """

    accounts: int
    seed: int
    anchor: datetime
    counts: dict[str, int] = field(default_factory=dict)
    rejected: dict[str, int] = field(default_factory=dict)
    stories: dict[str, list[str]] = field(default_factory=dict)
    champion_moves: list[ChampionMove] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    refreshed: int = 0
    reject_samples: list[str] = field(default_factory=list)

    @property
    def interactions(self) -> int:
        return self.counts.get("interactions", 0)


def _counted(
    rows: Iterable[dict], phase: str, total: int | None, progress: LoadProgress | None, counter: list[int]
) -> Iterator[dict]:
    n = 0
    for row in rows:
        yield row
        n += 1
        if progress is not None and n % _TICK == 0:
            progress(phase, n, total)
    counter[0] = n
    if progress is not None:
        progress(phase, n, total)


def _rejected(report: Any) -> int:
    """Rejected rows of an ingestion report, whatever its exact shape."""
    for name in ("rejected_count", "rejected"):
        value = getattr(report, name, None)
        if isinstance(value, int):
            return value
        if isinstance(value, (list, tuple)):
            return len(value)
    counts = getattr(report, "counts", None)
    if isinstance(counts, dict):
        return int(counts.get("rejected", 0))
    return 0


def load_demo(
    store: Store,
    accounts: int = 1000,
    seed: int = 7,
    *,
    anchor: datetime | None = None,
    progress: LoadProgress | None = None,
    history_weeks: int = 0,
) -> DemoSummary:
    """Generate the demo world and load it through `graph.ingest.ingest`, then refresh all metrics.

    Kinds load in order: accounts, staff, contacts, coverage, interactions, then the second records of
    the contacts who moved. Ingestion's per-batch refresh is turned off, and one
    `graph.refresh.refresh_all` runs at the end (as of the anchor when one was given).

    Parameters
    ----------
    store : Store
    accounts, seed : int
        Size and seed of the world (same values, same world).
    anchor : datetime, optional
        The world's "now" (default: today 00:00 UTC).
    progress : callable, optional
        `progress(phase, done, total)`.
    history_weeks : int
        Weekly snapshots of the risk history to backfill before the anchor (`graph.history`), so that
        trends and `portfolio(asOf:)` have history to read; each costs about one full refresh.

    Returns
    -------
    DemoSummary
    """
    from graph.ingest import ingest

    world = generate_world(accounts, seed, anchor=anchor)
    summary = DemoSummary(
        accounts=accounts,
        seed=seed,
        anchor=world.anchor,
        stories=world.stories,
        champion_moves=world.champion_moves,
    )
    # Ingestion's own refresh is off: one refresh of everything at the end is far cheaper. Outcomes of
    # accepted rows are not kept (a million of them would only cost memory); rejects are.
    options: dict[str, Any] = {}
    parameters = inspect.signature(ingest).parameters
    if "refresh" in parameters:
        options["refresh"] = "off"
    if "keep_outcomes" in parameters:
        options["keep_outcomes"] = False
    totals = {
        "accounts": accounts,
        "staff": len(world.portfolio.staff),
        "contact_moves": len(world.champion_moves),
    }
    for kind in KINDS:
        started = time.perf_counter()
        counter = [0]
        rows = _counted(world.rows(kind), kind, totals.get(kind), progress, counter)
        report = ingest(store, _INGEST_KIND[kind], rows, **options)
        summary.counts[kind] = counter[0]
        summary.rejected[kind] = _rejected(report)
        for reject in list(getattr(report, "rejects", []) or [])[:3]:
            summary.reject_samples.append(
                f"{kind} row {getattr(reject, 'index', '?')}: {getattr(reject, 'message', reject)}"
            )
        summary.seconds[kind] = time.perf_counter() - started

    try:
        from graph.refresh import refresh_all
    except ImportError:  # the metrics are not there yet: the data alone is still a world
        return summary
    started = time.perf_counter()

    def refresh_progress(done: int, total: int) -> None:
        if progress is not None:
            progress("refresh", done, total)

    refresh_options: dict[str, Any] = {"progress": refresh_progress}
    if anchor is not None and "as_of" in inspect.signature(refresh_all).parameters:
        refresh_options["as_of"] = world.anchor
    result = refresh_all(store, **refresh_options)
    summary.refreshed = getattr(result, "accounts", 0)
    summary.seconds["refresh"] = time.perf_counter() - started
    if history_weeks > 0:
        from graph.history import backfill_history

        started = time.perf_counter()
        end = world.anchor - timedelta(days=7)
        backfill_history(
            store, start=end - timedelta(days=7 * (history_weeks - 1)), end=end, every_days=7,
            progress=(lambda done, total: progress("history", done, total)) if progress else None,
        )
        summary.seconds["history"] = time.perf_counter() - started
    return summary
