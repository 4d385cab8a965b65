"""Ingestion: validated records written to the graph in idempotent batches, every row accounted for.

`ingest(store, kind, rows)` and `ingest_async(async_store, kind, rows)` take rows of one kind (mappings
with snake_case or camelCase keys); `graph.ingest.files` reads CSV and JSON Lines files for
`relgraph import`. See docs/ingestion.md.
"""

from graph.ingest.report import FieldError, IngestReport, Outcome, RowOutcome
from graph.ingest.run import DEFAULT_BATCH_SIZE, Refresh, ingest, ingest_async
from graph.ingest.scope import OUT_OF_SCOPE, Allowed, account_field
from graph.ingest.validation import SourceRow, parse_kind

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "OUT_OF_SCOPE",
    "Allowed",
    "FieldError",
    "IngestReport",
    "Outcome",
    "Refresh",
    "RowOutcome",
    "SourceRow",
    "account_field",
    "ingest",
    "ingest_async",
    "parse_kind",
]
