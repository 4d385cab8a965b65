"""Apply the schema (constraints and indexes) idempotently and tell whether it is applied."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from graph.store import AsyncStore, Store
from queries import catalog

__all__ = [
    "SCHEMA_NAME",
    "MigrationResult",
    "migrate",
    "schema_checksum",
    "schema_is_applied",
    "schema_is_applied_async",
]

SCHEMA_NAME = "relgraph"


@dataclass(frozen=True)
class MigrationResult:
    files: int
    statements: int
    checksum: str


def schema_checksum() -> str:
    """A digest of every file under `queries/schema/`; it changes when the schema does."""
    digest = hashlib.sha256()
    for query in catalog().group("schema"):
        if query.mode == "schema":
            digest.update(query.name.encode())
            digest.update(query.text.encode())
    return digest.hexdigest()[:16]


def migrate(store: Store) -> MigrationResult:
    """Create every constraint and index that is missing (all are `IF NOT EXISTS`), then record it."""
    files = statements = 0
    for query in catalog().group("schema"):
        if query.mode == "schema":
            statements += store.run_schema(query.name)
            files += 1
    checksum = schema_checksum()
    store.write("schema_mark_applied", name=SCHEMA_NAME, checksum=checksum)
    return MigrationResult(files=files, statements=statements, checksum=checksum)


def schema_is_applied(store: Store) -> bool:
    rows = store.read("schema_applied", name=SCHEMA_NAME)
    return bool(rows) and rows[0]["checksum"] == schema_checksum()


async def schema_is_applied_async(store: AsyncStore) -> bool:
    rows = await store.read("schema_applied", name=SCHEMA_NAME)
    return bool(rows) and rows[0]["checksum"] == schema_checksum()
