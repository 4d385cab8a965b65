"""`championMoves`: without `since` it answers every move, as its description and docs/api.md say; a move
reports the role held at the account left (kept on that employment), as `Contact.employments` does."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from tests.api.conftest import GraphQL

MOVES = "query($since: DateTime) { championMoves(since: $since) { leftAt contact { key } } }"
DESCRIBED = """{ __type(name: "Query") { fields { name description args { name description } } } }"""


async def test_without_since_every_move_is_answered(gql: GraphQL) -> None:
    every = (await gql(MOVES))["championMoves"]
    lefts = sorted(datetime.fromisoformat(m["leftAt"]) for m in every)
    assert len(lefts) >= 2
    # A `since` between the oldest and the newest departure drops the older moves; no `since` drops none.
    middle = lefts[0] + (lefts[-1] - lefts[0]) / 2 + timedelta(seconds=1)
    recent = (await gql(MOVES, {"since": middle.isoformat()}))["championMoves"]
    assert 0 < len(recent) < len(every)
    assert all(datetime.fromisoformat(m["leftAt"]) >= middle for m in recent)


async def test_the_schema_describes_the_default_it_has(gql: GraphQL) -> None:
    fields = {f["name"]: f for f in (await gql(DESCRIBED))["__type"]["fields"]}
    moves = fields["championMoves"]
    [since] = moves["args"]
    assert "90 days" not in moves["description"]
    assert "every move" in moves["description"] and "every move" in since["description"]


MOVES_HELD = """{ championMoves { role roleInferred title seniority contact { key } fromAccount { key }
                                 toAccount { key } } }"""
JOBS = """query($key: String!) { contact(key: $key) { role
            employments { current role title seniority account { key } } } }"""


async def test_a_move_and_the_employments_say_what_the_champion_was_where_they_left(
    gql: GraphQL, demo_world: Any
) -> None:
    # The demo's champions join an account whose CRM records them as `unknown`: the role they held at
    # the account they left is kept on that employment and is what the move reports.
    planted = {(m.contact_key, m.from_account_key, m.to_account_key) for m in demo_world.champion_moves}
    moves = [
        m
        for m in (await gql(MOVES_HELD))["championMoves"]
        if (m["contact"]["key"], m["fromAccount"]["key"], m["toAccount"]["key"]) in planted
    ]
    assert len(moves) == len(planted)
    assert all((m["role"], m["roleInferred"]) == ("CHAMPION", False) for m in moves), moves
    assert all(m["title"] for m in moves)

    move = moves[0]
    contact = (await gql(JOBS, {"key": move["contact"]["key"]}))["contact"]
    assert contact["role"] == "UNKNOWN"  # what the new account's record says now
    jobs = {j["account"]["key"]: j for j in contact["employments"]}
    left, joined = jobs[move["fromAccount"]["key"]], jobs[move["toAccount"]["key"]]
    assert (left["current"], left["role"], left["title"], left["seniority"]) == (
        False,
        "CHAMPION",
        move["title"],
        move["seniority"],
    )
    assert (joined["current"], joined["role"]) == (True, "UNKNOWN")
