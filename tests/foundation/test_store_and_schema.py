"""The store against the session's real Neo4j: schema, parameters, routing."""

from __future__ import annotations

import asyncio
import csv
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from neo4j.exceptions import ClientError

from graph.errors import StoreUnavailable
from graph.ingest import ingest, ingest_async
from graph.migrate import migrate, schema_checksum, schema_is_applied
from graph.settings import Settings
from graph.store import AsyncStore, Store
from tests.ingest.conftest import ACCOUNTS


def test_migrate_is_idempotent_and_recorded(store: Store) -> None:
    first = migrate(store)
    second = migrate(store)
    assert first == second
    assert first.checksum == schema_checksum()
    assert schema_is_applied(store)


def test_key_constraints_exist(store: Store, settings: Settings) -> None:
    records, _, _ = store.driver.execute_query("SHOW CONSTRAINTS YIELD name RETURN collect(name) AS names",
                                               database_=settings.neo4j_database)
    names = set(records[0]["names"])
    assert {"account_key", "contact_key", "staff_key", "interaction_source_key"} <= names


def test_read_refuses_a_write_query(store: Store) -> None:
    with pytest.raises(ValueError, match="use write"):
        store.read("admin_wipe_data", batchSize=1)


def test_missing_parameters_are_named(store: Store) -> None:
    with pytest.raises(ValueError, match=r"missing \$name"):
        store.read("schema_applied")


def test_naive_datetimes_are_refused_as_parameters(store: Store) -> None:
    with pytest.raises(ValueError, match="naive datetime"):
        store.read("schema_applied", name=datetime(2026, 1, 1))


def test_ping_counts_statements(store: Store) -> None:
    before = store.statements
    assert store.read("ping") == [{"ok": 1}]
    assert store.statements == before + 1


def test_unreachable_server_gives_a_hint() -> None:
    settings = Settings(neo4j_uri="bolt://127.0.0.1:1", neo4j_password="x")
    with pytest.raises(StoreUnavailable, match="relgraph neo4j start"):
        Store.connect(settings)


def test_routing_scheme_works_unchanged(settings: Settings) -> None:
    """`neo4j://` (cluster routing, reads routed to readers) works against the single server too."""
    routed = settings.model_copy(update={"neo4j_uri": settings.neo4j_uri.replace("bolt://", "neo4j://")})
    with Store.connect(routed) as store:
        assert store.read("ping") == [{"ok": 1}]
        assert store.write_tx(lambda tx: tx.run("ping")) == [{"ok": 1}]


_ACCOUNT = {**ACCOUNTS[0], "key": "timeout-a1", "name": "Locked Ltd"}


@contextmanager
def _account_locked(store: Store) -> Iterator[None]:
    """Another client's open transaction holding the write lock of `_ACCOUNT` until the block ends."""
    with store.driver.session(database=store.database) as session:
        tx = session.begin_transaction()
        try:
            tx.run("MATCH (a:Account {key: $key}) SET a.name = 'held' RETURN a.key AS key",
                   key=_ACCOUNT["key"]).consume()
            yield
        finally:
            tx.rollback()


@pytest.fixture
def quick_settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"neo4j_transaction_timeout_seconds": 1.0})


def test_write_transactions_are_bounded_by_the_transaction_timeout(
    clean_store: Store, quick_settings: Settings
) -> None:
    """An import or refresh batch (`write_tx`) that waits or works longer than the setting is aborted by
    Neo4j, not left to run (here: waiting for a lock another client holds)."""
    assert ingest(clean_store, "accounts", [_ACCOUNT], refresh="off").inserted == 1
    outcome: dict[str, Any] = {}

    def write(store: Store) -> None:
        started = time.monotonic()
        try:
            ingest(store, "accounts", [{**_ACCOUNT, "name": "Renamed Ltd"}], refresh="off")
        except Exception as exc:
            outcome["error"] = exc
        outcome["seconds"] = time.monotonic() - started

    with Store.connect(quick_settings) as quick, _account_locked(clean_store):
        writer = threading.Thread(target=write, args=(quick,))
        writer.start()
        writer.join(timeout=15)  # the lock is held until then: without a bound the write waits for it
        assert not writer.is_alive(), "the write transaction ran on past the 1 s timeout"
    assert isinstance(outcome.get("error"), ClientError), outcome
    assert "timeout" in str(outcome["error"]), outcome["error"]
    assert outcome["seconds"] < 10, outcome


async def test_the_api_write_transactions_are_bounded_too(
    clean_store: Store, quick_settings: Settings
) -> None:
    """The API's mutations write through `AsyncStore.write_tx` (`ingest_async`): bounded the same way."""
    assert ingest(clean_store, "accounts", [_ACCOUNT], refresh="off").inserted == 1
    api_store = AsyncStore.open(quick_settings)
    try:
        with _account_locked(clean_store):
            started = time.monotonic()
            with pytest.raises(ClientError, match="timeout"):
                await asyncio.wait_for(
                    ingest_async(api_store, "accounts", [{**_ACCOUNT, "name": "Renamed Ltd"}], refresh="off"),
                    timeout=15,
                )
            assert time.monotonic() - started < 10
    finally:
        await api_store.close()
    assert clean_store.read("api_accounts_by_keys", keys=[_ACCOUNT["key"]], allowed=None)[0]["account"][
        "name"
    ] == "Locked Ltd"


def test_an_import_stopped_by_the_timeout_says_so_in_one_line(
    clean_store: Store, settings: Settings, tmp_path: Path
) -> None:
    assert ingest(clean_store, "accounts", [_ACCOUNT], refresh="off").inserted == 1
    accounts = tmp_path / "accounts.csv"
    with accounts.open("w", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(_ACCOUNT))
        writer.writeheader()
        writer.writerow({**_ACCOUNT, "name": "Renamed Ltd"})
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "RELGRAPH_"))},
        "NEO4J_URI": settings.neo4j_uri,
        "NEO4J_USER": settings.neo4j_user,
        "NEO4J_PASSWORD": settings.neo4j_password,
        "NEO4J_DATABASE": settings.neo4j_database,
        "RELGRAPH_NEO4J_TRANSACTION_TIMEOUT_SECONDS": "1",
    }
    with _account_locked(clean_store):
        result = subprocess.run(
            [sys.executable, "-m", "graph.cli", "import", str(accounts), "--refresh", "off"],
            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60,
        )
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("error: Neo4j stopped a transaction (Neo.ClientError.Transaction."), last
    assert "RELGRAPH_NEO4J_TRANSACTION_TIMEOUT_SECONDS" in last
    assert "relgraph refresh --all" in last  # the batches that committed were not refreshed
