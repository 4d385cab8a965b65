"""Every `relgraph` command: the first Ctrl-C or SIGTERM raises KeyboardInterrupt (typer exits 130), the
second exits at once, also when the first one's clean-up hangs (`relgraph refresh`, `history`, ...)."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import pytest

_COMMAND = """
import time
from graph.cli.interrupt import hard_exit_on_second_interrupt

hard_exit_on_second_interrupt()
try:
    print("working", flush=True)
    time.sleep(60)
except KeyboardInterrupt:
    print("stopping", flush=True)
    time.sleep(60)  # a clean-up that hangs, as one in the driver's socket I/O can
"""


@pytest.mark.parametrize(
    ("first", "second"),
    [(signal.SIGTERM, signal.SIGTERM), (signal.SIGINT, signal.SIGINT), (signal.SIGINT, signal.SIGTERM)],
    ids=["sigterm-twice", "ctrl-c-twice", "ctrl-c-then-sigterm"],
)
def test_a_first_stop_signal_interrupts_and_a_second_aborts(
    first: signal.Signals, second: signal.Signals
) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", _COMMAND],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: [signal.signal(s, signal.SIG_DFL) for s in (signal.SIGINT, signal.SIGTERM)],
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline() == "working\n"
        proc.send_signal(first)
        assert proc.stdout.readline() == "stopping\n"  # the first: a KeyboardInterrupt, not death
        started = time.monotonic()
        proc.send_signal(second)
        assert proc.wait(timeout=20) == 130
        assert time.monotonic() - started < 10
        assert proc.stderr is not None and proc.stderr.read().strip() == "aborted"
    finally:
        proc.kill()
