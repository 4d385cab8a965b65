# ruff: noqa: E501  (GraphQL documents read best unwrapped)
"""The riskChanged feed reads the risk event log in Neo4j: a subscriber hears a change made outside its
API process (here the command line's ingestion path, `relgraph import`), and each change once."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

import httpx

from api.events import InProcessRiskBus
from api.risk_feed import RiskEventFeed
from graph.ingest import ingest
from graph.refresh import refresh_accounts
from graph.risk_events import RiskChange
from graph.store import AsyncStore, Store
from tests.api.conftest import GraphQL, Keys
from tests.api.test_live import _burst, first_risk_change, server  # noqa: F401 - the uvicorn server fixture


def _as_records(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    # GraphQL enums are upper case; records (files, the command line) take the lower-case values.
    return [{**r, "channel": r["channel"].lower(), "direction": r["direction"].lower()} for r in rows]


async def test_subscriber_hears_a_change_the_command_line_made(
    server: str, demo_keys: Keys, store: Store, demo_world: Any  # noqa: F811
) -> None:
    async with httpx.AsyncClient(base_url=f"http://{server}") as client:
        gql = GraphQL(client, demo_keys.admin)
        at_risk = await gql("""{ accounts(first: 100, filter: {riskLevels: [HIGH, CRITICAL]},
                                 orderBy: {field: NAME, direction: ASC}) { edges { node { key riskLevel } } } }""")
        target = at_risk["accounts"]["edges"][0]["node"]
        rows = _as_records(await _burst(gql, target["key"]))
    async with first_risk_change(server, demo_keys.reader, target["key"]) as first_event:
        # The path of `relgraph import`: sync ingestion in this process, its refresh per committed batch.
        report = await asyncio.to_thread(ingest, store, "interactions", rows)
        assert report.rejected == 0 and report.inserted == len(rows)
        event = (await asyncio.wait_for(first_event, 30))["riskChanged"]
        assert event["accountKey"] == target["key"]
        assert event["oldLevel"] == target["riskLevel"] and event["newLevel"] != target["riskLevel"]


async def test_feed_publishes_each_recorded_change_once(demo_world: Any, store: Store,
                                                        async_store: AsyncStore) -> None:
    bus = InProcessRiskBus()
    feed = RiskEventFeed(bus, page_size=2)  # tiny pages: the feed must page through a burst
    await feed.poll(async_store, publish=False)  # what came before is not replayed
    heard: list[RiskChange] = []

    async def listen() -> None:
        async for event in bus.subscribe():
            heard.append(event.change)

    listener = asyncio.create_task(listen())
    await asyncio.sleep(0)
    keys = [r["key"] for r in store.read("api_account_keys", allowed=None)][:7]
    levels = {r["account"]["key"]: r["account"]["riskLevel"]
              for r in store.read("api_accounts_by_keys", keys=keys, allowed=None)}
    # Store another level for five of them so that the refresh records a change for each; wipe the level
    # of the other two: their next level is a first one, which is no change and is not recorded.
    changed, wiped = keys[:5], keys[5:]
    store.write("write_account_metrics", rows=[
        {"key": k, "props": {"riskLevel": "CRITICAL" if levels[k] == "LOW" else "LOW"}, "threads": []}
        for k in changed
    ] + [{"key": k, "props": {"riskLevel": None}, "threads": []} for k in wiped])
    result = await asyncio.to_thread(refresh_accounts, store, keys)
    assert {c.account_key for c in result.changes} == set(changed)
    assert {f.account_key for f in result.first_levels} == set(wiped)
    assert await feed.poll(async_store) == len(changed)
    assert await feed.poll(async_store) == 0  # read again inside the look-back: nothing twice
    await asyncio.sleep(0.05)
    listener.cancel()
    assert sorted(c.account_key for c in heard) == sorted(changed)


async def test_feed_skips_a_first_level_an_earlier_version_recorded(demo_world: Any, store: Store,
                                                                     async_store: AsyncStore) -> None:
    # A worker not yet upgraded (a rolling deploy) may still record a first level (oldLevel null): it is
    # no change, and the feed does not publish it; a real change recorded with it is published.
    bus = InProcessRiskBus()
    feed = RiskEventFeed(bus)
    await feed.poll(async_store, publish=False)
    a, b = [r["key"] for r in store.read("api_account_keys", allowed=None)][:2]
    now = datetime.now(UTC)
    store.write("risk_events_record", events=[
        {"id": f"rev_old_{uuid.uuid4().hex}", "accountKey": a, "oldLevel": None, "newLevel": "HIGH",
         "oldScore": None, "newScore": 60.0, "at": now},
        {"id": f"rev_new_{uuid.uuid4().hex}", "accountKey": b, "oldLevel": "LOW", "newLevel": "HIGH",
         "oldScore": 10.0, "newScore": 60.0, "at": now},
    ])
    heard: list[RiskChange] = []
    original = bus.publish

    async def publish(changes: Iterable[RiskChange]) -> None:
        heard.extend(changes)
        await original(changes)

    bus.publish = publish  # type: ignore[method-assign]
    assert await feed.poll(async_store) == 1
    assert [(c.account_key, c.old_level) for c in heard] == [(b, "LOW")]


async def test_the_feed_outlives_an_unreachable_neo4j() -> None:
    # At start-up too: a failed first read is retried, never the end of the feed (nor of the lifespan).
    from graph.settings import Settings

    down = AsyncStore.open(Settings(neo4j_uri="bolt://127.0.0.1:1"))
    feed = RiskEventFeed(InProcessRiskBus(), poll_seconds=0.05)
    try:
        async with feed.running(down):
            await asyncio.sleep(0.5)
            assert feed.task is not None and not feed.task.done(), "the feed stopped on a failed read"
    finally:
        await down.close()
