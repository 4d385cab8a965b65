# ruff: noqa: E501  (GraphQL documents read best unwrapped)
"""The delivery worker against a real receiver: signatures, retries with backoff, giving up, timeouts,
and deliveries that live in Neo4j (the worker is driven with an explicit clock)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from graph.refresh import RiskChange
from graph.settings import Settings
from graph.store import AsyncStore, Store
from graph.webhooks.config import WebhookSettings
from graph.webhooks.delivery import run_due_deliveries
from graph.webhooks.store import (
    InvalidWebhook,
    create_webhook,
    enqueue_changes,
    list_deliveries,
    list_webhooks,
)
from tests.hardening.receiver import Receiver

SETTINGS = WebhookSettings(backoff_base_seconds=10, backoff_factor=2, max_attempts=4, timeout_seconds=1)


def _test_clock() -> datetime:
    """A start a day ahead of the wall clock. The session's apps run their own delivery workers on the real
    clock against the same Neo4j; deliveries scheduled a day ahead are never due for them, so only this
    test's explicit clock moves them (CI once saw a real-clock worker take a retry from under a test)."""
    return datetime.now(UTC) + timedelta(days=1)


async def _hook(store: AsyncStore, receiver: Receiver, accounts: list[str] | None, level: str = "HIGH") -> str:
    created = await create_webhook(store, url=receiver.url, min_level=level, account_keys=accounts,
                                   owner_key_id=None, allowed=None, settings=SETTINGS, allow_private=True)
    receiver.secrets[created.webhook.id] = created.secret
    return created.webhook.id


async def test_retries_with_backoff_until_the_receiver_accepts(clean_store: Store, async_store: AsyncStore) -> None:
    with Receiver(fail_first=2) as receiver:
        hook = await _hook(async_store, receiver, None)
        t0 = _test_clock()
        ids = await enqueue_changes(async_store, [RiskChange("A-1", "LOW", "HIGH", 10.0, 60.0),
                                                  RiskChange("A-2", "MEDIUM", "LOW", 30.0, 5.0),  # crosses no HIGH
                                                  RiskChange("A-3", "CRITICAL", "MEDIUM", 90.0, 40.0)], at=t0)
        assert len(ids) == 2  # A-1 entered HIGH, A-3 left it
        async with httpx.AsyncClient() as client:
            first = await run_due_deliveries(async_store, client, SETTINGS, now=t0)
            assert first == {"claimed": 2, "delivered": 0, "retrying": 2, "failed": 0}
            # Not due again before the backoff: nothing is claimed.
            assert (await run_due_deliveries(async_store, client, SETTINGS, now=t0 + timedelta(seconds=5)))["claimed"] == 0
            second = await run_due_deliveries(async_store, client, SETTINGS, now=t0 + timedelta(seconds=10))
            assert second["retrying"] == 2
            assert (await run_due_deliveries(async_store, client, SETTINGS, now=t0 + timedelta(seconds=25)))["claimed"] == 0
            third = await run_due_deliveries(async_store, client, SETTINGS, now=t0 + timedelta(seconds=30))
            assert third == {"claimed": 2, "delivered": 2, "retrying": 0, "failed": 0}
        assert receiver.bad_signatures == 0
        assert set(receiver.accepted) == set(ids) and not receiver.duplicates
        assert all(n == 3 for n in receiver.attempts.values())
        bodies = {b["accountKey"]: b for b in receiver.accepted.values()}
        assert bodies["A-1"]["direction"] == "entered" and bodies["A-3"]["direction"] == "left"
        log = await list_deliveries(async_store, hook, allowed=None)
        assert {d.status for d in log} == {"delivered"} and {d.attempts for d in log} == {3}


async def test_gives_up_after_max_attempts_and_counts_timeouts(clean_store: Store, async_store: AsyncStore) -> None:
    with Receiver(fail_first=0, delay=2.0) as receiver:  # answers after the 1 s timeout: every attempt fails
        hook = await _hook(async_store, receiver, None, level="CRITICAL")
        t0 = _test_clock()
        await enqueue_changes(async_store, [RiskChange("A-9", "HIGH", "CRITICAL", 70.0, 80.0)], at=t0)
        async with httpx.AsyncClient() as client:
            at = t0
            for _ in range(SETTINGS.max_attempts):
                await run_due_deliveries(async_store, client, SETTINGS, now=at)
                at += timedelta(hours=2)
        [delivery] = await list_deliveries(async_store, hook, allowed=None)
        assert delivery.status == "failed" and delivery.attempts == SETTINGS.max_attempts
        assert delivery.last_status_code is None and "Timeout" in (delivery.last_error or "")


async def test_webhook_filters_by_account_and_scope(clean_store: Store, async_store: AsyncStore) -> None:
    from graph.ingest import ingest

    ingest(clean_store, "accounts", [
        {"key": k, "name": k, "segment": "smb", "tier": "standard", "lifecycleStage": "active",
         "annualRevenue": 1000.0, "grossMarginRate": 0.5} for k in ("A-1", "A-2")], refresh="off")
    with Receiver() as receiver:
        await _hook(async_store, receiver, ["A-1"], level="MEDIUM")
        ids = await enqueue_changes(async_store, [RiskChange("A-1", "LOW", "MEDIUM", 10.0, 30.0),
                                                  RiskChange("A-2", "LOW", "MEDIUM", 10.0, 30.0)])
        assert len(ids) == 1
        # A partner key scoped to A-2 sees neither the webhook nor its log, and its own covers A-2 only.
        from graph.errors import NotFound

        hooks = await list_webhooks(async_store, allowed=["A-2"])
        assert hooks == []
        all_hooks = await list_webhooks(async_store, allowed=None)
        try:
            await list_deliveries(async_store, all_hooks[0].id, allowed=["A-2"])
            raise AssertionError("a foreign webhook's log was shown")
        except NotFound:
            pass
        mine = await create_webhook(async_store, url=receiver.url, min_level="MEDIUM", account_keys=None,
                                    owner_key_id="k2", allowed=["A-2"], settings=SETTINGS, allow_private=True)
        assert mine.webhook.account_keys == ("A-2",)


async def test_concurrent_workers_never_claim_the_same_delivery(clean_store: Store, settings: Settings) -> None:
    from graph.ingest import ingest

    keys = [f"A-{i}" for i in range(60)]
    ingest(clean_store, "accounts", [
        {"key": k, "name": k, "segment": "smb", "tier": "standard", "lifecycleStage": "active",
         "annualRevenue": 1000.0, "grossMarginRate": 0.5} for k in keys], refresh="off")
    stores = [AsyncStore.open(settings) for _ in range(3)]
    try:
        for level in ("MEDIUM", "HIGH"):  # two webhooks: 120 deliveries
            await create_webhook(stores[0], url="http://127.0.0.1:9/hook", min_level=level, account_keys=None,
                                 owner_key_id=None, allowed=None, settings=SETTINGS, allow_private=True)
        t0 = _test_clock()
        ids = await enqueue_changes(stores[0], [RiskChange(k, "LOW", "HIGH", 10.0, 60.0) for k in keys], at=t0)
        assert len(ids) == 120
        for round_ in range(3):  # three workers claim at the same instant, three times over
            at = t0 + timedelta(hours=round_)
            claims = await asyncio.gather(*(
                s.write("webhook_claim_due", now=at, leaseUntil=at + timedelta(minutes=30), limit=200)
                for s in stores))
            claimed = [row["delivery"]["id"] for rows in claims for row in rows]
            assert len(claimed) == len(set(claimed)) == 120, f"round {round_}: {len(claimed)} claims"
    finally:
        for s in stores:
            await s.close()


async def test_a_webhook_on_the_lowest_level_is_refused(clean_store: Store, async_store: AsyncStore) -> None:
    # No level lies below LOW and an account's first level is no change: such a webhook would never fire.
    with pytest.raises(InvalidWebhook) as refused:
        await create_webhook(async_store, url="http://127.0.0.1:9/hook", min_level="LOW", account_keys=None,
                             owner_key_id=None, allowed=None, settings=SETTINGS, allow_private=True)
    assert "minLevel LOW is never crossed" in str(refused.value)
    assert "MEDIUM, HIGH, CRITICAL" in str(refused.value)
