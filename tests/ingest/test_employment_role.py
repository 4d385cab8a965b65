"""The role, title and seniority a contact held at an account are kept on that employment (WORKS_AT).

The Contact node says what the contact is now; after a move, what they were at the account they left
lives only on the old employment, so "your champion at Acme left" can still be said.
"""

from __future__ import annotations

from datetime import UTC, datetime

from graph.ingest import Outcome, ingest
from graph.intelligence import champion_moves_for
from graph.store import Store
from tests.ingest.conftest import ACCOUNTS, dump

AT_ACME = {
    "key": "c1",
    "name": "Cleo",
    "role": "champion",
    "title": "Head of Operations",
    "seniority": "director",
    "account_key": "a1",
    "since": "2024-01-01",
}
# Her new employer's CRM does not know her part yet.
AT_BETA = {
    **AT_ACME,
    "role": "unknown",
    "title": "Operations Consultant",
    "seniority": "manager",
    "account_key": "a2",
    "since": "2026-03-01",
}
AFTER = datetime(2026, 4, 1, tzinfo=UTC)

# Test scaffolding: an employment as stored before relgraph kept roles on WORKS_AT.
_FORGET_HELD = "MATCH (:Contact)-[w:WORKS_AT]->() REMOVE w.role, w.title, w.seniority"


def _jobs(store: Store) -> dict[str, dict]:
    return {r[2]: dict(r[3]) for r in dump(store)["rels"] if r[1] == "WORKS_AT" and r[0] == "c1"}


def _held(job: dict) -> tuple:
    return job.get("role"), job.get("title"), job.get("seniority")


def _contact(store: Store) -> dict:
    contacts = [dict(props) for labels, props in dump(store)["nodes"] if "Contact" in labels]
    return next(c for c in contacts if c["key"] == "c1")


def _moved(store: Store) -> Store:
    assert ingest(store, "accounts", ACCOUNTS, refresh="off").inserted == 4
    assert ingest(store, "contacts", [AT_ACME], refresh="off").inserted == 1
    assert ingest(store, "contacts", [AT_BETA], refresh="off").updated == 1
    return store


def test_a_champion_who_moves_keeps_her_role_on_the_employment_she_left(clean_store: Store) -> None:
    _moved(clean_store)
    jobs = _jobs(clean_store)
    assert _held(jobs["a1"]) == ("champion", "Head of Operations", "director")
    assert jobs["a1"]["until"] == datetime(2026, 3, 1, tzinfo=UTC)
    assert _held(jobs["a2"]) == ("unknown", "Operations Consultant", "manager")
    # The contact is what she is now.
    now = _contact(clean_store)
    assert (now["role"], now["title"], now["seniority"]) == ("unknown", "Operations Consultant", "manager")

    [move] = champion_moves_for(clean_store, as_of=AFTER)
    assert (move.from_account_key, move.to_account_key) == ("a1", "a2")
    assert (move.role, move.role_inferred, move.title, move.seniority) == (
        "champion",
        False,
        "Head of Operations",
        "director",
    )

    # The older file replayed: a snapshot from while she was at Acme changes nothing.
    before = dump(clean_store)
    assert ingest(clean_store, "contacts", [{**AT_ACME, "role": "influencer"}], refresh="off").duplicate == 1
    assert dump(clean_store) == before


def test_a_history_row_corrects_the_old_employment_and_never_the_present(clean_store: Store) -> None:
    _moved(clean_store)
    present = _contact(clean_store)

    # A record of the ended employment (it names its end) corrects what it knows of it.
    record = {**AT_ACME, "role": "economic_buyer", "title": "", "seniority": "unknown", "until": "2026-02-27"}
    report = ingest(clean_store, "contacts", [record], refresh="off")
    assert [o.outcome for o in report.outcomes] == [Outcome.UPDATED]
    assert "a1" in report.touched_accounts
    jobs = _jobs(clean_store)
    # Its blank title and unknown seniority say nothing: the stored ones stay.
    assert _held(jobs["a1"]) == ("economic_buyer", "Head of Operations", "director")
    assert jobs["a1"]["until"] == datetime(2026, 2, 27, tzinfo=UTC)
    assert _contact(clean_store) == present
    assert _held(jobs["a2"]) == ("unknown", "Operations Consultant", "manager")

    # An unknown role does not erase the known one; the same record again is a duplicate.
    blank = {**record, "role": "unknown", "title": "Director, Operations"}
    assert ingest(clean_store, "contacts", [blank], refresh="off").updated == 1
    assert _held(_jobs(clean_store)["a1"]) == ("economic_buyer", "Director, Operations", "director")
    assert ingest(clean_store, "contacts", [blank], refresh="off").duplicate == 1
    assert _contact(clean_store) == present


def test_a_history_written_newest_first_keeps_each_role_where_it_was_held(clean_store: Store) -> None:
    assert ingest(clean_store, "accounts", ACCOUNTS, refresh="off").inserted == 4
    rows = [AT_BETA, {**AT_ACME, "until": "2026-03-01"}]
    report = ingest(clean_store, "contacts", rows, refresh="off")
    assert report.rejected == 0
    jobs = _jobs(clean_store)
    assert _held(jobs["a1"]) == ("champion", "Head of Operations", "director")
    assert _held(jobs["a2"]) == ("unknown", "Operations Consultant", "manager")
    assert _contact(clean_store)["role"] == "unknown"


def test_a_row_naming_no_account_updates_the_job_held_now(clean_store: Store) -> None:
    assert ingest(clean_store, "accounts", ACCOUNTS, refresh="off").inserted == 4
    assert ingest(clean_store, "contacts", [{**AT_ACME, "role": "unknown"}], refresh="off").inserted == 1
    # The CRM learns her part later, in a file without the account column.
    update = {k: v for k, v in AT_ACME.items() if k not in ("account_key", "since")}
    report = ingest(clean_store, "contacts", [update], refresh="off")
    assert report.updated == 1 and report.touched_accounts == {"a1"}
    assert _held(_jobs(clean_store)["a1"]) == ("champion", "Head of Operations", "director")

    assert ingest(clean_store, "contacts", [AT_BETA], refresh="off").updated == 1
    assert _held(_jobs(clean_store)["a1"])[0] == "champion"
    # Only the open employment follows the present: the ended one keeps what she was there.
    assert ingest(clean_store, "contacts", [{**update, "role": "influencer"}], refresh="off").updated == 1
    jobs = _jobs(clean_store)
    assert (jobs["a1"]["role"], jobs["a2"]["role"]) == ("champion", "influencer")


def test_employments_stored_before_fall_back_and_an_old_file_fills_them(clean_store: Store) -> None:
    _moved(clean_store)
    with clean_store.driver.session(database=clean_store.database) as session:
        session.run(_FORGET_HELD).consume()
    # Nothing kept on the employment: the move reports what the contact is now.
    [move] = champion_moves_for(clean_store, as_of=AFTER)
    assert (move.role_inferred, move.title, move.seniority) == (True, "Operations Consultant", "manager")

    # Replaying the file of her Acme days fills the old employment, and only that.
    report = ingest(clean_store, "contacts", [AT_ACME], refresh="off")
    assert [o.outcome for o in report.outcomes] == [Outcome.UPDATED]
    assert _held(_jobs(clean_store)["a1"]) == ("champion", "Head of Operations", "director")
    assert _contact(clean_store)["role"] == "unknown"
    [move] = champion_moves_for(clean_store, as_of=AFTER)
    assert (move.role, move.role_inferred, move.title) == ("champion", False, "Head of Operations")
