# ruff: noqa: E501  (GraphQL documents read best unwrapped)
"""Subscriptions: graphql-transport-ws only, the key in connection_init, a cap per connection."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from api.app import create_app
from graph.settings import ApiLimits, Settings
from tests.hardening.conftest import World

SUBSCRIBE = "subscription { riskChanged { accountKey newLevel } }"


@pytest.fixture
def ws_client(settings: Settings) -> Any:
    app = create_app(settings.model_copy(update={"limits": ApiLimits(max_subscriptions_per_connection=2)}))
    with TestClient(app) as client:
        yield client


def test_legacy_graphql_ws_is_not_offered(ws_client: TestClient) -> None:
    with pytest.raises(WebSocketDisconnect), ws_client.websocket_connect("/graphql", subprotocols=["graphql-ws"]) as ws:
        ws.send_json({"type": "connection_init", "payload": {}})
        ws.receive_json()


def test_connection_init_without_a_valid_key_is_refused(ws_client: TestClient, world: World) -> None:
    for payload in ({}, {"Authorization": "Bearer rg_000000000000_nope"}, {"Authorization": f"Bearer {world.revoked}"}):
        with ws_client.websocket_connect("/graphql", subprotocols=["graphql-transport-ws"]) as ws:
            ws.send_json({"type": "connection_init", "payload": payload})
            with pytest.raises(WebSocketDisconnect) as closed:
                ws.receive_json()
            assert closed.value.code == 4403


def test_subscribe_before_init_is_refused(ws_client: TestClient) -> None:
    with ws_client.websocket_connect("/graphql", subprotocols=["graphql-transport-ws"]) as ws:
        ws.send_json({"type": "subscribe", "id": "1", "payload": {"query": SUBSCRIBE}})
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_json()
        assert closed.value.code == 4401


def test_key_in_init_payload_and_the_subscription_cap(ws_client: TestClient, world: World) -> None:
    with ws_client.websocket_connect("/graphql", subprotocols=["graphql-transport-ws"]) as ws:
        ws.send_json({"type": "connection_init", "payload": {"Authorization": f"Bearer {world.reader}"}})
        assert ws.receive_json()["type"] == "connection_ack"
        for i in range(3):
            ws.send_json({"type": "subscribe", "id": str(i), "payload": {"query": SUBSCRIBE}})
        message = ws.receive_json()
        assert message["type"] == "error" and message["id"] == "2", message
        ws.send_json({"type": "ping"})
        assert ws.receive_json()["type"] == "pong"


def test_a_message_nested_too_deep_closes_the_connection_as_invalid(ws_client: TestClient, world: World) -> None:
    # The decoder recurses; a message nested past Python's limit is invalid JSON (4400), not a dropped socket.
    with ws_client.websocket_connect("/graphql", subprotocols=["graphql-transport-ws"]) as ws:
        ws.send_json({"type": "connection_init", "payload": {"Authorization": f"Bearer {world.reader}"}})
        assert ws.receive_json()["type"] == "connection_ack"
        deep = "[" * 5000 + "]" * 5000
        ws.send_text('{"type": "subscribe", "id": "1", "payload": {"query": "{ __typename }", "variables": {"x": ' + deep + "}}}")
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_json()
        assert closed.value.code == 4400
