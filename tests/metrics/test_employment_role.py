"""The metrics read what a contact was at an account from that employment, also after they moved on.

Cid is Alpha's champion, engaged with Ann (ours), then joins Beta, whose CRM does not know his part:
the Contact node now says `unknown` and a title that infers nothing of a champion.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from graph.ingest import ingest
from graph.intelligence import account_metrics_for
from graph.metrics.parameters import MetricParameters
from graph.store import Store

NOW = datetime(2026, 6, 1, tzinfo=UTC)
MOVED = NOW - timedelta(days=30)
P = MetricParameters()


def _account(key: str, name: str) -> dict:
    return {
        "key": key,
        "name": name,
        "segment": "enterprise",
        "tier": "key",
        "lifecycle_stage": "active",
        "annual_revenue": 1000.0,
        "gross_margin_rate": 0.5,
    }


def _meeting(n: int, days_ago: int) -> dict:
    return {
        "key": f"m{n}",
        "source": "crm",
        "channel": "meeting",
        "occurred_at": (NOW - timedelta(days=days_ago)).isoformat(),
        "direction": "mutual",
        "account_key": "A",
        "contact_keys": ["cid"],
        "staff_keys": ["ann"],
    }


@pytest.fixture
def moved(clean_store: Store) -> Store:
    s = clean_store
    ingest(s, "accounts", [_account("A", "Alpha"), _account("B", "Beta")], refresh="off")
    ann = {"key": "ann", "name": "Ann", "function": "sales", "cost_per_hour": 100.0}
    ingest(s, "staff", [ann], refresh="off")
    cid = {"key": "cid", "name": "Cid"}
    at_alpha = {"role": "champion", "title": "Operations Lead", "seniority": "manager", "since": "2025-01-01"}
    at_beta = {"title": "Advisor", "seniority": "individual", "since": MOVED.isoformat()}
    rows = [{**cid, **at_alpha, "account_key": "A"}, {**cid, **at_beta, "account_key": "B"}]
    assert ingest(s, "contacts", rows, refresh="off").rejected == 0
    report = ingest(s, "interactions", [_meeting(n, d) for n, d in enumerate((80, 70, 60))], refresh="off")
    assert report.rejected == 0, report.rejects
    return s


def test_role_coverage_in_the_past_reads_the_role_held_there(moved: Store) -> None:
    # While Cid was still at Alpha, Alpha had an engaged champion.
    m = account_metrics_for(moved, ["A"], as_of=MOVED - timedelta(days=15), params=P)["A"]
    assert [(r.contact_key, r.role, r.inferred) for r in m.depth.roles] == [("cid", "champion", False)]
    assert "champion" in m.depth.covered_roles


def test_the_champion_who_left_is_named_as_one(moved: Store) -> None:
    m = account_metrics_for(moved, ["A"], as_of=NOW, params=P)["A"]
    [factor] = [f for f in m.risk.factors if f.code == "CHAMPION_LEFT"]
    assert factor.sentence.startswith("Cid (champion) left Alpha") and "now works at Beta" in factor.sentence
    # At Beta he is what Beta records (unknown, so inferred from his title there).
    beta = account_metrics_for(moved, ["B"], as_of=NOW, params=P)["B"]
    assert "champion" not in beta.depth.covered_roles
