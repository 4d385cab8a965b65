"""Run ingestion against the store: validate rows, write them in batches (one managed transaction each),
account for every row, and refresh the metrics of the accounts the committed rows touched.

`ingest` (sync, for the command line and the demo) and `ingest_async` (for the GraphQL mutations)
share everything but the I/O: validation comes from `graph.ingest.validation`, the statements from
`graph.ingest.plan`.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

from neo4j.exceptions import ConstraintError

from graph.ingest.plan import BatchResult, BatchWork, InteractionBatch, batch_work, prepare
from graph.ingest.report import IngestReport, Outcome, RowOutcome
from graph.ingest.scope import Allowed
from graph.ingest.validation import Item, SourceRow, Validator, parse_kind
from graph.records import Kind, Record
from graph.store import AsyncStore, AsyncTx, Store, Tx

__all__ = ["DEFAULT_BATCH_SIZE", "Refresh", "ingest", "ingest_async", "source_rows"]

DEFAULT_BATCH_SIZE = 2000
# With refresh="end", touched accounts are refreshed early once this many are pending (bounds memory).
_REFRESH_FLUSH = 5000

Refresh = Literal["batch", "end", "off"]
"""When to recompute the metrics of touched accounts: after every committed batch, once at the end, never."""

OnReject = Callable[[RowOutcome, SourceRow], None]
OnBatch = Callable[[IngestReport], None]


def source_rows(rows: Iterable[Mapping[str, Any] | Record | SourceRow]) -> Iterator[SourceRow]:
    """Mappings or records (GraphQL inputs, Python callers) as `SourceRow`s from 0 (line = index + 1)."""
    for index, row in enumerate(rows):
        if isinstance(row, SourceRow):
            yield row
        elif isinstance(row, Mapping):
            yield SourceRow(index, index + 1, row, raw=row)
        elif isinstance(row, Record):  # already a record (e.g. built from a GraphQL input): checked again
            data = row.model_dump(exclude_none=True)
            yield SourceRow(index, index + 1, data, raw=data)
        else:
            yield SourceRow(
                index, index + 1, None, raw=row, error=f"expected an object, got {type(row).__name__}"
            )


class _Accounting:
    """The report being built, plus where rejects go and which accounts await a refresh."""

    def __init__(self, kind: Kind, keep_outcomes: bool, on_reject: OnReject | None) -> None:
        self.report = IngestReport(kind=kind.value)
        self.keep_outcomes = keep_outcomes
        self.on_reject = on_reject
        self.pending_refresh: set[str] = set()

    def add(self, outcome: RowOutcome, row: SourceRow | None = None) -> None:
        self.report.count(outcome.outcome)
        if self.keep_outcomes:
            self.report.outcomes.append(outcome)
        if outcome.outcome is Outcome.REJECTED:
            if self.on_reject is not None and row is not None:
                self.on_reject(outcome, row)
            else:
                self.report.rejects.append(outcome)

    def add_batch(self, result: BatchResult, items: list[Item]) -> None:
        """Count a committed batch of `items`; a row rejected while writing is handed back whole."""
        sources: dict[int, SourceRow] | None = None
        for outcome in result.outcomes:
            row = None
            if outcome.outcome is Outcome.REJECTED:
                if sources is None:  # rare: built only for a batch that has a reject
                    sources = {source.index: source for source, _ in items}
                row = sources.get(outcome.index)
            self.add(outcome, row)
        self.report.touched_accounts |= result.touched_accounts
        self.pending_refresh |= result.touched_accounts
        self.report.batches += 1

    def reached(self, bundle: _Bundle) -> None:
        """Every row up to the end of `bundle` is accounted for (or put off to the end)."""
        last = bundle.items[-1][0].line if bundle.items else 0
        if bundle.rejects:  # in order, except the repeats found at the end of the batch
            last = max(last, max(row.line for _, row in bundle.rejects))
        self.report.last_line = max(self.report.last_line, last)


@dataclass
class _Bundle:
    """What the planner hands the writer: a batch of good rows (with what could be computed of its
    statements' parameters already) and the rows rejected before it."""

    items: list[Item] = field(default_factory=list)
    rejects: list[tuple[RowOutcome, SourceRow]] = field(default_factory=list)
    prepared: InteractionBatch | None = None


def _plan(
    kind: Kind, rows: Iterable[Mapping[str, Any] | Record | SourceRow], batch_size: int
) -> Iterator[_Bundle]:
    """Validate rows as they stream by; yield batches of good rows with the rows rejected on the way.

    Pure (no store, no accounting), so that it can run in a thread of its own ahead of the writer.
    At most `batch_size` rows of each sort are held at once.
    """
    validator = Validator(kind)
    try:
        bundle = _Bundle()
        for row in source_rows(rows):
            checked = validator.check(row)
            if isinstance(checked, RowOutcome):
                bundle.rejects.append((checked, row))
            else:
                bundle.items.append((row, checked))
            if len(bundle.items) >= batch_size or len(bundle.rejects) >= batch_size:
                yield _finish(kind, validator, bundle)
                bundle = _Bundle()
        if bundle.items or bundle.rejects:
            yield _finish(kind, validator, bundle)
    finally:
        validator.close()


def _finish(kind: Kind, validator: Validator, bundle: _Bundle) -> _Bundle:
    kept, repeats = validator.unique(bundle.items)
    return _Bundle(kept, bundle.rejects + repeats, prepare(kind, kept) if kept else None)


_DONE = object()


def _ahead(bundles: Iterator[_Bundle], depth: int = 2) -> Iterator[_Bundle]:
    """Run `bundles` in a thread, up to `depth` bundles ahead of the consumer.

    The writer waits on Neo4j most of the time (the GIL is released on the socket), so reading,
    parsing and validating the next batch overlaps the commit of the current one: on a two-core
    machine Python and Neo4j then run side by side instead of taking turns. An error in the planner
    is raised in the consumer; a consumer that stops early stops the thread.
    """
    channel: queue.Queue[Any] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def put(value: Any) -> bool:
        while not stop.is_set():
            try:
                channel.put(value, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for bundle in bundles:
                if not put(bundle):
                    return
            put(_DONE)
        except BaseException as exc:  # handed to the consumer, raised there
            put(_Failure(exc))
        finally:
            if stop.is_set():
                close = getattr(bundles, "close", None)
                if close is not None:
                    close()

    thread = threading.Thread(target=produce, name="relgraph-ingest-plan", daemon=True)
    thread.start()
    try:
        while True:
            value = channel.get()
            if value is _DONE:
                return
            if isinstance(value, _Failure):
                raise value.error
            yield value
    finally:
        stop.set()
        thread.join()


@dataclass(frozen=True)
class _Failure:
    error: BaseException


def _drive_sync(tx: Tx, work: BatchWork) -> BatchResult:
    rows: Any = None
    try:
        statement = next(work)
        while True:
            rows = tx.run(statement.name, **statement.params)
            statement = work.send(rows)
    except StopIteration as stop:
        return stop.value  # type: ignore[no-any-return]


async def _drive_async(tx: AsyncTx, work: BatchWork) -> BatchResult:
    try:
        statement = next(work)
        while True:
            rows = await tx.run(statement.name, **statement.params)
            statement = work.send(rows)
    except StopIteration as stop:
        return stop.value  # type: ignore[no-any-return]


def _refresher() -> Any:
    try:
        from graph import refresh
    except ImportError:  # the metrics stream's module is optional for ingestion itself
        return None
    return refresh


def ingest(
    store: Store,
    kind: Kind | str,
    rows: Iterable[Mapping[str, Any] | Record | SourceRow],
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    refresh: Refresh = "batch",
    keep_outcomes: bool = True,
    on_reject: OnReject | None = None,
    on_batch: OnBatch | None = None,
    pipeline: bool = True,
    stop: threading.Event | None = None,
    allowed: Allowed = None,
) -> IngestReport:
    """Validate and write `rows` of one kind; every row ends up counted as exactly one outcome.

    Parameters
    ----------
    store : Store
        Where to write.
    kind : Kind or str
        `accounts`, `contacts`, `staff`, `coverage` or `interactions`.
    rows : iterable of mappings (snake_case or camelCase keys) or `SourceRow`s
        Read lazily: memory stays flat however long the input.
    batch_size : int
        Rows per transaction (and per UNWIND).
    refresh : {"batch", "end", "off"}
        When to recompute the metrics of the accounts the rows touched.
    keep_outcomes : bool
        Keep every row's outcome in `report.outcomes` (the API's per-record answer); off for big files.
    on_reject : callable, optional
        Called with each rejected row's outcome and source row (the CLI writes the rejects file);
        without it rejects are kept in `report.rejects`.
    on_batch : callable, optional
        Called with the report after each committed batch (progress).
    pipeline : bool
        Read and validate the next batch in a thread while the current one commits (default). The
        callbacks still run in the calling thread; `rows` is iterated in the planning thread.
    stop : threading.Event, optional
        Once set, no further batch is started: the batch being written commits, the rows read ahead
        are dropped, and the report is marked `interrupted`, its rows accounted up to `last_line`
        (contacts put off for a later manager are still written). Running the same input again
        finishes the job: the rows already written then count as duplicates.
    allowed : sequence of account keys, optional
        The accounts the writer may write (a partner's API key); None (default) for all. Stored records
        and people outside them, and rows naming another account in their own account field, are
        treated as `graph.ingest.scope` says.

    Returns
    -------
    IngestReport
    """
    kind = parse_kind(kind) if isinstance(kind, str) else kind
    accounting = _Accounting(kind, keep_outcomes, on_reject)
    started = time.perf_counter()
    deferred: list[Item] = []

    def commit(items: list[Item], defer: bool, prepared: InteractionBatch | None = None) -> None:
        now = datetime.now(UTC)

        def work(tx: Tx) -> BatchResult:
            return _drive_sync(
                tx, batch_work(kind, items, now=now, defer=defer, prepared=prepared, allowed=allowed)
            )

        try:
            result = store.write_tx(work)
        except ConstraintError:
            # A concurrent writer created one of these interactions between our check and our CREATE;
            # once more, the check sees it and the row counts as a duplicate.
            result = store.write_tx(work)
        deferred.extend(result.deferred)
        accounting.add_batch(result, items)
        _maybe_refresh(store, accounting, refresh, final=False)
        if on_batch is not None:
            on_batch(accounting.report)

    bundles = _ahead(_plan(kind, rows, batch_size)) if pipeline else _plan(kind, rows, batch_size)
    for bundle in bundles:
        for outcome, row in bundle.rejects:
            accounting.add(outcome, row)
        if bundle.items:
            commit(bundle.items, True, bundle.prepared)
        accounting.reached(bundle)
        if stop is not None and stop.is_set():
            accounting.report.interrupted = True
            break
    close = getattr(bundles, "close", None)
    if close is not None:  # stops the planning thread now, not when the generator is collected
        close()
    # Contacts whose manager came later in the input: once more, now that the whole input is written.
    while deferred:
        again, deferred[:] = deferred[:batch_size], deferred[batch_size:]
        commit(again, False)
    _maybe_refresh(store, accounting, refresh, final=True)
    accounting.report.outcomes.sort(key=lambda o: o.index)
    accounting.report.rejects.sort(key=lambda o: o.index)
    accounting.report.seconds = time.perf_counter() - started
    return accounting.report


def _maybe_refresh(store: Store, accounting: _Accounting, refresh: Refresh, *, final: bool) -> None:
    keys = _due(accounting, refresh, final=final)
    module = _refresher() if keys else None
    if module is None:
        return
    started = time.perf_counter()
    module.refresh_accounts(store, sorted(keys))
    accounting.report.refresh_seconds += time.perf_counter() - started


def _due(accounting: _Accounting, refresh: Refresh, *, final: bool) -> set[str]:
    """The accounts to refresh now (and forget), by policy."""
    if refresh == "off" or not accounting.pending_refresh:
        accounting.pending_refresh.clear()
        return set()
    if refresh == "batch" or final or len(accounting.pending_refresh) >= _REFRESH_FLUSH:
        keys, accounting.pending_refresh = accounting.pending_refresh, set()
        return keys
    return set()


async def ingest_async(
    store: AsyncStore,
    kind: Kind | str,
    rows: Iterable[Mapping[str, Any] | Record | SourceRow],
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    refresh: Refresh = "batch",
    keep_outcomes: bool = True,
    on_reject: OnReject | None = None,
    allowed: Allowed = None,
) -> IngestReport:
    """The async twin of `ingest` (same validation, statements, scope and accounting), for the API."""
    kind = parse_kind(kind) if isinstance(kind, str) else kind
    accounting = _Accounting(kind, keep_outcomes, on_reject)
    started = time.perf_counter()
    deferred: list[Item] = []

    async def commit(items: list[Item], defer: bool, prepared: InteractionBatch | None = None) -> None:
        now = datetime.now(UTC)

        async def work(tx: AsyncTx) -> BatchResult:
            return await _drive_async(
                tx, batch_work(kind, items, now=now, defer=defer, prepared=prepared, allowed=allowed)
            )

        try:
            result = await store.write_tx(work)
        except ConstraintError:  # a concurrent twin: see ingest()
            result = await store.write_tx(work)
        deferred.extend(result.deferred)
        accounting.add_batch(result, items)
        await _maybe_refresh_async(store, accounting, refresh, final=False)

    for bundle in _plan(kind, rows, batch_size):
        for outcome, row in bundle.rejects:
            accounting.add(outcome, row)
        if bundle.items:
            await commit(bundle.items, True, bundle.prepared)
        accounting.reached(bundle)
    while deferred:
        again, deferred[:] = deferred[:batch_size], deferred[batch_size:]
        await commit(again, False)
    await _maybe_refresh_async(store, accounting, refresh, final=True)
    accounting.report.outcomes.sort(key=lambda o: o.index)
    accounting.report.rejects.sort(key=lambda o: o.index)
    accounting.report.seconds = time.perf_counter() - started
    return accounting.report


async def _maybe_refresh_async(
    store: AsyncStore, accounting: _Accounting, refresh: Refresh, *, final: bool
) -> None:
    keys = _due(accounting, refresh, final=final)
    module = _refresher() if keys else None
    if module is None or not hasattr(module, "refresh_accounts_async"):
        return
    started = time.perf_counter()
    await module.refresh_accounts_async(store, sorted(keys))
    accounting.report.refresh_seconds += time.perf_counter() - started
