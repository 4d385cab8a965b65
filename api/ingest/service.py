"""One upsert: validate and write the rows through `graph.ingest`, refresh the touched accounts, and
return the report with what the refresh found: risk changes (for the subscription bus) and first levels."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from graph.ingest import Allowed, IngestReport, SourceRow, ingest_async
from graph.refresh import RefreshResult, refresh_accounts_async
from graph.settings import Settings
from graph.store import AsyncStore

__all__ = ["ingest_and_refresh"]


async def ingest_and_refresh(
    store: AsyncStore,
    kind: str,
    rows: Sequence[Mapping[str, Any] | SourceRow],
    settings: Settings,
    allowed: Allowed = None,
) -> tuple[IngestReport, RefreshResult]:
    """Ingest `rows` of `kind` keeping every row's outcome, then refresh what they touched; `allowed`
    is the caller's account scope (None: all), enforced by ingestion in the write's transaction. The
    refresh's result is empty when nothing was touched."""

    # Refresh once here rather than per batch inside ingestion, so that the changes come back to publish.
    report = await ingest_async(store, kind, rows, keep_outcomes=True, refresh="off", allowed=allowed)
    if not report.touched_accounts:
        return report, RefreshResult()
    result = await refresh_accounts_async(store, sorted(report.touched_accounts), params=settings.metrics)
    return report, result
