# ruff: noqa: E501  (GraphQL documents read best unwrapped)
"""Every field of an account, a contact and a staff member answers on the demo world."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from graph.intelligence import account_metrics_for
from graph.store import Store
from tests.api.conftest import GraphQL

ACCOUNT = """
query($key: String!, $asOf: DateTime, $without: [String!]) {
  account(key: $key) {
    id key name segment tier lifecycleStage annualRevenue grossMarginRate riskScore riskLevel valueAtRisk
    contributionMargin singleThreaded metricsAsOf
    contacts(first: 100) {
      totalCount edges { since until current node { key name role seniority title } }
    }
    current: contacts(status: CURRENT, first: 100) { totalCount }
    former: contacts(status: FORMER, first: 100) { totalCount edges { current until } }
    coverage { role since staff { key name function } }
    threads(first: 100) { totalCount edges { node { strength interactions lastAt staff { key } contact { key } } } }
    interactions(first: 5) {
      totalCount pageInfo { hasNextPage endCursor }
      edges { node { key source channel direction occurredAt contacts { key } staff { key } } }
    }
    risk {
      score level singleThreaded connectivity asOf
      singlePointsOfFailure { __typename key name }
      factors { code contribution explanation }
    }
    depth { engagedContacts engagedStaff activeThreads effectiveContacts roleCoverage missingRoles functions connectivity score }
    relationshipValue { value valueBefore momentum asOf }
    costToEngage { from to cost grossProfit contributionMargin }
    whatIf: risk(without: $without) { score level connectivity factors { code contribution } }
    past: risk(asOf: $asOf) { score level asOf }
    pastDepth: depth(asOf: $asOf) { score connectivity }
    pastValue: relationshipValue(asOf: $asOf) { value momentum asOf }
  }
}
"""


async def test_an_account_answers_every_field(gql: GraphQL, demo_world: Any, store: Store) -> None:
    key = demo_world.stories["single_threaded_contact"][0]
    as_of = (datetime.now(UTC) - timedelta(days=120)).isoformat()
    first = await gql(ACCOUNT, {"key": key, "asOf": as_of, "without": []})
    a = first["account"]
    assert a["key"] == key and a["id"]
    assert a["contacts"]["totalCount"] == a["current"]["totalCount"] + a["former"]["totalCount"]
    assert all(not e["current"] and e["until"] for e in a["former"]["edges"])
    assert a["coverage"] and all(c["staff"]["key"] for c in a["coverage"])
    assert a["threads"]["totalCount"] >= 1
    strengths = [e["node"]["strength"] for e in a["threads"]["edges"]]
    assert strengths == sorted(strengths, reverse=True)
    assert a["interactions"]["totalCount"] > 0
    times = [e["node"]["occurredAt"] for e in a["interactions"]["edges"]]
    assert times == sorted(times, reverse=True)
    risk = a["risk"]
    assert risk["singleThreaded"] and risk["connectivity"] <= 1
    assert risk["level"] == a["riskLevel"] and risk["score"] == a["riskScore"]
    assert abs(sum(f["contribution"] for f in risk["factors"]) - risk["score"]) < 0.5
    assert any(f["code"] == "SINGLE_THREADED" for f in risk["factors"])
    for factors in (risk["factors"], a["whatIf"]["factors"]):  # stored and computed alike: largest first
        order = [(-f["contribution"], f["code"]) for f in factors]
        assert order == sorted(order) and len(order) > 1
    assert risk["singlePointsOfFailure"], "a single-threaded account names who it hangs on"
    assert {p["__typename"] for p in risk["singlePointsOfFailure"]} <= {"Contact", "Staff"}
    assert a["depth"]["connectivity"] == risk["connectivity"]
    assert a["relationshipValue"]["value"] >= 0
    assert a["costToEngage"]["cost"] >= 0
    assert a["past"]["asOf"].startswith(as_of[:10])
    # What if its single point of failure leaves: nobody of ours knows anybody there.
    spof = risk["singlePointsOfFailure"][0]["key"]
    gone = await gql(ACCOUNT, {"key": key, "asOf": as_of, "without": [spof]})
    assert gone["account"]["whatIf"]["connectivity"] == 0
    # The computed answers are graph.intelligence's.
    expected = account_metrics_for(store, [key], without=[spof])[key]
    assert gone["account"]["whatIf"]["level"] == expected.risk.level


async def test_interactions_filter_by_channel_direction_and_time(gql: GraphQL, demo_world: Any) -> None:
    key = demo_world.stories["multi_threaded"][0]
    q = """
    query($key: String!, $channels: [Channel!], $directions: [Direction!], $from: DateTime, $to: DateTime, $after: String) {
      account(key: $key) {
        interactions(channels: $channels, directions: $directions, from: $from, to: $to, first: 100, after: $after) {
          totalCount pageInfo { hasNextPage endCursor } edges { node { key channel direction occurredAt } }
        }
      }
    }"""
    every: list[dict[str, Any]] = []
    after = None
    while True:
        page = (await gql(q, {"key": key, "after": after}))["account"]["interactions"]
        every += [e["node"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(every) == page["totalCount"] and len({n["key"] for n in every}) == len(every)
    times = sorted(n["occurredAt"] for n in every)
    start, end = times[len(times) // 4], times[3 * len(times) // 4]
    variables = {
        "key": key,
        "channels": ["MEETING", "EMAIL"],
        "directions": ["INBOUND", "MUTUAL"],
        "from": start,
        "to": end,
    }
    got = (await gql(q, variables))["account"]["interactions"]["edges"]
    want = [
        n
        for n in every
        if n["channel"] in ("MEETING", "EMAIL")
        and n["direction"] in ("INBOUND", "MUTUAL")
        and start <= n["occurredAt"] < end
    ]
    assert sorted(e["node"]["key"] for e in got) == sorted(n["key"] for n in want)


PEOPLE = """
query($contact: String!, $staff: String!) {
  contact(key: $contact) {
    id key name email role seniority
    currentAccount { key }
    employments { current since until account { key name } }
    threads(first: 10) { totalCount edges { node { strength staff { key name } } } }
  }
  staff(key: $staff) {
    id key name function costPerHour active
    coverage { role account { key name } }
    threads(first: 10) { totalCount edges { node { strength contact { key } } } }
  }
}
"""


async def test_contact_and_staff_with_their_threads_and_accounts(gql: GraphQL, demo_world: Any) -> None:
    key = demo_world.stories["multi_threaded"][0]
    a = (
        await gql(
            "query($k: String!) { account(key: $k) { threads(first: 1) { edges { node { staff { key } contact { key } } } } } }",
            {"k": key},
        )
    )["account"]
    thread = a["threads"]["edges"][0]["node"]
    data = await gql(PEOPLE, {"contact": thread["contact"]["key"], "staff": thread["staff"]["key"]})
    contact, staff = data["contact"], data["staff"]
    assert contact["currentAccount"]["key"] == key
    assert any(t["node"]["staff"]["key"] == staff["key"] for t in contact["threads"]["edges"])
    assert staff["threads"]["totalCount"] >= 1
    assert staff["coverage"]
    # node(id:) finds each of them again.
    for obj, typename in ((contact, "Contact"), (staff, "Staff")):
        q = "query($id: ID!) { node(id: $id) { __typename ... on Person { key } } }"
        found = (await gql(q, {"id": obj["id"]}))["node"]
        assert found == {"__typename": typename, "key": obj["key"]}


async def test_champion_moves_and_intro_paths(gql: GraphQL, demo_world: Any) -> None:
    moves = (
        await gql("""{ championMoves { role leftAt since strength contact { key } fromAccount { key }
                            toAccount { key } } }""")
    )["championMoves"]
    moved = {m["contact"]["key"] for m in moves}
    assert set(demo_world.stories["champion_moved"]) <= moved
    target = demo_world.stories["champion_moved"][0]
    paths = await gql(
        """query($c: String!) { introPaths(toContact: $c) { strength target { key }
                          links { kind strength fromPerson { key } toPerson { key } } } }""",
        {"c": target},
    )
    for path in paths["introPaths"]:
        assert path["target"]["key"] == target
        assert path["links"][-1]["toPerson"]["key"] == target
    since = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    assert (await gql("query($s: DateTime) { championMoves(since: $s) { strength } }", {"s": since}))[
        "championMoves"
    ] == []


async def test_portfolio_now_and_in_the_past(gql: GraphQL, demo_world: Any) -> None:
    q = """query($asOf: DateTime) { portfolio(asOf: $asOf, top: 5) { asOf accounts churned singleThreaded
             valueAtRisk byLevel { level count valueAtRisk } bySegment { segment count }
             topPriorityAtRisk { key riskLevel contributionMargin } } }"""
    now = (await gql(q))["portfolio"]
    assert now["accounts"] + now["churned"] == demo_world.accounts
    assert sum(b["count"] for b in now["byLevel"]) == now["accounts"]
    assert sum(b["count"] for b in now["bySegment"]) == now["accounts"]
    assert abs(sum(b["valueAtRisk"] for b in now["byLevel"]) - now["valueAtRisk"]) < 1.0
    top = now["topPriorityAtRisk"]
    assert all(a["riskLevel"] in ("HIGH", "CRITICAL") for a in top)
    margins = [a["contributionMargin"] for a in top]
    assert margins == sorted(margins, reverse=True)
    past = (await gql(q, {"asOf": (datetime.now(UTC) - timedelta(days=180)).isoformat()}))["portfolio"]
    # As of then: fewer had churned, and an account with nothing dated by then is left out.
    assert 0 < past["accounts"] + past["churned"] <= demo_world.accounts and past["churned"] <= now["churned"]
    assert sum(b["count"] for b in past["byLevel"]) == past["accounts"]


async def test_intro_paths_honour_first_and_from_staff(gql: GraphQL, demo_world: Any) -> None:
    target = demo_world.stories["champion_moved"][0]
    q = """query($c: String!, $n: Int!, $s: String) { introPaths(toContact: $c, first: $n, fromStaff: $s) {
             strength links { fromPerson { key } toPerson { key } } } }"""
    one = (await gql(q, {"c": target, "n": 1}))["introPaths"]
    many = (await gql(q, {"c": target, "n": 5}))["introPaths"]
    assert len(one) == 1 and many[0] == one[0]
    assert len(many) >= 2, "the mover is known through more than one chain"
    strengths = [p["strength"] for p in many]
    assert strengths == sorted(strengths, reverse=True)
    chains = [tuple(link["fromPerson"]["key"] for link in p["links"]) for p in many]
    assert len(set(chains)) == len(chains)
    assert all(p["links"][-1]["toPerson"]["key"] == target for p in many)
    start = many[-1]["links"][0]["fromPerson"]["key"]
    only = (await gql(q, {"c": target, "n": 5, "s": start}))["introPaths"]
    assert only and all(p["links"][0]["fromPerson"]["key"] == start for p in only)
