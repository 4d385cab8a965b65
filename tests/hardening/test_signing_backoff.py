"""Webhook signatures, the retry schedule and which changes cross which thresholds (pure, no Neo4j)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from graph.refresh import RiskChange
from graph.webhooks.backoff import retry_delay, schedule
from graph.webhooks.config import WebhookSettings
from graph.webhooks.events import crossed_levels, crossings, delivery_body
from graph.webhooks.signing import InvalidSignature, new_secret, sign, signature_header, verify


def test_signature_round_trip_and_tampering() -> None:
    secret = new_secret()
    body = b'{"accountKey":"A-1","newLevel":"HIGH"}'
    header = signature_header(secret, body, timestamp=1_700_000_000)
    assert header.startswith("t=1700000000,v1=")
    assert verify(secret, header, body, now=1_700_000_010) == 1_700_000_000
    with pytest.raises(InvalidSignature):
        verify(secret, header, body + b" ", now=1_700_000_010)
    with pytest.raises(InvalidSignature):
        verify("whsec_other", header, body, now=1_700_000_010)
    with pytest.raises(InvalidSignature):  # replayed long after
        verify(secret, header, body, now=1_700_000_000 + 3600, tolerance=300)
    with pytest.raises(InvalidSignature):
        verify(secret, "v1=abc", body)


def test_signature_is_hmac_sha256_over_timestamp_dot_body() -> None:
    import hashlib
    import hmac

    expected = hmac.new(b"s3cret", b"42.{}", hashlib.sha256).hexdigest()
    assert sign("s3cret", 42, b"{}") == expected


def test_backoff_doubles_up_to_the_ceiling_then_gives_up() -> None:
    s = WebhookSettings(backoff_base_seconds=10, backoff_factor=2, backoff_max_seconds=60, max_attempts=6)
    assert [d.total_seconds() for d in schedule(s)] == [10, 20, 40, 60, 60]
    assert retry_delay(6, s) is None
    assert retry_delay(1, s) == timedelta(seconds=10)


def test_crossings_either_way_and_payload() -> None:
    assert crossed_levels("MEDIUM", "MEDIUM") == []
    assert crossed_levels("HIGH", "LOW") == ["MEDIUM", "HIGH"]
    from datetime import UTC, datetime

    at = datetime(2026, 1, 1, tzinfo=UTC)
    events = crossings([RiskChange("A-1", "LOW", "CRITICAL", 10.0, 80.0),
                        RiskChange("A-2", "LOW", "LOW", 10.0, 12.0)], at)
    assert len(events) == 1
    payload = events[0].payload()
    assert payload["direction"] == "entered" and payload["accountKey"] == "A-1"
    body = delivery_body(json.dumps(payload), "dlv_1", "wh_1")
    assert body == delivery_body(json.dumps(payload), "dlv_1", "wh_1")  # retries send the same bytes
    assert json.loads(body)["deliveryId"] == "dlv_1"
