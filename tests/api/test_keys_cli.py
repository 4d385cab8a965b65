"""`relgraph keys` refuses keys that cannot be what was meant, normalises scopes, and says when a key was
already revoked. A tester created a key with an empty name and one limited to no accounts (`--accounts ''`),
and revoking a revoked key printed "revoked key" again."""

from __future__ import annotations

from typing import Any

import pytest
from typer.testing import CliRunner

from graph.apikeys import InvalidKeyRequest, authenticate, create_key, list_keys
from graph.cli.main import app
from graph.store import Store


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["--name", ""], "--name"),
        (["--name", "   "], "--name"),
        (["--name", "partner", "--accounts", ""], "--accounts"),
        (["--name", "partner", "--accounts", " , ,"], "--accounts"),
        (["--name", "partner", "--scopes", "read,root"], "--scopes"),
    ],
)
def test_create_refuses_a_key_that_cannot_be_meant(
    store: Store, cli_env: None, args: list[str], option: str
) -> None:
    before = len(list_keys(store))
    refused = CliRunner().invoke(app, ["keys", "create", *args], terminal_width=200)
    assert refused.exit_code == 2, refused.output
    assert f"Invalid value for {option}" in refused.output
    assert len(list_keys(store)) == before


def test_create_refuses_them_from_python_too(store: Store) -> None:
    with pytest.raises(InvalidKeyRequest, match="blank"):
        create_key(store, " ", ["read"])
    with pytest.raises(InvalidKeyRequest, match="names no account"):
        create_key(store, "partner", ["read"], [" ", ""])


def test_scopes_are_normalised(store: Store, cli_env: None) -> None:
    created = CliRunner().invoke(app, ["keys", "create", "--name", "shouty", "--scopes", "READ,read, Write"])
    assert created.exit_code == 0, created.output
    key = authenticate(store, created.stdout.strip())
    assert key is not None and key.scopes == ("read", "write")
    assert "(read, write)" in created.stderr


def test_revoking_twice_says_it_was_already_revoked(store: Store, cli_env: None) -> None:
    key = create_key(store, "twice", ["read"]).key
    runner = CliRunner()
    first = runner.invoke(app, ["keys", "revoke", key.id])
    assert first.exit_code == 0 and f"revoked key {key.id} (twice)" in first.stderr, first.output
    again = runner.invoke(app, ["keys", "revoke", key.id])
    assert again.exit_code == 0, again.output
    assert f"key {key.id} (twice) was already revoked on " in again.stderr
    assert "nothing changed" in again.stderr
    assert "revoked key" not in again.stderr
    [stored] = [k for k in list_keys(store) if k.id == key.id]
    assert stored.revoked_at is not None


def test_revoke_takes_the_whole_key_too(store: Store, cli_env: None) -> None:
    new = create_key(store, "pasted", ["read"])
    secret = new.token.split("_", 2)[2]
    done = CliRunner().invoke(app, ["keys", "revoke", new.token])
    assert done.exit_code == 0, done.output
    assert f"revoked key {new.key.id} (pasted)" in done.stderr
    assert secret not in done.output
    assert authenticate(store, new.token) is None


@pytest.mark.parametrize("given", ["rg_0123456789ab", "rg_nothex_s3cr3tS3cr3t", "nope"])
def test_revoke_refuses_what_is_neither_id_nor_key_without_echo(given: str, cli_env: None) -> None:
    refused = CliRunner().invoke(app, ["keys", "revoke", given], terminal_width=200)
    assert refused.exit_code == 2, refused.output
    assert "12-hex id" in refused.output
    assert given not in refused.output


def test_create_warns_about_accounts_not_stored_and_keeps_stdout_the_key_alone(
    demo_world: Any, store: Store, cli_env: None
) -> None:
    known = store.read("api_account_keys", allowed=None)[0]["key"]
    created = CliRunner().invoke(
        app,
        ["keys", "create", "--name", "early partner", "--accounts", f"{known},ACC-LATER,ACC-TYPO"],
        terminal_width=200,
    )
    assert created.exit_code == 0, created.output
    token = created.stdout.strip()
    assert created.stdout == token + "\n"  # the key alone: scripts capture it
    key = authenticate(store, token)
    assert key is not None and key.accounts == tuple(sorted([known, "ACC-LATER", "ACC-TYPO"]))
    assert "warning: accounts ACC-LATER, ACC-TYPO are not stored (yet)" in created.stderr
    assert f"relgraph keys revoke {key.id}" in created.stderr
    assert known not in created.stderr.split("warning:")[1]

    one = CliRunner().invoke(app, ["keys", "create", "--name", "p", "--accounts", "ACC-LATER"])
    assert one.exit_code == 0, one.output
    assert "warning: account ACC-LATER is not stored (yet); the key is limited to it" in one.stderr

    quiet = CliRunner().invoke(app, ["keys", "create", "--name", "all of them", "--accounts", known])
    assert quiet.exit_code == 0, quiet.output
    assert "warning" not in quiet.stderr
    every = CliRunner().invoke(app, ["keys", "create", "--name", "everything"])
    assert every.exit_code == 0 and "warning" not in every.stderr, every.output
