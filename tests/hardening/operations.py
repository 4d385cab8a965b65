# ruff: noqa: E501  (GraphQL documents read best unwrapped)
"""One small operation per root field of the schema, built for a given world (tests assert the table covers
every field, so a new field fails them until it is added here)."""

from __future__ import annotations

from typing import Any

from tests.hardening.conftest import World, global_id

Op = tuple[str, dict[str, Any]]


def query_ops(w: World, account: str, contact: str, staff: str) -> dict[str, Op]:
    """An operation per Query field, aimed at `account`, `contact` and `staff`."""
    return {
        "account": ("query($k: String!) { account(key: $k) { key name risk { score } } }", {"k": account}),
        "accounts": ("query($s: String) { accounts(first: 5, filter: {search: $s}) { totalCount edges { node { key } } } }",
                     {"s": account}),
        "contact": ("query($k: String!) { contact(key: $k) { key name } }", {"k": contact}),
        "staff": ("query($k: String!) { staff(key: $k) { key name } }", {"k": staff}),
        "staffMembers": ("query($a: String!) { staffMembers(first: 5, filter: {covers: $a}, orderBy: {field: ACCOUNTS_COVERED}) "
                         "{ totalCount edges { cursor node { key coverage { account { key } } } } } }", {"a": account}),
        "introPaths": ("query($k: String!) { introPaths(toContact: $k) { strength links { kind } } }", {"k": contact}),
        "portfolio": ("{ portfolio(top: 3) { accounts singleThreaded } }", {}),
        "championMoves": ("{ championMoves { role contact { key } fromAccount { key } toAccount { key } } }", {}),
        "node": ("query($id: ID!) { node(id: $id) { id ... on Account { key } } }",
                 {"id": global_id("Account", account)}),
        "accountRisk": ("query($k: String!) { accountRisk(key: $k) { score level singleThreaded "
                        "reasons { code contribution explanation } asOf } }", {"k": account}),
        "webhooks": ("{ webhooks { id url minLevel accountKeys } }", {}),
        "webhookDeliveries": ("query($id: String!) { webhookDeliveries(webhookId: $id) { id status } }",
                              {"id": "wh_does_not_exist"}),
    }


def mutation_ops(account: str) -> dict[str, Op]:
    """An operation per Mutation field (harmless: they fail validation or touch one test record)."""
    return {
        "upsertAccounts": ("mutation($k: String!) { upsertAccounts(input: [{key: $k, name: \"X\", segment: SMB, "
                           "tier: STANDARD, lifecycleStage: ACTIVE, annualRevenue: 1, grossMarginRate: 0.5}]) "
                           "{ __typename } }", {"k": account}),
        "upsertContacts": ("mutation { upsertContacts(input: [{key: \"C-auth\", name: \"X\"}]) { __typename } }", {}),
        "upsertStaff": ("mutation { upsertStaff(input: [{key: \"S-auth\", name: \"X\", function: SALES, "
                        "costPerHour: 1}]) { __typename } }", {}),
        "upsertCoverage": ("mutation($k: String!) { upsertCoverage(input: [{staffKey: \"S-auth\", accountKey: $k, "
                           "role: SUPPORT}]) { __typename } }", {"k": account}),
        "recordInteractions": ("mutation($k: String!) { recordInteractions(input: [{key: \"I-auth\", source: \"t\", "
                               "channel: EMAIL, occurredAt: \"2026-01-01T00:00:00Z\", direction: INBOUND, "
                               "accountKey: $k, contactKeys: [], staffKeys: []}]) { __typename } }", {"k": account}),
        "createWebhook": ("mutation($k: String!) { createWebhook(url: \"http://127.0.0.1:9/hook\", minLevel: HIGH, "
                          "accountKeys: [$k]) { __typename ... on WebhookError { code message } } }", {"k": account}),
        "deleteWebhook": ("mutation { deleteWebhook(id: \"wh_does_not_exist\") { __typename "
                          "... on WebhookError { code message } } }", {}),
    }
