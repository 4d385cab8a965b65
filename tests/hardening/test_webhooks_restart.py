# ruff: noqa: E501  (GraphQL documents read best unwrapped)
"""End to end over real processes: an upsert through the API changes risk levels, a signed POST reaches a
receiver that answers 500 twice, the API is killed with SIGKILL mid-retry and started again, and the
receiver still gets every delivery exactly once by delivery id."""

from __future__ import annotations

import time
from collections.abc import Callable

import httpx

from graph.apikeys import create_key
from graph.settings import Settings
from graph.store import Store
from tests.hardening.receiver import Receiver
from tests.hardening.server import ApiProcess

WEBHOOK_ENV = {
    "RELGRAPH_WEBHOOKS__POLL_SECONDS": "0.2",
    "RELGRAPH_WEBHOOKS__BACKOFF_BASE_SECONDS": "1.5",
    "RELGRAPH_WEBHOOKS__BACKOFF_FACTOR": "2",
    "RELGRAPH_WEBHOOKS__TIMEOUT_SECONDS": "2",
}


def _wait(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


def _gql(api: ApiProcess, token: str, query: str, variables: dict | None = None) -> dict:
    response = httpx.post(f"{api.url}/graphql", json={"query": query, "variables": variables or {}},
                          headers={"Authorization": f"Bearer {token}"}, timeout=60)
    assert response.status_code == 200, response.text
    body = response.json()
    assert not body.get("errors"), body["errors"]
    return body["data"]


def test_deliveries_survive_a_kill_9_mid_retry(clean_store: Store, settings: Settings) -> None:
    token = create_key(clean_store, "webhook e2e", ["admin"]).token
    api = ApiProcess(settings, WEBHOOK_ENV).start()
    try:
        with Receiver(fail_first=2) as receiver:
            created = _gql(api, token, 'mutation($u: String!) { createWebhook(url: $u, minLevel: MEDIUM) '
                           "{ ... on WebhookCreated { secret webhook { id } } ... on WebhookError { message } } }",
                           {"u": receiver.url})["createWebhook"]
            receiver.secrets[created["webhook"]["id"]] = created["secret"]
            accounts = [{"key": f"A-hook-{i}", "name": f"Hook {i}", "segment": "SMB", "tier": "STANDARD",
                         "lifecycleStage": "ACTIVE", "annualRevenue": 1000.0, "grossMarginRate": 0.5}
                        for i in range(3)]
            upsert_accounts = ("mutation($in: [AccountInput!]!) { upsertAccounts(input: $in) { ... on IngestSummary "
                               "{ inserted updated riskChanges { accountKey } firstLevels { accountKey level } } } }")
            # New accounts get their first levels: starting points, announced to nobody.
            created_accounts = _gql(api, token, upsert_accounts, {"in": accounts})["upsertAccounts"]
            assert created_accounts["inserted"] == 3 and created_accounts["riskChanges"] == []
            # Another level stored for each, then an upsert whose refresh changes them all: three deliveries.
            clean_store.write("write_account_metrics", rows=[
                {"key": f["accountKey"], "props": {"riskLevel": "LOW" if f["level"] != "LOW" else "CRITICAL"},
                 "threads": []}
                for f in created_accounts["firstLevels"]
            ])
            renamed = [{**a, "name": a["name"] + " Ltd"} for a in accounts]
            upsert = _gql(api, token, upsert_accounts, {"in": renamed})["upsertAccounts"]
            assert upsert["updated"] == 3 and len(upsert["riskChanges"]) == 3
            # The first attempts fail (500): kill the API while the deliveries wait for their retry.
            _wait(lambda: len(receiver.attempts) == 3, 30, "a first attempt of each delivery")
            api.kill()
            assert not receiver.accepted
            pending = clean_store.read("webhook_deliveries", webhookId=created["webhook"]["id"], allowed=None,
                                       statuses=["pending"], limit=10)
            assert len(pending) == 3 and all(r["delivery"]["attempts"] >= 1 for r in pending)

            api = ApiProcess(settings, WEBHOOK_ENV, port=api.port).start()
            _wait(lambda: len(receiver.accepted) == 3, 60, "every delivery after the restart")
            time.sleep(1.0)  # anything sent twice would arrive now
            assert receiver.bad_signatures == 0
            assert not receiver.duplicates, receiver.duplicates
            assert all(n == 3 for n in receiver.attempts.values()), receiver.attempts
            assert sorted(b["accountKey"] for b in receiver.accepted.values()) == [a["key"] for a in accounts]
            log = _gql(api, token, "query($id: String!) { webhookDeliveries(webhookId: $id) "
                       "{ id status attempts lastStatusCode } }", {"id": created["webhook"]["id"]})
            assert {d["id"] for d in log["webhookDeliveries"]} == set(receiver.accepted)
            assert {(d["status"], d["attempts"], d["lastStatusCode"]) for d in log["webhookDeliveries"]} == {
                ("DELIVERED", 3, 200)}
    finally:
        api.kill()
