"""Ctrl-C for commands that talk to Neo4j: stop at a safe point first, abort at once on a second press.

Python turns Ctrl-C into a KeyboardInterrupt raised wherever the main thread happens to be. Inside the
Neo4j driver's socket I/O that leaves the Bolt connection out of step with the server: the session's
clean-up then sends a ROLLBACK and waits for an answer that never comes, and the command hangs (seen
with `relgraph import` stopped mid-batch). So:

- every command: the first Ctrl-C raises KeyboardInterrupt as usual, the second exits at once
  (`hard_exit_on_second_interrupt`);
- long writes (`stop_requested`): the first Ctrl-C only asks the work to stop at its next safe point
  (an import, after the batch being written commits), the second exits at once. Exiting at once is
  safe for the data: the server rolls back the open transaction when the connection drops.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

__all__ = ["EXIT_INTERRUPTED", "hard_exit_on_second_interrupt", "stop_requested"]

# 128 + SIGINT, what shells report for a command stopped by Ctrl-C.
EXIT_INTERRUPTED = 130


def _abort(message: bytes) -> None:
    os.write(2, message)
    os._exit(EXIT_INTERRUPTED)


def _can_handle() -> bool:
    """Whether to take Ctrl-C over: only the main thread can, and an ignored SIGINT (a background
    job, nohup) stays ignored."""
    return (
        threading.current_thread() is threading.main_thread()
        and signal.getsignal(signal.SIGINT) is not signal.SIG_IGN
    )


def hard_exit_on_second_interrupt() -> None:
    """Install the default for the command line: KeyboardInterrupt once, then exit at once."""
    if not _can_handle():
        return
    pressed = False

    def handler(signum: int, frame: FrameType | None) -> None:
        nonlocal pressed
        if pressed:
            _abort(b"\naborted\n")
        pressed = True
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, handler)


@contextmanager
def stop_requested(notice: str) -> Iterator[threading.Event]:
    """While inside: the first Ctrl-C sets the yielded event (and prints `notice`), the second aborts.

    The work polls the event at its safe points. Where Ctrl-C cannot be taken over (outside the main
    thread, SIGINT ignored) the event is yielded all the same and never set by it.
    """
    event = threading.Event()
    if not _can_handle():
        yield event
        return

    def handler(signum: int, frame: FrameType | None) -> None:
        if event.is_set():
            _abort(b"\naborted: the transaction in flight is rolled back by the server\n")
        event.set()
        # Not through the console: the handler may run while the progress display holds it.
        os.write(2, f"\n{notice} (Ctrl-C again to abort at once)\n".encode())

    previous = signal.signal(signal.SIGINT, handler)
    try:
        yield event
    finally:
        signal.signal(signal.SIGINT, previous)
