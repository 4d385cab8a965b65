"""Explorations on a tiny hand-made graph, where the answers can be worked out by hand."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from graph.explore import find_exploration, run_exploration
from graph.ingest import ingest
from graph.store import Store

NOW = datetime(2026, 6, 1, tzinfo=UTC)


def _at(days_ago: float) -> str:
    return (NOW - timedelta(days=days_ago)).isoformat()


@pytest.fixture
def tiny(clean_store: Store) -> Store:
    """Two accounts; Ann (ours) talks with Cid both ways, Bob (ours) only mails Dee; Cid and Dee work at A."""
    s = clean_store
    ingest(
        s,
        "accounts",
        [
            {
                "key": "A",
                "name": "Alpha",
                "segment": "enterprise",
                "tier": "strategic",
                "lifecycle_stage": "active",
                "annual_revenue": 1000.0,
                "gross_margin_rate": 0.5,
            },
            {
                "key": "B",
                "name": "Beta",
                "segment": "smb",
                "tier": "growth",
                "lifecycle_stage": "active",
                "annual_revenue": 500.0,
                "gross_margin_rate": 0.5,
            },
        ],
        refresh="off",
    )
    ingest(
        s,
        "staff",
        [
            {"key": "ann", "name": "Ann", "function": "sales", "cost_per_hour": 100.0},
            {"key": "bob", "name": "Bob", "function": "success", "cost_per_hour": 80.0},
        ],
        refresh="off",
    )
    ingest(
        s,
        "contacts",
        [
            {"key": "cid", "name": "Cid", "role": "champion", "account_key": "A"},
            {"key": "dee", "name": "Dee", "role": "economic_buyer", "account_key": "A"},
            {"key": "eve", "name": "Eve", "account_key": "B"},
        ],
        refresh="off",
    )
    rows = [
        {
            "key": "i1",
            "source": "crm",
            "channel": "meeting",
            "occurred_at": _at(10),
            "direction": "mutual",
            "account_key": "A",
            "contact_keys": ["cid"],
            "staff_keys": ["ann"],
        },
        {
            "key": "i2",
            "source": "crm",
            "channel": "email",
            "occurred_at": _at(5),
            "direction": "inbound",
            "account_key": "A",
            "contact_keys": ["cid"],
            "staff_keys": ["ann"],
        },
        {
            "key": "i3",
            "source": "crm",
            "channel": "email",
            "occurred_at": _at(20),
            "direction": "outbound",
            "account_key": "A",
            "contact_keys": ["dee"],
            "staff_keys": ["bob"],
        },
        {
            "key": "i4",
            "source": "crm",
            "channel": "email",
            "occurred_at": _at(3),
            "direction": "outbound",
            "account_key": "A",
            "contact_keys": ["dee"],
            "staff_keys": ["bob"],
        },
        {
            "key": "i5",
            "source": "crm",
            "channel": "call",
            "occurred_at": _at(40),
            "direction": "inbound",
            "account_key": "B",
            "contact_keys": ["eve"],
            "staff_keys": ["bob"],
        },
    ]
    report = ingest(s, "interactions", rows, refresh="off")
    assert report.rejected == 0, report.rejects
    return s


def _run(store: Store, name: str, **override: Any) -> list[dict[str, Any]]:
    q = find_exploration(name)
    params = {**q.examples, **override}
    if "asOf" in q.params:
        params["asOf"] = NOW.isoformat()
    return run_exploration(store, q, params).rows


def test_one_way_outreach_finds_only_the_unanswered_thread(tiny: Store) -> None:
    rows = _run(tiny, "one_way_outreach", minTouches=1)
    assert [(r["staffKey"], r["contactKey"], r["outbound"]) for r in rows] == [("bob", "dee", 2)]


def test_warm_intro_to_dee_goes_through_her_colleague(tiny: Store) -> None:
    rows = _run(tiny, "warm_intro_paths", contactKey="dee")
    # Without a refresh KNOWS.strength is unset, so only the link kinds are checked after one.
    assert rows == [] or rows[0]["hops"] == 1
    from graph.refresh import refresh_accounts

    refresh_accounts(tiny, ["A", "B"], as_of=NOW)
    rows = _run(tiny, "warm_intro_paths", contactKey="dee")
    links = {(r["staffKey"], r["via"], r["link"]) for r in rows}
    assert ("bob", None, "direct thread") in links
    assert ("ann", "Cid", "colleague at Alpha") in links
    assert rows[0]["hops"] == 1


def test_going_dark_and_silent_functions(tiny: Store) -> None:
    dark = {r["account"]: r for r in _run(tiny, "accounts_going_dark", minDays=30)}
    assert set(dark) == {"B"} and dark["B"]["daysSilent"] == 40
    silent = {r["account"]: r for r in _run(tiny, "silent_functions", tiers=["strategic", "growth"])}
    assert sorted(silent["A"]["functionsTouching"]) == ["sales", "success"]
    assert "sales" in silent["B"]["functionsNever"] and "success" not in silent["B"]["functionsNever"]


def test_interaction_mix_counts_by_channel_and_function(tiny: Store) -> None:
    rows = {(r["channel"], r["function"]): r for r in _run(tiny, "interaction_mix", days=90)}
    assert rows[("email", "success")]["interactions"] == 2
    assert rows[("email", "sales")]["interactions"] == 1 and rows[("email", "sales")]["inbound"] == 1
    assert rows[("meeting", "sales")]["interactions"] == 1
    assert rows[("call", "success")]["accounts"] == 1


def test_value_trend_is_monthly(tiny: Store) -> None:
    rows = _run(tiny, "relationship_value_trend", accountKey="A", months=2)
    assert [str(r["month"]) for r in rows] == ["2026-05-01", "2026-06-01"]
    may = rows[0]
    assert may["interactions"] == 4 and may["contacts"] == 2 and may["staff"] == 2 and may["inbound"] == 2
    assert rows[1]["interactions"] == 0 and rows[1]["value"] > 0


def test_champions_who_left_says_what_they_were_at_the_account_they_left(tiny: Store) -> None:
    cid = {"key": "cid", "name": "Cid", "title": "Head of Data", "seniority": "director"}
    # Cid's record at Alpha, then at Beta, whose CRM does not know his part yet: the node now says unknown.
    report = ingest(
        tiny,
        "contacts",
        [
            {**cid, "role": "champion", "account_key": "A"},
            {**cid, "title": "Advisor", "seniority": "individual", "account_key": "B", "since": _at(10)},
        ],
        refresh="off",
    )
    assert report.rejected == 0, report.rejects
    [row] = _run(tiny, "champions_who_left", days=30)
    assert (row["contactKey"], row["leftAccount"], row["nowAt"]) == ("cid", "Alpha", "Beta")
    assert (row["role"], row["title"], row["seniority"]) == ("champion", "Head of Data", "director")
