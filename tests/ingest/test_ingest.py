"""`graph.ingest.ingest` and its async twin: employment history, reporting lines, threads, accounting."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest

import graph.refresh
from graph.ingest import Outcome, ingest, ingest_async
from graph.records import AccountRecord
from graph.store import AsyncStore, Store
from tests.ingest.conftest import ACCOUNTS, CONTACTS, STAFF, dump, interactions


def _load_people(store: Store) -> None:
    assert ingest(store, "accounts", ACCOUNTS, refresh="off").inserted == 4
    assert ingest(store, "staff", STAFF, refresh="off").inserted == 3


def _rels(store: Store, rel_type: str) -> dict[tuple[str, str], dict]:
    return {(r[0], r[2]): dict(r[3]) for r in dump(store)["rels"] if r[1] == rel_type}


def _meeting(key: str, at: str, contacts: list[str], staff: list[str], **extra: object) -> dict:
    return {
        "key": key,
        "source": "crm",
        "channel": "meeting",
        "occurredAt": at,
        "direction": "mutual",
        "accountKey": "a1",
        "contactKeys": contacts,
        "staffKeys": staff,
        **extra,
    }


def test_a_move_closes_the_old_employment_and_replays_change_nothing(clean_store: Store) -> None:
    _load_people(clean_store)
    joined = {"key": "c1", "name": "Cleo", "role": "champion", "account_key": "a1", "since": "2024-01-01"}
    moved = {**joined, "account_key": "a2", "since": "2026-03-01"}
    assert ingest(clean_store, "contacts", [joined], refresh="off").inserted == 1
    report = ingest(clean_store, "contacts", [moved], refresh="off")
    assert report.updated == 1 and {"a1", "a2"} <= report.touched_accounts

    works = _rels(clean_store, "WORKS_AT")
    held = {"role": "champion", "seniority": "unknown"}  # what they were there (no title recorded)
    assert works[("c1", "a1")] == {
        "since": datetime(2024, 1, 1, tzinfo=UTC),
        "until": datetime(2026, 3, 1, tzinfo=UTC),
        **held,
    }
    assert works[("c1", "a2")] == {"since": datetime(2026, 3, 1, tzinfo=UTC), **held}

    before = dump(clean_store)
    # Replaying the older record after the newer one must not reopen the old employment.
    for record in (joined, moved):
        assert ingest(clean_store, "contacts", [record], refresh="off").duplicate == 1
    assert dump(clean_store) == before


def _contact(store: Store, key: str) -> dict:
    contacts = [dict(props) for labels, props in dump(store)["nodes"] if "Contact" in labels]
    return next(c for c in contacts if c["key"] == key)


def test_a_row_about_a_past_employment_leaves_the_contact_as_it_is_now(clean_store: Store) -> None:
    _load_people(clean_store)
    boss_then = {"key": "c9", "name": "Bo", "account_key": "a1"}
    boss_now = {"key": "c8", "name": "Ann", "account_key": "a2"}
    assert ingest(clean_store, "contacts", [boss_then, boss_now], refresh="off").inserted == 2
    then = {"key": "c1", "name": "Cleo", "role": "champion", "email": "cleo@a1.example",
            "account_key": "a1", "since": "2024-01-01", "reports_to_key": "c9"}
    now = {**then, "role": "unknown", "email": "cleo@a2.example", "account_key": "a2",
           "since": "2026-03-01", "reports_to_key": "c8"}
    ingest(clean_store, "contacts", [then], refresh="off")
    assert ingest(clean_store, "contacts", [now], refresh="off").updated == 1
    present = dump(clean_store)
    assert _contact(clean_store, "c1")["email"] == "cleo@a2.example"

    # The older record again (an old file replayed): history, not the present.
    report = ingest(clean_store, "contacts", [then], refresh="off")
    assert [o.outcome for o in report.outcomes] == [Outcome.DUPLICATE]
    assert dump(clean_store) == present
    assert set(_rels(clean_store, "REPORTS_TO")) == {("c1", "c8")}

    # A closed period at an account never stored before, while the contact works elsewhere now.
    earlier = {"key": "c1", "name": "Cleo", "email": "cleo@a3.example", "account_key": "a3",
               "since": "2020-01-01", "until": "2023-12-31", "reports_to_key": "c9"}
    assert ingest(clean_store, "contacts", [earlier], refresh="off").updated == 1  # the employment
    assert _contact(clean_store, "c1")["email"] == "cleo@a2.example"
    assert set(_rels(clean_store, "REPORTS_TO")) == {("c1", "c8")}
    assert _rels(clean_store, "WORKS_AT")[("c1", "a3")]["until"] == datetime(2023, 12, 31, tzinfo=UTC)

    # A return (since after the old employment's end) is the present again.
    back = {**then, "email": "cleo@a1-again.example", "since": "2026-06-01"}
    assert ingest(clean_store, "contacts", [back], refresh="off").updated == 1
    assert _contact(clean_store, "c1")["email"] == "cleo@a1-again.example"
    assert set(_rels(clean_store, "REPORTS_TO")) == {("c1", "c9")}


def test_a_history_written_newest_first_ends_at_the_present(clean_store: Store) -> None:
    _load_people(clean_store)
    rows = [
        {"key": "c1", "name": "Cleo", "email": "cleo@a2.example", "account_key": "a2", "since": "2026-03-01"},
        {"key": "c1", "name": "Cleo", "email": "cleo@a1.example", "account_key": "a1", "since": "2024-01-01",
         "until": "2026-03-01"},
    ]
    report = ingest(clean_store, "contacts", rows, refresh="off")
    assert report.rejected == 0
    assert _contact(clean_store, "c1")["email"] == "cleo@a2.example"
    works = _rels(clean_store, "WORKS_AT")
    assert "until" not in works[("c1", "a2")]
    assert works[("c1", "a1")]["until"] == datetime(2026, 3, 1, tzinfo=UTC)


def test_a_move_inside_one_file_is_kept_as_history(clean_store: Store) -> None:
    _load_people(clean_store)
    rows = [
        {"key": "c1", "name": "Cleo", "account_key": "a1"},
        {"key": "c1", "name": "Cleo", "account_key": "a2", "since": "2026-03-01"},
        {"key": "c1", "name": "Cleo", "account_key": "a1"},  # a repeat of line 1
    ]
    report = ingest(clean_store, "contacts", rows, refresh="off")
    assert [o.outcome for o in report.outcomes] == [Outcome.INSERTED, Outcome.UPDATED, Outcome.REJECTED]
    assert "duplicate of line 1" in report.outcomes[2].message
    works = _rels(clean_store, "WORKS_AT")
    assert works[("c1", "a1")]["until"] == datetime(2026, 3, 1, tzinfo=UTC)
    assert "until" not in works[("c1", "a2")]


def test_reports_to_is_replaced_and_a_manager_later_in_the_input_is_waited_for(clean_store: Store) -> None:
    _load_people(clean_store)
    rows = [
        {"key": "c1", "name": "Cleo", "account_key": "a1", "reports_to_key": "c3"},
        {"key": "c2", "name": "Dan", "account_key": "a1"},
        {"key": "c3", "name": "Eve", "account_key": "a1"},
    ]
    report = ingest(clean_store, "contacts", rows, refresh="off", batch_size=1)
    assert report.inserted == 3 and report.rejected == 0
    assert set(_rels(clean_store, "REPORTS_TO")) == {("c1", "c3")}
    report = ingest(clean_store, "contacts", [{**rows[0], "reports_to_key": "c2"}], refresh="off")
    assert report.updated == 1
    assert set(_rels(clean_store, "REPORTS_TO")) == {("c1", "c2")}


def test_threads_count_each_interaction_once(clean_store: Store) -> None:
    _load_people(clean_store)
    ingest(
        clean_store,
        "contacts",
        [
            {"key": "c1", "name": "Cleo", "account_key": "a1"},
            {"key": "c2", "name": "Dan", "account_key": "a1"},
        ],
        refresh="off",
    )
    rows = [
        _meeting("m1", "2026-01-05T10:00:00Z", ["c1", "c2"], ["s1"]),
        _meeting("m2", "2026-02-05T10:00:00Z", ["c1"], ["s1", "s2"]),
        _meeting("m0", "2025-12-01T10:00:00Z", ["c1"], ["s1"]),
    ]
    assert ingest(clean_store, "interactions", rows, refresh="off").inserted == 3
    for _ in range(2):
        assert ingest(clean_store, "interactions", rows, refresh="off").duplicate == 3
    knows = _rels(clean_store, "KNOWS")
    assert knows[("s1", "c1")]["interactions"] == 3
    assert knows[("s1", "c1")]["firstAt"] == datetime(2025, 12, 1, 10, tzinfo=UTC)
    assert knows[("s1", "c1")]["lastAt"] == datetime(2026, 2, 5, 10, tzinfo=UTC)
    assert knows[("s1", "c2")]["interactions"] == 1
    assert knows[("s2", "c1")]["interactions"] == 1
    participated = [k for k in dump(clean_store)["rels"] if k[1] == "PARTICIPATED_IN"]
    assert len(participated) == 2 + 1 + 1 + 2 + 1 + 1  # contacts + staff per meeting


def test_a_corrected_interaction_counts_as_updated_and_keeps_its_threads(clean_store: Store) -> None:
    _load_people(clean_store)
    ingest(clean_store, "contacts", [{"key": "c1", "name": "Cleo", "account_key": "a1"}], refresh="off")
    row = _meeting("m1", "2026-01-05T10:00:00Z", ["c1"], ["s1"])
    ingest(clean_store, "interactions", [row], refresh="off")
    report = ingest(clean_store, "interactions", [{**row, "sentiment": -0.5}], refresh="off")
    assert report.updated == 1
    assert _rels(clean_store, "KNOWS")[("s1", "c1")]["interactions"] == 1


def test_refresh_runs_once_per_batch_with_the_touched_accounts(
    clean_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    _load_people(clean_store)
    ingest(clean_store, "contacts", [{"key": "c1", "name": "Cleo", "account_key": "a1"}], refresh="off")
    calls: list[list[str]] = []
    monkeypatch.setattr(graph.refresh, "refresh_accounts", lambda store, keys, **_: calls.append(list(keys)))
    rows = [_meeting(f"m{n}", "2026-01-05T10:00:00Z", ["c1"], ["s1"]) for n in range(5)]
    ingest(clean_store, "interactions", rows, batch_size=2)
    assert calls == [["a1"], ["a1"], ["a1"]]
    calls.clear()
    ingest(clean_store, "interactions", rows, batch_size=2)  # all duplicates: nothing to refresh
    assert calls == []
    ingest(
        clean_store, "interactions", [_meeting("m9", "2026-01-06T10:00:00Z", ["c1"], ["s1"])], refresh="end"
    )
    assert calls == [["a1"]]


async def test_the_async_twin_accounts_the_same_way(clean_store: Store, async_store: AsyncStore) -> None:
    rows = [*ACCOUNTS[:2], {**ACCOUNTS[2], "tier": "royal"}, ACCOUNTS[0]]
    report = await ingest_async(async_store, "accounts", rows, refresh="off")
    assert [o.outcome for o in report.outcomes] == [
        Outcome.INSERTED,
        Outcome.INSERTED,
        Outcome.REJECTED,
        Outcome.REJECTED,
    ]
    assert report.outcomes[2].field == "tier" and report.outcomes[2].index == 2
    as_record = AccountRecord.model_validate(ACCOUNTS[1])  # records are accepted as they are, too
    again = await ingest_async(
        async_store, "accounts", [{**ACCOUNTS[0], "name": "Renamed"}, as_record], refresh="off"
    )
    assert (again.updated, again.duplicate) == (1, 1)


@pytest.mark.parametrize("memory_limit", [100_000, 3])
def test_a_repeat_in_a_later_batch_is_still_rejected_and_a_replay_is_idempotent(
    clean_store: Store, monkeypatch: pytest.MonkeyPatch, memory_limit: int
) -> None:
    # memory_limit=3 moves the duplicate index to its temporary file after the first batch.
    monkeypatch.setattr("graph.ingest.seen.DEFAULT_MEMORY_LIMIT", memory_limit)
    _load_people(clean_store)
    ingest(clean_store, "contacts", [{"key": "c1", "name": "Cleo", "account_key": "a1"}], refresh="off")
    rows = [_meeting(f"m{n}", f"2026-01-0{n + 1}T10:00:00Z", ["c1"], ["s1"]) for n in range(5)]
    rows.append({**rows[0], "subject": "the same key again"})  # line 6 repeats line 1, two batches later
    report = ingest(clean_store, "interactions", rows, refresh="off", batch_size=2)
    assert (report.inserted, report.rejected) == (5, 1)
    [repeat] = report.rejects
    assert repeat.line == 6 and repeat.field == "key" and "duplicate of line 1" in repeat.message
    once = dump(clean_store)
    again = ingest(clean_store, "interactions", rows[:5], refresh="off", batch_size=2)
    assert again.duplicate == 5 and again.inserted == again.rejected == 0
    assert dump(clean_store) == once
    assert _rels(clean_store, "KNOWS")[("s1", "c1")]["interactions"] == 5


def test_without_the_pipeline_the_outcomes_are_the_same(clean_store: Store) -> None:
    _load_people(clean_store)
    rows = [*ACCOUNTS, {**ACCOUNTS[0], "name": "again"}, {"key": "bad"}]
    piped = ingest(clean_store, "accounts", rows, refresh="off", batch_size=2)
    plain = ingest(clean_store, "accounts", rows, refresh="off", batch_size=2, pipeline=False)
    assert [o.outcome for o in piped.outcomes] == [Outcome.DUPLICATE] * 4 + [Outcome.REJECTED] * 2
    assert [(o.outcome, o.line, o.message) for o in plain.outcomes] == [
        (o.outcome, o.line, o.message) for o in piped.outcomes
    ]


def test_an_interaction_node_holds_every_property_of_its_record(clean_store: Store) -> None:
    # The create statement names the properties one by one: none may be left behind.
    from graph.records import InteractionRecord

    _load_people(clean_store)
    ingest(clean_store, "contacts", [{"key": "c1", "name": "Cleo", "account_key": "a1"}], refresh="off")
    row = _meeting(
        "m1",
        "1969-07-20T20:17:40.5+00:00",
        ["c1"],
        ["s1"],
        durationMinutes=45,
        cost=12.5,
        sentiment=0.25,
        subject="landing",
    )
    assert ingest(clean_store, "interactions", [row], refresh="off").inserted == 1
    [node] = [dict(n[1]) for n in dump(clean_store)["nodes"] if n[0] == ["Interaction"]]
    expected = InteractionRecord.model_validate(row).properties()
    assert node == expected and len(expected) == 9
    assert ingest(clean_store, "interactions", [row], refresh="off").duplicate == 1


def test_a_stop_request_ends_after_the_batch_being_written_and_a_rerun_finishes(clean_store: Store) -> None:
    _load_people(clean_store)
    assert ingest(clean_store, "contacts", CONTACTS, refresh="off").inserted == len(CONTACTS)
    rows = interactions(30)
    rows[1] = {**rows[1], "channel": "carrier pigeon"}  # rejected before the first batch is written
    stop = threading.Event()

    def stop_after_the_first_batch(_: object) -> None:
        stop.set()

    report = ingest(
        clean_store, "interactions", rows, refresh="off", batch_size=4, stop=stop,
        on_batch=stop_after_the_first_batch,
    )

    # The first batch (four good rows, lines 1 and 3-5) committed; the rows read ahead were dropped.
    assert report.interrupted and report.batches == 1
    assert (report.inserted, report.rejected, report.last_line) == (4, 1, 5)
    assert report.rows == report.last_line  # every row up to the line it names is accounted for
    assert clean_store.read("bench_count_interactions")[0]["interactions"] == 4

    rest = ingest(clean_store, "interactions", rows, refresh="off", batch_size=4)
    assert not rest.interrupted and rest.last_line == 30
    assert (rest.inserted, rest.duplicate, rest.rejected) == (25, 4, 1)
