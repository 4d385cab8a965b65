"""`championMoves` without `since` answers every move, as its description and docs/api.md say."""

from __future__ import annotations

from datetime import datetime, timedelta

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
