# ruff: noqa: E501  (GraphQL documents read best unwrapped)
"""A real GraphQL client (gql) against a uvicorn server: the examples run, and a subscription receives
the risk change a mutation causes."""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from gql import Client, GraphQLRequest
from gql.transport.httpx import HTTPXAsyncTransport
from gql.transport.websockets import WebsocketsTransport

from api.app import create_app
from graph.settings import Settings
from tests.api.conftest import GraphQL, Keys

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
async def server(settings: Settings) -> AsyncIterator[str]:
    port = _free_port()
    config = uvicorn.Config(
        create_app(settings), host="127.0.0.1", port=port, ws="websockets-sansio", log_level="warning",
        lifespan="on",
    )
    uv = uvicorn.Server(config)
    task = asyncio.create_task(uv.serve())
    for _ in range(200):
        if uv.started:
            break
        await asyncio.sleep(0.05)
    assert uv.started, "uvicorn did not start"
    try:
        yield f"127.0.0.1:{port}"
    finally:
        uv.should_exit = True
        await asyncio.wait_for(task, 15)


def _fill(value: Any, slots: dict[str, str]) -> Any:
    if isinstance(value, str):
        for name, filled in slots.items():
            value = value.replace("{" + name + "}", filled)
        return value
    if isinstance(value, list):
        return [_fill(v, slots) for v in value]
    if isinstance(value, dict):
        return {k: _fill(v, slots) for k, v in value.items()}
    return value


async def _slots(gql: GraphQL, demo_world: Any) -> dict[str, str]:
    account = demo_world.stories["single_threaded_contact"][0]
    data = await gql(
        """query($k: String!) { account(key: $k) { risk { singlePointsOfFailure { key } }
                          threads(first: 1) { edges { node { staff { key } contact { key } } } } } }""",
        {"k": account},
    )
    thread = data["account"]["threads"]["edges"][0]["node"]
    return {
        "account": demo_world.stories["healthy"][-1],
        "spof": data["account"]["risk"]["singlePointsOfFailure"][0]["key"],
        "contact": demo_world.stories["champion_moved"][0],
        "staff": thread["staff"]["key"],
        "past": (datetime.now(UTC) - timedelta(days=90)).isoformat(),
        "now": datetime.now(UTC).isoformat(),
    }


@pytest.mark.parametrize(
    "name", sorted(p.stem for p in EXAMPLES.glob("*.graphql") if p.stem != "risk_changed")
)
async def test_examples_run_with_a_real_client(
    name: str, server: str, gql: GraphQL, demo_keys: Keys, demo_world: Any
) -> None:
    slots = await _slots(gql, demo_world)
    if name in ("account_page", "what_if"):
        slots["account"] = demo_world.stories["single_threaded_contact"][0]
    variables = _fill(json.loads((EXAMPLES / "variables.json").read_text())[name], slots)
    transport = HTTPXAsyncTransport(
        url=f"http://{server}/graphql", headers={"Authorization": f"Bearer {demo_keys.admin}"}
    )
    async with Client(transport=transport, fetch_schema_from_transport=False) as session:
        request = GraphQLRequest((EXAMPLES / f"{name}.graphql").read_text(), variable_values=variables)
        result = await session.execute(request)
    assert result, name
    if name == "risk_dashboard":  # customers only: a churned account has nothing left to lose
        nodes = [e["node"] for e in result["accounts"]["edges"]]
        assert nodes and all(n["lifecycleStage"] != "CHURNED" for n in nodes)
    if name == "staff_directory":  # the owner dropdown pages on; the account's team covers it
        owners = [e["node"] for e in result["owners"]["edges"]]
        assert len(owners) == min(10, result["owners"]["totalCount"]) and result["owners"]["totalCount"] > 0
        team = [e["node"] for e in result["team"]["edges"]]
        assert team and all(slots["account"] in {c["account"]["key"] for c in n["coverage"]} for n in team)
    if name == "record_interactions":
        assert result["recordInteractions"]["__typename"] == "IngestSummary"
        assert result["recordInteractions"]["rejected"] == 0


async def _burst(gql: GraphQL, account: str) -> list[dict[str, Any]]:
    """Interactions that make every current contact of `account` answer several of our staff, now."""
    data = await gql(
        """query($k: String!) { account(key: $k) { contacts(status: CURRENT, first: 6) { edges { node { key } } }
                          coverage { staff { key } } } }""",
        {"k": account},
    )
    contacts = [e["node"]["key"] for e in data["account"]["contacts"]["edges"]]
    staff = list(dict.fromkeys(c["staff"]["key"] for c in data["account"]["coverage"]))
    others = await gql(
        "{ accounts(first: 20, orderBy: {field: NAME, direction: ASC}) { edges { node { coverage { staff { key } } } } } }"
    )
    for e in others["accounts"]["edges"]:
        staff += [c["staff"]["key"] for c in e["node"]["coverage"] if c["staff"]["key"] not in staff]
    staff = staff[:6]
    now = datetime.now(UTC)
    rows = []
    for i, c in enumerate(contacts):
        for j, s in enumerate(staff):
            for n in range(3):
                rows.append(
                    {
                        "key": f"live-{account}-{i}-{j}-{n}",
                        "source": "live-test",
                        "channel": "MEETING",
                        "occurredAt": (now - timedelta(hours=1 + n * 24 + i + j)).isoformat(),
                        "direction": "MUTUAL",
                        "accountKey": account,
                        "contactKeys": [c],
                        "staffKeys": [s],
                        "durationMinutes": 45,
                    }
                )
    return rows


async def test_subscription_receives_the_risk_change_a_mutation_causes(server: str, demo_keys: Keys) -> None:
    # A subscriber and a mutation through the same server (test_risk_feed covers a change made elsewhere).
    async with httpx.AsyncClient(base_url=f"http://{server}") as client:
        await _subscribe_and_mutate(server, GraphQL(client, demo_keys.admin), demo_keys)


@contextlib.asynccontextmanager
async def first_risk_change(server: str, token: str, account_key: str) -> AsyncIterator[asyncio.Future[Any]]:
    """A `riskChanged` subscription (examples/risk_changed.graphql) on one account, registered with the
    server; yields the future of its first event."""
    transport = WebsocketsTransport(
        url=f"ws://{server}/graphql",
        headers={"Authorization": f"Bearer {token}"},
        subprotocols=[WebsocketsTransport.GRAPHQLWS_SUBPROTOCOL],
    )
    document = (EXAMPLES / "risk_changed.graphql").read_text()
    async with Client(transport=transport, fetch_schema_from_transport=False) as session:
        events = session.subscribe(GraphQLRequest(document, variable_values={"accountKeys": [account_key]}))
        first_event = asyncio.ensure_future(events.__anext__())
        await asyncio.sleep(0.5)  # let the subscription register before anything publishes
        try:
            yield first_event
        finally:
            first_event.cancel()
            await events.aclose()


async def _subscribe_and_mutate(server: str, gql: GraphQL, demo_keys: Keys) -> None:
    at_risk = await gql("""{ accounts(first: 100, filter: {riskLevels: [HIGH, CRITICAL]},
                                      orderBy: {field: NAME, direction: DESC}) { edges { node { key riskLevel } } } }""")
    target = at_risk["accounts"]["edges"][0]["node"]
    async with first_risk_change(server, demo_keys.reader, target["key"]) as first_event:
        rows = await _burst(gql, target["key"])
        result = await gql(
            """mutation($input: [InteractionInput!]!) { recordInteractions(input: $input) {
                                ... on IngestSummary { inserted rejected riskChanges { accountKey newLevel } } } }""",
            {"input": rows},
            token=demo_keys.writer,
        )
        summary = result["recordInteractions"]
        assert summary["rejected"] == 0 and summary["inserted"] == len(rows)
        assert summary["riskChanges"], f"{target} did not change level: {summary}"
        event = (await asyncio.wait_for(first_event, 30))["riskChanged"]
        assert event["accountKey"] == target["key"]
        assert event["oldLevel"] == target["riskLevel"] and event["newLevel"] != target["riskLevel"]
        assert event["account"]["name"]


async def test_websocket_without_a_key_is_refused(server: str) -> None:
    transport = WebsocketsTransport(
        url=f"ws://{server}/graphql", subprotocols=[WebsocketsTransport.GRAPHQLWS_SUBPROTOCOL]
    )
    with pytest.raises(Exception):  # noqa: B017 - refused at the upgrade or closed with 4401
        async with Client(transport=transport, fetch_schema_from_transport=False) as session:
            await session.execute(GraphQLRequest("{ portfolio { accounts } }"))
