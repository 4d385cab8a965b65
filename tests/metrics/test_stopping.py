"""Stopping `relgraph refresh` and `relgraph history` on request (Ctrl-C, SIGTERM): the batches in flight
commit whole (metrics, snapshot, risk events and webhook deliveries together), no other starts, the result
and the command say how far the work got, and running it again finishes it."""

from __future__ import annotations

import re
import shlex
import signal
import subprocess
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from graph.cli.main import app
from graph.fanout import run_batches
from graph.history import backfill_history
from graph.metrics.parameters import MetricParameters
from graph.refresh import refresh_accounts, refresh_all
from graph.settings import Settings
from graph.store import Store
from tests.cli_process import relgraph_process
from tests.metrics.conftest import load_world
from tests.metrics.worlds import AS_OF, random_world

P = MetricParameters()

# Test scaffolding (the application's own Cypher lives in `queries/`): every account with a stored level
# no refresh computes, so each account a refresh writes makes exactly one risk change, one RiskEvent and
# one delivery to a webhook on every level; and what each account holds after a refresh.
_STALE_LEVELS = "MATCH (a:Account) SET a.riskLevel = 'STALE'"
_WEBHOOK = """
CREATE (:Webhook {id: 'wh_test', url: 'https://partner.example/hook', secret: 'whsec_test', minLevel: 'LOW',
                  ownerKeyId: 'test', createdAt: datetime()})
"""
_STATE = """
MATCH (a:Account)
RETURN a.key AS key, a.metricsAsOf IS NOT NULL AS refreshed, a.riskLevel AS level,
       COUNT { (a)-[:HAD_RISK_EVENT]->(:RiskEvent) } AS events,
       COUNT { (d:WebhookDelivery) WHERE d.accountKey = a.key } AS deliveries,
       COUNT { (a)-[:HAD_METRICS]->(:MetricsSnapshot) } AS snapshots
ORDER BY key
"""
_SNAPSHOTS_BY_DAY = """
MATCH (s:MetricsSnapshot) RETURN s.day AS day, count(*) AS snapshots ORDER BY day
"""


def _cypher(store: Store, text: str) -> list[dict[str, Any]]:
    with store.driver.session(database=store.database) as session:
        return [r.data() for r in session.run(text)]


def _stale_world(store: Store, accounts: int, seed: int = 61, every: int = 1) -> list[str]:
    """`accounts` accounts (every `every`-th interaction of the random world kept: a lighter load), their
    levels stale, and a webhook that hears every change. Returns the keys."""
    world = random_world(seed, accounts)
    world["interactions"] = world["interactions"][::every]
    load_world(store, world)
    _cypher(store, _STALE_LEVELS)
    _cypher(store, _WEBHOOK)
    return sorted(r["key"] for r in store.read("account_keys_all"))


def _refreshed_whole(store: Store) -> set[str]:
    """The accounts a refresh wrote, after checking that each holds all of it and the others none of it."""
    refreshed = set()
    for row in _cypher(store, _STATE):
        if row["refreshed"]:
            # Metrics, the day's snapshot, the risk event and its delivery: one transaction, all or nothing.
            assert (row["events"], row["deliveries"], row["snapshots"]) == (1, 1, 1), row
            assert row["level"] != "STALE", row
            refreshed.add(row["key"])
        else:
            untouched = (row["level"], row["events"], row["deliveries"], row["snapshots"])
            assert untouched == ("STALE", 0, 0, 0), row
    return refreshed


def _stop_at_first_progress(stop: threading.Event) -> Callable[[int, int], None]:
    def progress(done: int, total: int) -> None:
        stop.set()

    return progress


def test_a_stop_after_the_first_batch_commits_it_and_starts_no_other(world_store: Store) -> None:
    keys = _stale_world(world_store, 7)
    stop = threading.Event()
    result = refresh_all(
        world_store, as_of=AS_OF, params=P, batch_size=2, workers=1, progress=_stop_at_first_progress(stop),
        stop=stop,
    )

    assert result.stopped and result.accounts == 2 and result.requested == len(keys) and not result.missing
    assert len(result.changes) == 2 and result.deliveries == 2
    refreshed = _refreshed_whole(world_store)
    assert refreshed == {c.account_key for c in result.changes} == set(keys) - set(result.left)
    assert len(result.left) == len(keys) - 2

    # The keys left, refreshed: every account holds one refresh's worth, nothing twice.
    rest = refresh_accounts(world_store, result.left, as_of=AS_OF, params=P, batch_size=2)
    assert not rest.stopped and rest.left == [] and rest.accounts == len(keys) - 2
    assert _refreshed_whole(world_store) == set(keys)


class _StopAfterFirstCommit:
    """The store, asking to stop as soon as a batch commits: the three batches started with it are the
    ones in flight, and no fourth can have started (one starts only after another has returned)."""

    def __init__(self, store: Store, stop: threading.Event) -> None:
        self._store, self._stop = store, stop

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    def write_tx(self, work: Callable[[Any], Any]) -> Any:
        out = self._store.write_tx(work)
        self._stop.set()
        return out


def test_the_batches_in_flight_when_asked_to_stop_commit_and_count(world_store: Store) -> None:
    keys = _stale_world(world_store, 9)
    stop = threading.Event()
    store: Any = _StopAfterFirstCommit(world_store, stop)
    result = refresh_all(store, as_of=AS_OF, params=P, batch_size=2, workers=3, stop=stop)

    assert result.stopped and result.accounts == 6 and len(result.left) == len(keys) - 6
    # What follows each commit still happens for each of them: its changes and deliveries are counted.
    assert len(result.changes) == 6 and result.deliveries == 6
    assert _refreshed_whole(world_store) == {c.account_key for c in result.changes}
    assert result.left == keys[6:]  # account_keys_all is in key order, batches go in order


def test_a_stop_before_the_start_writes_nothing(world_store: Store) -> None:
    keys = _stale_world(world_store, 3)
    stop = threading.Event()
    stop.set()
    result = refresh_accounts(world_store, keys, as_of=AS_OF, params=P, stop=stop)
    assert result.stopped and result.accounts == 0 and result.left == keys and result.requested == 3
    assert _refreshed_whole(world_store) == set()


def test_a_refresh_that_is_not_stopped_says_so(world_store: Store) -> None:
    keys = _stale_world(world_store, 5)
    stop = threading.Event()
    result = refresh_all(world_store, as_of=AS_OF, params=P, batch_size=2, workers=2, stop=stop)
    assert not result.stopped and result.left == [] and result.accounts == result.requested == len(keys)
    assert _refreshed_whole(world_store) == set(keys)


def test_batches_are_handed_over_in_order_and_a_failure_waits_for_the_rest() -> None:
    second_done = threading.Event()

    def work(n: int) -> int:
        if n == 0:  # the first batch ends after the second: its result is still handed over first
            assert second_done.wait(30)
        if n == 1:
            second_done.set()
        return n

    seen: list[int] = []
    assert run_batches(work, [0, 1, 2, 3], on_done=seen.append, workers=2) == 0
    assert seen == [0, 1, 2, 3]

    failed = threading.Event()
    finished: list[int] = []

    def failing(n: int) -> int:
        if n == 0:
            failed.set()
            raise RuntimeError("batch 0")
        assert failed.wait(30)
        finished.append(n)
        return n

    with pytest.raises(RuntimeError, match="batch 0"):
        run_batches(failing, [0, 1, 2, 3], on_done=seen.append, workers=2)
    assert 1 in finished  # the batch running beside the failed one was waited for


def test_a_stopped_backfill_says_which_dates_are_whole_and_resuming_finishes_it(world_store: Store) -> None:
    keys = _stale_world(world_store, 5)
    start = AS_OF - timedelta(days=21)
    stop = threading.Event()

    def progress(done: int, total: int) -> None:
        if done == len(keys) + 3:  # the first batch of the second date
            stop.set()

    result = backfill_history(
        world_store, start=start, end=AS_OF, every_days=7, params=P, batch_size=3, progress=progress,
        stop=stop,
    )
    assert result.stopped and len(result.dates) == 4
    assert (result.complete, result.stopped_accounts, result.accounts) == (1, 3, len(keys))
    assert result.written_dates == [start] and result.resume_from == start + timedelta(days=7)
    assert result.snapshots == len(keys) + 3
    by_day = {r["day"].to_native(): r["snapshots"] for r in _cypher(world_store, _SNAPSHOTS_BY_DAY)}
    assert by_day == {start.date(): len(keys), (start + timedelta(days=7)).date(): 3}

    assert result.resume_from is not None
    rest = backfill_history(world_store, start=result.resume_from, end=AS_OF, every_days=7, params=P)
    assert not rest.stopped and rest.resume_from is None and rest.complete == 3
    by_day = {r["day"].to_native(): r["snapshots"] for r in _cypher(world_store, _SNAPSHOTS_BY_DAY)}
    assert by_day == {(start + timedelta(days=7 * n)).date(): len(keys) for n in range(4)}


def test_a_backfill_stopped_between_dates_has_no_partial_date(world_store: Store) -> None:
    keys = _stale_world(world_store, 4)
    stop = threading.Event()
    result = backfill_history(
        world_store, start=AS_OF - timedelta(days=14), end=AS_OF, every_days=7, params=P,
        progress=lambda done, total: stop.set(), stop=stop,
    )
    assert result.stopped and (result.complete, result.stopped_accounts) == (1, 0)
    assert result.snapshots == len(keys)


# The command line in a real subprocess, stopped by a real signal.




def _stopped(proc: subprocess.Popen[str], stop: signal.Signals, begun: Callable[[], bool], what: str) -> str:
    """Send `stop` to `proc` once `begun()` holds; its stderr, whitespace runs made one space, after
    checking that it exited 130 without a traceback."""
    try:
        _when(begun, proc, what)
        proc.send_signal(stop)
        _, err = proc.communicate(timeout=120)
    finally:
        proc.kill()
    assert proc.returncode == 130, err
    assert "Traceback" not in err, err
    return " ".join(err.split())  # the messages are matched whatever their line breaks


def _when(check: Callable[[], bool], proc: subprocess.Popen[str], what: str) -> None:
    """Wait until `check()` holds (the command has committed something), failing if it ends first."""
    deadline = time.monotonic() + 120
    while not check():
        assert proc.poll() is None, f"the command ended before it {what}: {proc.communicate()}"
        assert time.monotonic() < deadline, f"the command never {what}"
        time.sleep(0.02)


def _some_refreshed(store: Store) -> bool:
    return any(r["refreshed"] for r in _cypher(store, _STATE))


_NAMES = {signal.SIGINT: "Ctrl-C", signal.SIGTERM: "SIGTERM"}


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_refresh_all_stops_after_the_batches_in_flight_and_says_how_far_it_got(
    stop: signal.Signals, world_store: Store, settings: Settings, tmp_path: Path, cli_env: None
) -> None:
    # One account per batch: many commits, so the signal lands mid-run.
    keys = _stale_world(world_store, 150, every=5)
    args = ["refresh", "--all", "--as-of", AS_OF.isoformat(), "--batch-size", "1", "--workers", "2"]
    err = _stopped(relgraph_process(settings, tmp_path, *args), stop, lambda: _some_refreshed(world_store),
                   "refreshed an account")
    name = _NAMES[stop]
    assert f"{name}: stopping after the batches in flight commit" in err, err
    found = re.search(r"interrupted: (\d+) of (\d+) accounts refreshed .*the other (\d+) keep their previous "
                      r"metrics\. Run the same command again to refresh all of them\.", err)
    assert found is not None, err
    done, total, left = map(int, found.groups())
    assert total == len(keys) and 0 < done < total and done + left == total
    assert re.search(rf"refreshed {done} accounts in .*; {done} risk level changes", err), err
    assert len(_refreshed_whole(world_store)) == done

    again = CliRunner().invoke(app, args)
    assert again.exit_code == 0, again.output
    assert _refreshed_whole(world_store) == set(keys)  # one event and delivery each: nothing twice


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_history_stops_between_batches_and_prints_the_command_that_finishes_it(
    stop: signal.Signals, world_store: Store, settings: Settings, tmp_path: Path, cli_env: None
) -> None:
    keys = _stale_world(world_store, 4, every=5)
    first, last = (AS_OF - timedelta(days=119)).date(), AS_OF.date()
    proc = relgraph_process(
        settings, tmp_path, "history", "--from", str(first), "--to", str(last), "--every", "1"
    )
    err = _stopped(proc, stop, lambda: bool(_cypher(world_store, _SNAPSHOTS_BY_DAY)), "wrote a snapshot")
    assert f"{_NAMES[stop]}: stopping once the batch of snapshots being written commits" in err, err
    found = re.search(r"interrupted: (\d+) of 120 dates written \(([-\d]+) to ([-\d]+)\); ([-\d]+) to "
                      r"([-\d]+) not started\. To write the rest, run the same command with --from ([-\d]+): "
                      r"(relgraph history .*)", err)
    assert found is not None, err
    written, frm, to, rest_from, rest_to, resume, command = found.groups()
    # One batch per date here (4 accounts): the stop fell between dates, every date written is whole.
    by_day = {r["day"].to_native(): r["snapshots"] for r in _cypher(world_store, _SNAPSHOTS_BY_DAY)}
    assert sorted(by_day) == [first + timedelta(days=n) for n in range(int(written))]
    assert set(by_day.values()) == {len(keys)}
    assert (frm, to) == (str(first), str(first + timedelta(days=int(written) - 1)))
    assert rest_from == resume == str(first + timedelta(days=int(written))) and rest_to == str(last)
    assert shlex.split(command) == [
        "relgraph", "history", "--from", resume, "--to", str(last), "--every", "1"
    ]
    assert re.search(rf"wrote {int(written) * len(keys)} snapshots over {written} dates", err), err

    finished = CliRunner().invoke(app, shlex.split(command)[1:])
    assert finished.exit_code == 0, finished.output
    by_day = {r["day"].to_native(): r["snapshots"] for r in _cypher(world_store, _SNAPSHOTS_BY_DAY)}
    assert by_day == {first + timedelta(days=n): len(keys) for n in range(120)}


def test_history_resume_option_keeps_the_time_of_day() -> None:
    from graph.cli.history import _as_option

    assert _as_option(datetime(2026, 1, 8, tzinfo=UTC)) == "2026-01-08"
    assert _as_option(datetime(2026, 1, 8, 12, 30, tzinfo=UTC)) == "2026-01-08T12:30:00+00:00"
