# ruff: noqa: E501  (GraphQL documents read best unwrapped)
"""`recordInteractions` replaying an interaction (the same `(source, key)`) under another account moves it
there with its new participants, and refreshes the materialized metrics of both accounts. It used to say
`updated`, leave the interaction (and its participants) on the first account while its duration, so its
cost, changed, and refresh the record's account only: the first account's materialized
`contributionMargin` then disagreed with its `costToEngage` computed on request."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from tests.api.conftest import GraphQL, Keys
from tests.conftest import invalidate_demo_world

RECORD = """mutation($in: [InteractionInput!]!) { recordInteractions(input: $in) {
  ... on IngestSummary { inserted updated duplicate rejected touchedAccounts outcomes { key outcome message } }
  ... on IngestError { code message } } }"""
# A fixed day around the interaction, so that the cost compared does not depend on when the test runs.
ACCOUNT = """query($k: String!) { account(key: $k) {
  contributionMargin metricsAsOf
  costToEngage { contributionMargin }
  day: costToEngage(from: "2026-11-22T00:00:00Z", to: "2026-11-23T00:00:00Z") { cost }
  interactions(first: 20, from: "2026-11-22T10:00:00Z", to: "2026-11-22T10:00:01Z") {
    edges { node { source key durationMinutes contacts { key } staff { key } } } } } }"""
# The report's records, but for STF-0014, who is not in the tests' 40-account world (STF-0013 is).
FIRST = {"key": "mv-1", "source": "crm", "channel": "CALL", "occurredAt": "2026-11-22T10:00:00Z",
         "direction": "MUTUAL", "accountKey": "ACC-00016", "contactKeys": ["CON-00016-03"], "staffKeys": ["STF-0013"]}
MOVED = {**FIRST, "accountKey": "ACC-00036", "contactKeys": ["CON-00036-03"], "staffKeys": ["STF-0001"],
         "durationMinutes": 6000}


async def _account(gql: GraphQL, key: str) -> dict[str, Any]:
    account = (await gql(ACCOUNT, {"k": key}))["account"]
    assert account is not None, key
    return account  # type: ignore[no-any-return]


def _mv1(account: dict[str, Any]) -> list[dict[str, Any]]:
    return [e["node"] for e in account["interactions"]["edges"] if (e["node"]["source"], e["node"]["key"]) == ("crm", "mv-1")]


def _fresh(account: dict[str, Any], since: datetime) -> None:
    """The materialized metrics were refreshed after `since` and agree with the same figure on request."""
    assert datetime.fromisoformat(account["metricsAsOf"]) >= since, account
    assert account["contributionMargin"] == pytest.approx(account["costToEngage"]["contributionMargin"], abs=0.02)


async def test_a_replay_under_another_account_moves_it_and_refreshes_both(gql: GraphQL, demo_keys: Keys) -> None:
    try:
        before = {k: await _account(gql, k) for k in ("ACC-00016", "ACC-00036")}
        assert not _mv1(before["ACC-00016"]) and not _mv1(before["ACC-00036"])
        rate = (await gql('{ staff(key: "STF-0001") { costPerHour } }'))["staff"]["costPerHour"]
        first = (await gql(RECORD, {"in": [FIRST]}))["recordInteractions"]
        assert (first["inserted"], first["touchedAccounts"]) == (1, ["ACC-00016"]), first["outcomes"]

        started = datetime.now(UTC)
        moved = (await gql(RECORD, {"in": [MOVED]}))["recordInteractions"]
        assert moved["outcomes"] == [{"key": "crm/mv-1", "outcome": "updated", "message": None}], moved
        assert moved["touchedAccounts"] == ["ACC-00016", "ACC-00036"]

        old, new = await _account(gql, "ACC-00016"), await _account(gql, "ACC-00036")
        assert _mv1(old) == []
        assert _mv1(new) == [{"source": "crm", "key": "mv-1", "durationMinutes": 6000.0,
                              "contacts": [{"key": "CON-00036-03"}], "staff": [{"key": "STF-0001"}]}]
        for account in (old, new):
            _fresh(account, started)
        # The first account is back to its cost without the call; the second carries 100 hours of STF-0001.
        assert old["day"]["cost"] == pytest.approx(before["ACC-00016"]["day"]["cost"])
        assert new["day"]["cost"] == pytest.approx(before["ACC-00036"]["day"]["cost"] + 100 * rate)

        again = (await gql(RECORD, {"in": [MOVED]}))["recordInteractions"]
        assert (again["duplicate"], again["touchedAccounts"]) == (1, []), again
    finally:
        invalidate_demo_world()  # the interaction changed two accounts' costs, threads and metrics
