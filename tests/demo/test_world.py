"""The demo generator without a database: deterministic, valid records, consistent references, every story."""

from __future__ import annotations

import collections
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from graph.demo import KINDS, generate_world, write_world
from graph.demo.files import FILE_NAMES, read_rows
from graph.demo.world import DemoWorld
from graph.records import RECORD_TYPES, Kind

ANCHOR = datetime(2026, 11, 22, tzinfo=UTC)
STORY_KEYS = (
    "multi_threaded",
    "single_threaded_contact",
    "single_threaded_staff",
    "going_dark",
    "champion_moved",
    "churned",
)


@pytest.fixture(scope="module")
def world() -> DemoWorld:
    return generate_world(40, 7, anchor=ANCHOR)


@pytest.fixture(scope="module")
def rows(world: DemoWorld) -> dict[str, list[dict]]:
    return {kind: list(world.rows(kind)) for kind in KINDS}


def _model(kind: str):
    return RECORD_TYPES[Kind("contacts" if kind == "contact_moves" else kind)]


def test_same_inputs_give_the_same_world(rows: dict[str, list[dict]]) -> None:
    again = generate_world(40, 7, anchor=ANCHOR)
    for kind in KINDS:
        assert list(again.rows(kind)) == rows[kind], kind


def test_streams_are_reiterable(world: DemoWorld, rows: dict[str, list[dict]]) -> None:
    assert list(world.interactions) == rows["interactions"]


def test_another_seed_gives_another_world(rows: dict[str, list[dict]]) -> None:
    other = generate_world(40, 8, anchor=ANCHOR)
    assert list(other.accounts) != rows["accounts"]


def test_the_default_anchor_is_today_midnight_utc() -> None:
    w = generate_world(3, 1)
    now = datetime.now(UTC)
    assert w.anchor == datetime(now.year, now.month, now.day, tzinfo=UTC)


def test_every_row_is_a_valid_record(rows: dict[str, list[dict]]) -> None:
    for kind, items in rows.items():
        model = _model(kind)
        for row in items:
            model.model_validate(row)


def test_counts_are_in_the_expected_ranges(rows: dict[str, list[dict]]) -> None:
    assert len(rows["accounts"]) == 40
    per_account = collections.Counter(c["account_key"] for c in rows["contacts"])
    assert all(3 <= n <= 40 for n in per_account.values())
    assert len(per_account) == 40
    assert len(rows["staff"]) >= 14
    assert {s["function"] for s in rows["staff"]} == {
        "sales",
        "marketing",
        "service",
        "success",
        "product",
        "finance",
        "executive",
    }
    interactions = len(rows["interactions"])
    assert 40 * 50 <= interactions <= 40 * 200  # about a hundred per account over two years
    assert {i["channel"] for i in rows["interactions"]} >= {
        "email",
        "meeting",
        "call",
        "chat",
        "support_ticket",
        "event",
        "webinar",
        "community",
        "social",
        "survey",
        "invoice",
        "payment",
        "contract",
    }
    assert {i["direction"] for i in rows["interactions"]} == {"inbound", "outbound", "mutual"}
    channels = collections.Counter(i["channel"] for i in rows["interactions"])
    assert channels["email"] > channels["meeting"]  # emails are numerous, meetings fewer


def test_accounts_have_revenue_margin_segments_and_tiers(rows: dict[str, list[dict]]) -> None:
    assert all(a["annual_revenue"] > 0 and 0.2 <= a["gross_margin_rate"] <= 0.8 for a in rows["accounts"])
    assert len({a["segment"] for a in rows["accounts"]}) >= 3
    assert len({a["tier"] for a in rows["accounts"]}) >= 3
    assert len({a["name"] for a in rows["accounts"]}) == 40
    assert len({a["domain"] for a in rows["accounts"]}) == 40


def test_about_half_the_roles_are_unknown_and_titles_are_informative(rows: dict[str, list[dict]]) -> None:
    contacts = rows["contacts"]
    unknown = sum(1 for c in contacts if c["role"] == "unknown")
    assert 0.35 <= unknown / len(contacts) <= 0.65
    assert all(c["title"] for c in contacts)


def test_reporting_lines_form_a_tree_under_the_most_senior_contact(rows: dict[str, list[dict]]) -> None:
    by_account: dict[str, list[dict]] = collections.defaultdict(list)
    for c in rows["contacts"]:
        by_account[c["account_key"]].append(c)
    order = ("c_level", "vp", "director", "manager", "individual")
    for contacts in by_account.values():
        keys = {c["key"]: c for c in contacts}
        roots = [c for c in contacts if c["reports_to_key"] is None]
        assert len(roots) == 1
        for c in contacts:
            boss = c["reports_to_key"]
            if boss is None:
                continue
            assert boss in keys  # the manager works at the same account
            seen = {c["key"]}
            while boss is not None:  # no cycles: every chain ends at the root
                assert boss not in seen
                seen.add(boss)
                boss = keys[boss]["reports_to_key"]
            b = keys[c["reports_to_key"]]
            if b["seniority"] != "unknown" and c["seniority"] != "unknown" and b is not roots[0]:
                assert order.index(b["seniority"]) < order.index(c["seniority"])


def test_every_account_has_an_owner(rows: dict[str, list[dict]]) -> None:
    owners = collections.Counter(c["account_key"] for c in rows["coverage"] if c["role"] == "owner")
    assert set(owners) == {a["key"] for a in rows["accounts"]}
    assert all(n == 1 for n in owners.values())
    functions = {s["key"]: s["function"] for s in rows["staff"]}
    for c in rows["coverage"]:
        assert (
            functions[c["staff_key"]]
            == {"owner": "sales", "csm": "success", "support": "service", "executive_sponsor": "executive"}[
                c["role"]
            ]
        )


def test_interactions_refer_to_people_at_that_account_at_that_time(rows: dict[str, list[dict]]) -> None:
    accounts = {a["key"]: a for a in rows["accounts"]}
    staff = {s["key"] for s in rows["staff"]}
    employment: dict[str, list[tuple[str, datetime | None, datetime | None]]] = collections.defaultdict(list)
    for c in rows["contacts"] + rows["contact_moves"]:
        employment[c["key"]].append((c["account_key"], c["since"], c["until"]))
    for i in rows["interactions"]:
        t = i["occurred_at"]
        assert t.tzinfo is not None and t <= ANCHOR
        assert i["account_key"] in accounts
        churned = accounts[i["account_key"]]["churned_at"]
        assert churned is None or t <= churned
        assert all(s in staff for s in i["staff_keys"])
        for key in i["contact_keys"]:
            assert any(
                account == i["account_key"] and (since is None or since <= t) and (until is None or t < until)
                for account, since, until in employment[key]
            ), (i["key"], key)


def test_interaction_keys_are_unique_per_source(rows: dict[str, list[dict]]) -> None:
    pairs = [(i["source"], i["key"]) for i in rows["interactions"]]
    assert len(pairs) == len(set(pairs))
    assert {s for s, _ in pairs} >= {"gmail", "zendesk", "marketo", "netsuite", "gong", "salesforce"}


def test_every_story_is_told(world: DemoWorld) -> None:
    for story in STORY_KEYS:
        assert world.stories[story], story
    flat = [
        k
        for s in (
            "multi_threaded",
            "single_threaded_contact",
            "single_threaded_staff",
            "going_dark",
            "churned",
            "champion_left",
        )
        for k in world.stories[s]
    ]
    assert len(flat) == len(set(flat))  # one story per account


def _by_account(rows: dict[str, list[dict]]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = collections.defaultdict(list)
    for i in rows["interactions"]:
        out[i["account_key"]].append(i)
    return out


def _threads(items: list[dict], since: datetime) -> set[tuple[str, str]]:
    return {
        (s, c) for i in items if i["occurred_at"] >= since for s in i["staff_keys"] for c in i["contact_keys"]
    }


def test_multi_threaded_accounts_are_many_by_many_and_reciprocal(world: DemoWorld, rows) -> None:
    by = _by_account(rows)
    recent = ANCHOR - timedelta(days=120)
    for key in world.stories["multi_threaded"]:
        threads = _threads(by[key], recent)
        assert len({s for s, _ in threads}) >= 3, key
        assert len({c for _, c in threads}) >= 4, key
        assert any(i["direction"] == "inbound" and i["occurred_at"] >= recent for i in by[key])


def test_single_threaded_accounts_hang_on_one_person(world: DemoWorld, rows) -> None:
    by = _by_account(rows)
    for key in world.stories["single_threaded_contact"]:
        people = {c for i in by[key] for c in i["contact_keys"]}
        assert len(people) == 1, key
        assert len({s for i in by[key] for s in i["staff_keys"]}) >= 2
    for key in world.stories["single_threaded_staff"]:
        ours = {s for i in by[key] for s in i["staff_keys"]}
        assert len(ours) == 1, key
        assert len({c for i in by[key] for c in i["contact_keys"]}) >= 2
        recent = [i for i in by[key] if i["occurred_at"] >= ANCHOR - timedelta(days=90)]
        assert any(i["direction"] != "outbound" for i in recent)  # a live, two-way thread


def test_going_dark_accounts_have_no_recent_inbound_and_falling_outbound(world: DemoWorld, rows) -> None:
    by = _by_account(rows)
    for key in world.stories["going_dark"]:
        items = by[key]
        assert not [
            i
            for i in items
            if i["direction"] != "outbound" and i["occurred_at"] >= ANCHOR - timedelta(days=60)
        ]
        last_inbound = max(i["occurred_at"] for i in items if i["direction"] == "inbound")
        assert last_inbound < ANCHOR - timedelta(days=60)


def test_churned_accounts_fell_silent_before_they_left(world: DemoWorld, rows) -> None:
    accounts = {a["key"]: a for a in rows["accounts"]}
    by = _by_account(rows)
    churned = world.stories["churned"]
    assert 0.08 <= len(churned) / 40 <= 0.12
    assert {a["key"] for a in rows["accounts"] if a["lifecycle_stage"] == "churned"} == set(churned)
    falls = 0
    for key in churned:
        at = accounts[key]["churned_at"]
        assert ANCHOR - timedelta(days=731) <= at <= ANCHOR
        # Person-to-person touches (invoices and renewals keep their calendar).
        items = [i for i in by[key] if i["channel"] not in ("invoice", "payment", "contract")]
        last_90 = sum(1 for i in items if at - timedelta(days=90) <= i["occurred_at"] < at)
        before = sum(
            1 for i in items if at - timedelta(days=270) <= i["occurred_at"] < at - timedelta(days=180)
        )
        falls += last_90 * 2 < before  # a quarter's worth fell to well under half of an earlier one
    assert falls >= len(churned) - 1


def test_champions_leave_and_turn_up_at_another_account(world: DemoWorld, rows) -> None:
    contacts = {c["key"]: c for c in rows["contacts"]}
    moves = {m["key"]: m for m in rows["contact_moves"]}
    assert world.stories["champion_moved"] == [m.contact_key for m in world.champion_moves]
    for move in world.champion_moves:
        first, second = contacts[move.contact_key], moves[move.contact_key]
        assert first["account_key"] == move.from_account_key and second["account_key"] == move.to_account_key
        assert first["role"] == "champion"
        assert ANCHOR - timedelta(days=90) <= first["until"] <= ANCHOR
        assert first["until"] <= second["since"] <= ANCHOR
        assert move.from_account_key != move.to_account_key
        assert move.to_account_key not in world.stories["churned"]


def test_ten_thousand_accounts_plan_lazily() -> None:
    w = generate_world(10_000, 7, anchor=ANCHOR)
    assert len(w.stories["churned"]) == 1000
    first = next(iter(w.interactions))
    assert first["account_key"] == "ACC-00000"


def test_files_read_back_as_the_same_records(world: DemoWorld, rows, tmp_path: Path) -> None:
    counts = write_world(world, tmp_path)
    assert counts == {kind: len(items) for kind, items in rows.items()}
    assert (tmp_path / "stories.json").exists()
    for kind in KINDS:
        model = _model(kind)
        back = [model.model_validate(r) for r in read_rows(tmp_path / FILE_NAMES[kind])]
        assert back == [model.model_validate(r) for r in rows[kind]], kind


def test_the_command_writes_files(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "graph.cli",
            "demo",
            "--accounts",
            "5",
            "--seed",
            "2",
            "--anchor",
            "2026-11-22",
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*FILE_NAMES.values(), "stories.json"])
    again = tmp_path / "again"
    write_world(generate_world(5, 2, anchor=ANCHOR), again)
    for name in FILE_NAMES.values():
        assert (tmp_path / name).read_text() == (again / name).read_text(), name


def test_the_metrics_see_the_stories_in_memory(world: DemoWorld) -> None:
    from tests.demo.metrics_view import world_metrics

    m = world_metrics(world, ANCHOR)
    s = world.stories
    assert all(m[k].connectivity == 1 for k in s["single_threaded_contact"] + s["single_threaded_staff"])
    assert all(m[k].connectivity >= 3 for k in s["multi_threaded"])
    assert all(m[k].risk.level != "LOW" for k in s["going_dark"])
    for key in s["champion_left"]:
        assert "CHAMPION_LEFT" in {f.code for f in m[key].risk.factors}
    healthy = sum(m[k].risk.score for k in s["healthy"]) / len(s["healthy"])
    troubled = [k for story in ("going_dark", "churned", "single_threaded_contact") for k in s[story]]
    assert sum(m[k].risk.score for k in troubled) / len(troubled) > healthy + 15
