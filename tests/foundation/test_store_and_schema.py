"""The store against the session's real Neo4j: schema, parameters, routing."""

from __future__ import annotations

from datetime import datetime

import pytest

from graph.errors import StoreUnavailable
from graph.migrate import migrate, schema_checksum, schema_is_applied
from graph.settings import Settings
from graph.store import Store


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
