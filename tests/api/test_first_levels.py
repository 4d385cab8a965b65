# ruff: noqa: E501  (GraphQL documents read best unwrapped)
"""An account's first computed level is its starting point, not a change: `upsertAccounts` answers it in
`firstLevels`, and nothing reaches the risk event log, `riskChanged` subscribers (a real `gql` client
here) or webhooks. A later change of that level is announced as before, and `riskChanges` lists exactly
what was recorded."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from graph.store import AsyncStore, Store
from graph.webhooks.config import WebhookSettings
from graph.webhooks.store import create_webhook, list_deliveries
from tests.api.conftest import GraphQL, ensure_keys
from tests.api.test_live import first_risk_change, server  # noqa: F401 - the uvicorn server fixture

UPSERT = """mutation($in: [AccountInput!]!) { upsertAccounts(input: $in) { ... on IngestSummary {
  inserted updated riskChanges { accountKey oldLevel newLevel oldScore newScore } firstLevels { accountKey level score } } } }"""
KEYS = [f"F-{i}" for i in range(1, 6)]


def _account(key: str, name: str | None = None) -> dict[str, Any]:
    return {"key": key, "name": name or f"First {key}", "segment": "SMB", "tier": "STANDARD",
            "lifecycleStage": "ACTIVE", "annualRevenue": 50000.0, "grossMarginRate": 0.5}


def _events(store: Store) -> list[dict[str, Any]]:
    return [r["event"] for r in store.read("risk_events_since", sinceMs=0, afterId="", limit=1000)]


async def test_new_accounts_start_at_a_level_and_only_a_change_is_announced(
    server: str, clean_store: Store, async_store: AsyncStore  # noqa: F811
) -> None:
    keys = ensure_keys(clean_store, KEYS)
    hook = await create_webhook(async_store, url="http://127.0.0.1:9/hook", min_level="MEDIUM", account_keys=None,
                                owner_key_id=None, allowed=None, settings=WebhookSettings(), allow_private=True)
    async with httpx.AsyncClient(base_url=f"http://{server}", timeout=60) as client:
        gql = GraphQL(client, keys.writer)
        async with first_risk_change(server, keys.reader, KEYS[0]) as first_event:
            created = (await gql(UPSERT, {"in": [_account(k) for k in KEYS]}))["upsertAccounts"]
            assert created["inserted"] == len(KEYS)
            assert created["riskChanges"] == []
            firsts = {f["accountKey"]: f for f in created["firstLevels"]}
            assert sorted(firsts) == KEYS
            assert all(f["level"] in ("LOW", "MEDIUM", "HIGH", "CRITICAL") for f in firsts.values())
            # Nothing recorded, so nothing for any worker's feed, nor any webhook delivery.
            assert _events(clean_store) == []
            assert await list_deliveries(async_store, hook.webhook.id, allowed=None) == []

            # Another level stored for F-1, then an upsert that refreshes it: a change, announced.
            level = firsts[KEYS[0]]["level"]
            stored = "LOW" if level != "LOW" else "CRITICAL"
            clean_store.write("write_account_metrics",
                              rows=[{"key": KEYS[0], "props": {"riskLevel": stored}, "threads": []}])
            renamed = (await gql(UPSERT, {"in": [_account(KEYS[0], "Renamed")]}))["upsertAccounts"]
            assert renamed["updated"] == 1 and renamed["firstLevels"] == []
            [change] = renamed["riskChanges"]
            assert (change["accountKey"], change["oldLevel"], change["newLevel"]) == (KEYS[0], stored, level)

            # The subscriber's first event is that change: the first levels before it never came.
            event = (await asyncio.wait_for(first_event, 30))["riskChanged"]
            assert (event["accountKey"], event["oldLevel"], event["newLevel"]) == (KEYS[0], stored, level)

    [recorded] = _events(clean_store)
    assert (recorded["accountKey"], recorded["oldLevel"], recorded["newLevel"]) == (KEYS[0], stored, level)
    [delivery] = await list_deliveries(async_store, hook.webhook.id, allowed=None)
    assert (delivery.payload["accountKey"], delivery.payload["oldLevel"]) == (KEYS[0], stored)
