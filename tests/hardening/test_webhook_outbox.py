"""Risk changes from any path become webhook deliveries: `relgraph import` and `relgraph refresh` on the
command line write them in the same transaction as the metrics (an outbox), and the worker sends them."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import httpx
from typer.testing import CliRunner

from graph.cli.main import app
from graph.ingest import ingest
from graph.store import AsyncStore, Store
from graph.webhooks.config import WebhookSettings
from graph.webhooks.delivery import run_due_deliveries
from graph.webhooks.store import create_webhook, list_deliveries
from tests.hardening.receiver import Receiver

SETTINGS = WebhookSettings(timeout_seconds=5)



def _jsonl(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


async def test_command_line_import_and_refresh_enqueue_deliveries(
    clean_store: Store, async_store: AsyncStore, cli_env: None, tmp_path: Path
) -> None:
    runner = CliRunner()
    rows = [{"key": k, "name": f"Account {k}", "segment": "smb", "tier": "standard",
             "lifecycleStage": "active", "annualRevenue": 100000.0, "grossMarginRate": 0.5}
            for k in ("W-1", "W-2")]
    ingest(clean_store, "accounts", rows, refresh="off")  # the accounts exist, with no level yet
    accounts = _jsonl(tmp_path / "accounts.jsonl", [{**r, "name": r["name"] + " Ltd"} for r in rows])
    with Receiver() as receiver:
        created = await create_webhook(async_store, url=receiver.url, min_level="MEDIUM",
                                       account_keys=["W-1"], owner_key_id=None, allowed=None,
                                       settings=SETTINGS, allow_private=True)
        receiver.secrets[created.webhook.id] = created.secret

        # The first refresh gives each account its first level: a starting point, no change, no delivery.
        first = runner.invoke(app, ["refresh", "--all"], env={"COLUMNS": "200"})
        assert first.exit_code == 0 and "0 risk level changes, 2 first levels" in first.output, first.output
        assert await list_deliveries(async_store, created.webhook.id, allowed=None) == []

        # Another level stored for both, so that the import's refresh changes them: for W-1's webhook.
        levels = {r["account"]["key"]: r["account"]["riskLevel"]
                  for r in clean_store.read("api_accounts_by_keys", keys=["W-1", "W-2"], allowed=None)}
        clean_store.write("write_account_metrics", rows=[
            {"key": k, "props": {"riskLevel": "LOW" if level != "LOW" else "CRITICAL"}, "threads": []}
            for k, level in levels.items()
        ])
        done = runner.invoke(app, ["import", str(accounts)])
        assert done.exit_code == 0, done.output
        [pending] = await list_deliveries(async_store, created.webhook.id, allowed=None)
        # Pending, unless a worker of the session's apps (below) was quicker.
        assert pending.status in ("pending", "delivered") and pending.payload["accountKey"] == "W-1"
        assert pending.payload["newLevel"] == levels["W-1"] and pending.payload["oldLevel"] != levels["W-1"]

        # The same level again is no crossing: `relgraph refresh --all` enqueues nothing more.
        assert runner.invoke(app, ["refresh", "--all"]).exit_code == 0
        assert len(await list_deliveries(async_store, created.webhook.id, allowed=None)) == 1

        # Another worker may send it first (the session's apps run theirs against this Neo4j): either way
        # it arrives once, signed, and the log says so.
        async with httpx.AsyncClient() as client:
            for _ in range(50):
                await run_due_deliveries(async_store, client, SETTINGS)
                [delivery] = await list_deliveries(async_store, created.webhook.id, allowed=None)
                if delivery.status == "delivered":
                    break
                await asyncio.sleep(0.2)
        assert delivery.status == "delivered" and delivery.attempts == 1
        assert list(receiver.accepted) == [pending.id] and receiver.bad_signatures == 0
