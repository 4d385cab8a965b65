"""Ctrl-C and SIGTERM for commands that talk to Neo4j: stop at a safe point first, abort at once on a
second one.

SIGTERM is how `kill`, `docker stop` and Kubernetes ask a process to stop (SIGKILL follows after a grace
period), so it is handled as Ctrl-C (SIGINT) is; a second signal of either kind aborts.

Python turns Ctrl-C into a KeyboardInterrupt raised wherever the main thread happens to be. Inside the
Neo4j driver's socket I/O that leaves the Bolt connection out of step with the server: the session's
clean-up then sends a ROLLBACK and waits for an answer that never comes, and the command hangs (seen
with `relgraph import` stopped mid-batch). So:

- every command: the first signal raises KeyboardInterrupt as usual (exit 130), the second exits at once
  (`hard_exit_on_second_interrupt`);
- long writes (`stop_requested`): the first signal only asks the work to stop at its next safe point
  (`import` and `history`, after the batch being written commits; `refresh`, after the batches in
  flight commit), the second exits at once. Exiting at once is
  safe for the data: the server rolls back the open transaction when the connection drops.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

__all__ = ["EXIT_INTERRUPTED", "STOP_SIGNALS", "hard_exit_on_second_interrupt", "stop_requested"]

# 128 + SIGINT, what shells report for a command stopped by Ctrl-C; also after a SIGTERM handled the same
# way, so that one code means "stopped on request" whichever signal asked.
EXIT_INTERRUPTED = 130

# The signals that ask a command to stop: Ctrl-C, and what `kill`, `docker stop` and Kubernetes send.
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def _abort(message: bytes) -> None:
    os.write(2, message)
    os._exit(EXIT_INTERRUPTED)


def _takeable() -> list[signal.Signals]:
    """The stop signals to take over: only the main thread can, and an ignored one (SIGINT of a
    background job, nohup) stays ignored."""
    if threading.current_thread() is not threading.main_thread():
        return []
    return [s for s in STOP_SIGNALS if signal.getsignal(s) is not signal.SIG_IGN]


def _named(signum: int) -> str:
    return "Ctrl-C" if signum == signal.SIGINT else signal.Signals(signum).name


def hard_exit_on_second_interrupt() -> None:
    """Install the default for the command line: KeyboardInterrupt once, then exit at once."""
    received = False

    def handler(signum: int, frame: FrameType | None) -> None:
        nonlocal received
        if received:
            _abort(b"\naborted\n")
        received = True
        raise KeyboardInterrupt

    for signum in _takeable():
        signal.signal(signum, handler)


@contextmanager
def stop_requested(
    notice: str, *, aborted: str = "aborted: the transaction in flight is rolled back by the server"
) -> Iterator[threading.Event]:
    """While inside: the first Ctrl-C or SIGTERM sets the yielded event (and prints `notice`), the second
    prints `aborted` and exits at once.

    The work polls the event at its safe points. Where the signals cannot be taken over (outside the
    main thread, ignored) the event is yielded all the same and never set by them.
    """
    event = threading.Event()
    taken = _takeable()
    if not taken:
        yield event
        return

    def handler(signum: int, frame: FrameType | None) -> None:
        if event.is_set():
            _abort(f"\n{aborted}\n".encode())
        event.set()
        # Not through the console: the handler may run while the progress display holds it.
        name = _named(signum)
        os.write(2, f"\n{name}: {notice} ({name} again to abort at once)\n".encode())

    previous = {signum: signal.signal(signum, handler) for signum in taken}
    try:
        yield event
    finally:
        for signum, handler_before in previous.items():
            signal.signal(signum, handler_before)
