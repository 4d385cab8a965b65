"""Run batches of work on a few threads, in order, and stop starting new ones when asked.

`relgraph refresh` keeps a few batches in flight (Neo4j aggregates one while Python computes another).
A stop request (Ctrl-C, SIGTERM: `graph.cli.interrupt.stop_requested`) must let the batches already
running finish and commit, and start no other: a batch is one transaction, so the graph then holds
whole batches only, and what follows each commit (the caller's `on_done`: its result counted, its
progress shown) still happens for every batch that committed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import TypeVar

__all__ = ["run_batches"]

B = TypeVar("B")
R = TypeVar("R")


def run_batches(
    work: Callable[[B], R],
    batches: Sequence[B],
    *,
    on_done: Callable[[R], None],
    workers: int = 1,
    stop: threading.Event | None = None,
) -> int:
    """Run `work` on each batch, at most `workers` at once; `on_done` gets the results in batch order,
    on the calling thread. Returns how many batches were never started because `stop` was set.

    `stop` is checked before each batch starts; the batches running then finish (and `on_done` gets
    them). An exception in a batch is raised here once the batches running with it have finished.
    """
    if workers <= 1 or len(batches) <= 1:
        # One batch (the usual case after an ingest commit) runs on the calling thread.
        for started, batch in enumerate(batches):
            if _asked(stop):
                return len(batches) - started
            on_done(work(batch))
        return 0
    return _in_pool(work, batches, on_done, workers, stop)


def _in_pool(
    work: Callable[[B], R],
    batches: Sequence[B],
    on_done: Callable[[R], None],
    workers: int,
    stop: threading.Event | None,
) -> int:
    # Never more submitted than there are threads: a queued batch would start after a stop request (a
    # cancelled future is one that has not started, and the queue drains between check and cancel).
    running: dict[Future[R], int] = {}
    finished: dict[int, R] = {}
    started = handed = 0
    with ThreadPoolExecutor(max_workers=workers) as pool:
        while True:
            while len(running) < workers and started < len(batches) and not _asked(stop):
                running[pool.submit(work, batches[started])] = started
                started += 1
            if not running:
                return len(batches) - started
            # The main thread waits here; a stop signal's handler runs meanwhile and only sets `stop`.
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                # A failure is raised from here; leaving the pool waits for the batches still running.
                finished[running.pop(future)] = future.result()
            while handed in finished:
                on_done(finished.pop(handed))
                handed += 1


def _asked(stop: threading.Event | None) -> bool:
    return stop is not None and stop.is_set()
