"""A replayed interaction (the same (source, key)) is the whole truth about it, as contact and account
records are: it may move the interaction to another account and replace its participants, the threads
(KNOWS) follow, and it counts `updated` only when something stored changed. Replays used to correct the
interaction's own properties only, kept the first account and participants, and reported the row's
account as touched instead of the stored one."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

import graph.refresh
from graph.ingest import Outcome, ingest
from graph.store import Store
from tests.conftest import wipe
from tests.ingest.conftest import ACCOUNTS, STAFF, dump


def _people(store: Store) -> None:
    assert ingest(store, "accounts", ACCOUNTS, refresh="off").inserted == 4
    assert ingest(store, "staff", STAFF, refresh="off").inserted == 3
    contacts = [
        {"key": "c1", "name": "Cleo", "account_key": "a1"},
        {"key": "c2", "name": "Dan", "account_key": "a1"},
        {"key": "c3", "name": "Eve", "account_key": "a2"},
    ]
    assert ingest(store, "contacts", contacts, refresh="off").inserted == 3


def _call(key: str, account: str, contacts: list[str], staff: list[str], **extra: Any) -> dict[str, Any]:
    return {
        "key": key,
        "source": "crm",
        "channel": "call",
        "occurredAt": "2026-01-05T10:00:00Z",
        "direction": "mutual",
        "accountKey": account,
        "contactKeys": contacts,
        "staffKeys": staff,
        **extra,
    }


def _links(store: Store, key: str) -> tuple[set[str], set[str]]:
    """(the accounts, the participants) of interaction crm/key."""
    rels = dump(store)["rels"]
    accounts = {to for frm, kind, to, _ in rels if frm == f"crm/{key}" and kind == "WITH_ACCOUNT"}
    people = {frm for frm, kind, to, _ in rels if to == f"crm/{key}" and kind == "PARTICIPATED_IN"}
    return accounts, people


def _knows(store: Store) -> dict[tuple[str, str], dict[str, Any]]:
    return {(r[0], r[2]): dict(r[3]) for r in dump(store)["rels"] if r[1] == "KNOWS"}


def test_a_replay_naming_another_account_moves_it_and_replaces_its_participants(clean_store: Store) -> None:
    _people(clean_store)
    first = _call("m1", "a1", ["c1"], ["s1"])
    assert ingest(clean_store, "interactions", [first], refresh="off").inserted == 1
    moved = _call("m1", "a2", ["c3"], ["s2"], durationMinutes=6000)
    report = ingest(clean_store, "interactions", [moved], refresh="off")
    assert [o.outcome for o in report.outcomes] == [Outcome.UPDATED]
    assert report.touched_accounts == {"a1", "a2"}  # it left a1 and came to a2: both metrics change
    assert _links(clean_store, "m1") == ({"a2"}, {"c3", "s2"})
    knows = _knows(clean_store)
    assert set(knows) == {("s2", "c3")}  # s1 and c1 share nothing any more: no thread left
    at = datetime(2026, 1, 5, 10, tzinfo=UTC)
    assert knows[("s2", "c3")] == {"interactions": 1, "firstAt": at, "lastAt": at}


def test_touched_accounts_are_refreshed_old_and_new(
    clean_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    _people(clean_store)
    ingest(clean_store, "interactions", [_call("m1", "a1", ["c1"], ["s1"])], refresh="off")
    calls: list[list[str]] = []
    monkeypatch.setattr(graph.refresh, "refresh_accounts", lambda store, keys, **_: calls.append(list(keys)))
    ingest(clean_store, "interactions", [_call("m1", "a2", ["c3"], ["s1"])])
    assert calls == [["a1", "a2"]]
    calls.clear()
    ingest(clean_store, "interactions", [_call("m1", "a2", ["c3"], ["s1"], subject="renamed")])
    assert calls == [["a2"]]  # a correction that stays on its account touches that account alone


def test_participants_alone_make_a_replay_updated_and_identical_ones_a_duplicate(clean_store: Store) -> None:
    _people(clean_store)
    ingest(clean_store, "interactions", [_call("m1", "a1", ["c1", "c2"], ["s1", "s2"])], refresh="off")
    once = dump(clean_store)
    same = ingest(clean_store, "interactions", [_call("m1", "a1", ["c2", "c1"], ["s2", "s1"])], refresh="off")
    assert [o.outcome for o in same.outcomes] == [Outcome.DUPLICATE]  # the order of a list is no change
    assert same.touched_accounts == set() and dump(clean_store) == once
    fewer = ingest(clean_store, "interactions", [_call("m1", "a1", ["c1"], ["s1", "s2"])], refresh="off")
    assert [o.outcome for o in fewer.outcomes] == [Outcome.UPDATED]
    assert fewer.touched_accounts == {"a1"}
    assert _links(clean_store, "m1") == ({"a1"}, {"c1", "s1", "s2"})
    assert set(_knows(clean_store)) == {("s1", "c1"), ("s2", "c1")}
    staff = ingest(clean_store, "interactions", [_call("m1", "a1", ["c1"], ["s2"])], refresh="off")
    assert [o.outcome for o in staff.outcomes] == [Outcome.UPDATED]
    assert _links(clean_store, "m1") == ({"a1"}, {"c1", "s2"})
    nobody = ingest(clean_store, "interactions", [_call("m1", "a1", [], [])], refresh="off")
    assert [o.outcome for o in nobody.outcomes] == [Outcome.UPDATED]  # empty lists replace too
    assert _links(clean_store, "m1") == ({"a1"}, set()) and _knows(clean_store) == {}
    again = ingest(clean_store, "interactions", [_call("m1", "a1", [], [])], refresh="off")
    assert [o.outcome for o in again.outcomes] == [Outcome.DUPLICATE]


def test_a_thread_is_counted_again_from_the_interactions_left(clean_store: Store) -> None:
    _people(clean_store)
    rows = [
        _call("m1", "a1", ["c1"], ["s1"], occurredAt="2026-01-01T10:00:00Z"),
        _call("m2", "a1", ["c1"], ["s1"], occurredAt="2026-02-01T10:00:00Z"),
        _call("m3", "a1", ["c1"], ["s1"], occurredAt="2026-03-01T10:00:00Z"),
    ]
    ingest(clean_store, "interactions", rows, refresh="off")
    # The first and the last leave the thread in one batch, and the middle one moves in time.
    replay = [
        {**rows[0], "contactKeys": ["c2"]},
        {**rows[1], "occurredAt": "2026-02-10T10:00:00Z"},
        {**rows[2], "staffKeys": ["s2"]},
    ]
    report = ingest(clean_store, "interactions", replay, refresh="off")
    assert (report.updated, report.duplicate) == (3, 0)
    knows = _knows(clean_store)
    feb10, jan1, mar1 = (datetime(2026, m, d, 10, tzinfo=UTC) for m, d in ((2, 10), (1, 1), (3, 1)))
    assert knows[("s1", "c1")] == {"interactions": 1, "firstAt": feb10, "lastAt": feb10}
    assert knows[("s1", "c2")] == {"interactions": 1, "firstAt": jan1, "lastAt": jan1}
    assert knows[("s2", "c1")] == {"interactions": 1, "firstAt": mar1, "lastAt": mar1}


def test_replays_end_as_a_fresh_import_of_their_last_version(clean_store: Store) -> None:
    # Whatever the replays changed (account, people, time, properties), the graph is the one a first
    # import of the final rows writes: nothing of the earlier versions is left, nothing counts twice.
    _people(clean_store)
    before = [
        _call("m1", "a1", ["c1", "c2"], ["s1", "s2"], occurredAt="2026-01-01T10:00:00Z"),
        _call("m2", "a1", ["c1"], ["s1"], occurredAt="2026-01-08T10:00:00Z", subject="kick-off"),
        _call("m3", "a2", ["c3"], ["s2"], occurredAt="2026-01-15T10:00:00Z"),
        _call("m4", "a1", ["c2"], ["s1", "s3"], occurredAt="2026-01-22T10:00:00Z"),
    ]
    after = [  # in two batches of 3: m5 is new, and shares the thread (s1, c3) that m1 joins
        _call("m1", "a2", ["c3"], ["s1"], occurredAt="2026-01-01T10:00:00Z"),
        _call("m5", "a2", ["c3"], ["s3", "s1"], occurredAt="2026-03-01T10:00:00Z"),
        _call("m2", "a1", ["c1", "c2"], ["s1"], occurredAt="2026-02-08T10:00:00Z"),
        _call("m3", "a1", ["c1"], ["s2", "s1"], occurredAt="2026-01-15T10:00:00Z", cost=12.5),
        _call("m4", "a1", ["c2"], ["s1", "s3"], occurredAt="2026-01-22T10:00:00Z"),
    ]
    ingest(clean_store, "interactions", before, refresh="off")
    report = ingest(clean_store, "interactions", after, refresh="off", batch_size=3)
    assert [o.outcome for o in report.outcomes] == [
        Outcome.UPDATED, Outcome.INSERTED, Outcome.UPDATED, Outcome.UPDATED, Outcome.DUPLICATE
    ]
    assert report.touched_accounts == {"a1", "a2"}
    replayed = dump(clean_store)
    wipe(clean_store)
    _people(clean_store)
    assert ingest(clean_store, "interactions", after, refresh="off").inserted == 5
    assert replayed == dump(clean_store)


def test_the_same_interaction_twice_in_one_input_moves_once(clean_store: Store) -> None:
    _people(clean_store)
    ingest(clean_store, "interactions", [_call("m1", "a1", ["c1"], ["s1"])], refresh="off")
    rows = [_call("m1", "a2", ["c3"], ["s1"]), _call("m1", "a3", [], ["s2"])]
    report = ingest(clean_store, "interactions", rows, refresh="off")
    first, repeat = report.outcomes
    assert first.outcome is Outcome.UPDATED
    assert (repeat.outcome, repeat.field) == (Outcome.REJECTED, "key")
    assert "duplicate of line 1 (crm, m1)" in repeat.message
    assert report.updated + report.rejected == len(rows)  # every row accounted for, once
    assert report.touched_accounts == {"a1", "a2"}
    assert _links(clean_store, "m1") == ({"a2"}, {"c3", "s1"})


def test_a_replay_naming_an_unknown_person_or_account_is_rejected_and_changes_nothing(
    clean_store: Store,
) -> None:
    _people(clean_store)
    ingest(clean_store, "interactions", [_call("m1", "a1", ["c1"], ["s1"])], refresh="off")
    once = dump(clean_store)
    rows = [_call("m1", "a2", ["c3", "c404"], ["s1"]), _call("m2", "a2", ["c3"], ["s404"])]
    report = ingest(clean_store, "interactions", rows, refresh="off")
    assert [(o.outcome, o.message) for o in report.outcomes] == [
        (Outcome.REJECTED, "contact_keys: unknown contact 'c404'"),
        (Outcome.REJECTED, "staff_keys: unknown staff member 's404'"),
    ]
    nowhere = ingest(clean_store, "interactions", [_call("m1", "a9", ["c1"], ["s1"])], refresh="off")
    assert [o.message for o in nowhere.outcomes] == ["account_key: unknown account 'a9'"]
    assert report.touched_accounts == nowhere.touched_accounts == set()
    assert dump(clean_store) == once


def test_a_writer_limited_to_some_accounts_moves_only_between_its_own(clean_store: Store) -> None:
    _people(clean_store)
    ingest(clean_store, "interactions", [_call("m1", "a1", ["c1"], ["s1"])], refresh="off")
    ingest(clean_store, "interactions", [_call("m9", "a3", [], ["s1"])], refresh="off")
    # s1 knows c1 at a1: the limited writer sees s1.
    def limited(row: dict[str, Any]) -> Any:
        return ingest(clean_store, "interactions", [row], refresh="off", allowed=["a1", "a2"])

    away = limited(_call("m1", "a3", [], ["s1"]))
    assert [o.field for o in away.outcomes] == ["account_key"]  # to an account it may not write
    taken = limited(_call("m9", "a2", [], ["s1"]))
    assert [o.field for o in taken.outcomes] == ["key"]  # from an account it may not write
    assert _links(clean_store, "m9")[0] == {"a3"}
    mine = limited(_call("m1", "a2", ["c3"], ["s1"]))
    assert [o.outcome for o in mine.outcomes] == [Outcome.UPDATED]
    assert mine.touched_accounts == {"a1", "a2"} and _links(clean_store, "m1")[0] == {"a2"}
