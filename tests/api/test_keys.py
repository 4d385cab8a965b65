"""API keys: created once and shown once, stored hashed, listed and revoked from the command line."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from typer.testing import CliRunner

from graph.apikeys import (
    InvalidScope,
    authenticate,
    create_key,
    hash_token,
    list_keys,
    parse_token,
    revoke_key,
)
from graph.cli.main import app
from graph.settings import Settings
from graph.store import Store


def test_a_key_is_stored_only_as_its_hash(store: Store) -> None:
    new = create_key(store, "hash check", ["read", "write"], ["ACC-1"])
    assert new.token.startswith(f"rg_{new.key.id}_")
    row = store.read("apikey_by_id", id=new.key.id)[0]["key"]
    assert row["hash"] == hash_token(new.token) and new.token not in str(row)
    found = authenticate(store, new.token)
    assert found is not None and found.scopes == ("read", "write") and found.accounts == ("ACC-1",)
    assert found.allows("read") and not found.allows("admin")
    assert authenticate(store, new.token[:-1] + ("A" if new.token[-1] != "A" else "B")) is None
    revoke_key(store, new.key.id)
    assert authenticate(store, new.token) is None


def test_tokens_and_scopes_are_checked() -> None:
    assert parse_token("rg_0123456789ab_secret_with_underscores") == "0123456789ab"
    for bad in ("", "rg_short_x", "xx_0123456789ab_s", "rg_0123456789ab_", "rg_0123456789aZ_s"):
        assert parse_token(bad) is None
    with pytest.raises(InvalidScope):
        create_key(None, "x", ["root"])  # type: ignore[arg-type]


def test_cli_creates_lists_and_revokes(
    store: Store, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEO4J_URI", settings.neo4j_uri)
    monkeypatch.setenv("NEO4J_USER", settings.neo4j_user)
    monkeypatch.setenv("NEO4J_PASSWORD", settings.neo4j_password)
    monkeypatch.setenv("NEO4J_DATABASE", settings.neo4j_database)
    runner = CliRunner()
    created = runner.invoke(
        app,
        ["keys", "create", "--name", "cli partner", "--scopes", "read,write", "--accounts", "ACC-7,ACC-8"],
    )
    assert created.exit_code == 0, created.output
    token = created.stdout.strip()
    assert token.count("\n") == 0 and token.startswith("rg_")
    key = authenticate(store, token)
    assert key is not None and key.accounts == ("ACC-7", "ACC-8") and key.name == "cli partner"
    listed = runner.invoke(app, ["keys", "list"])
    assert listed.exit_code == 0 and key.id in listed.stdout and token not in listed.stdout
    revoked = runner.invoke(app, ["keys", "revoke", key.id])
    assert revoked.exit_code == 0, revoked.output
    assert authenticate(store, token) is None
    assert any(k.id == key.id and k.revoked for k in list_keys(store))

    # --json: every key whole (a table fits 80 columns when piped), never a secret.
    listed = runner.invoke(app, ["keys", "list", "--json"])
    assert listed.exit_code == 0, listed.output
    assert token.split("_")[-1] not in listed.stdout
    (mine,) = [k for k in json.loads(listed.stdout) if k["id"] == key.id]
    assert mine["name"] == "cli partner" and mine["scopes"] == ["read", "write"]
    assert mine["accounts"] == ["ACC-7", "ACC-8"]
    assert datetime.fromisoformat(mine["revoked_at"]) >= datetime.fromisoformat(mine["created_at"])
