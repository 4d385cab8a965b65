"""Risk level changes: what a refresh found, and their log in Neo4j that feeds every API process.

A refresh compares each account's new level with the stored one; a `RiskChange` is a difference. The
refresh records them (`risk_events_record`, in the transaction of the new metrics) as `RiskEvent` nodes,
so that every API process, whichever process refreshed, can read them in order (`risk_events_since`)
and tell its `riskChanged` subscribers. They double as the log of level changes analysts can query.

An account's first computed level (none stored before) is its starting point, not a change: a
`FirstLevel`, returned by the refresh but neither recorded nor sent to subscribers and webhooks, so that
creating a thousand accounts does not announce a thousand events.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from graph.snapshot import instant
from graph.store import AsyncStore

__all__ = [
    "FirstLevel", "RecordedRiskEvent", "RiskChange", "database_now", "risk_event_rows", "risk_events_since",
]

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class RiskChange:
    """An account whose risk level changed in a refresh (what webhooks and subscriptions announce).

    A refresh makes one only from a stored level; `old_level` is None only in events that versions before
    first levels were left out recorded (the feed skips those).
    """

    account_key: str
    old_level: str | None
    new_level: str
    old_score: float | None
    new_score: float


@dataclass(frozen=True)
class FirstLevel:
    """An account given its first risk level by a refresh: a starting point, not announced."""

    account_key: str
    level: str
    score: float


@dataclass(frozen=True)
class RecordedRiskEvent:
    """A risk change as the log holds it: its id, the refresh's instant and when it was recorded."""

    id: str
    change: RiskChange
    at: datetime
    recorded_at: datetime


def risk_event_rows(changes: Iterable[RiskChange], at: datetime) -> list[dict[str, Any]]:
    """The `$events` of `risk_events_record`, each with a fresh id (made before the transaction, so that
    a retried transaction writes the same ids)."""
    return [
        {"id": f"rev_{uuid.uuid4().hex}", "accountKey": c.account_key, "oldLevel": c.old_level,
         "newLevel": c.new_level, "oldScore": c.old_score, "newScore": c.new_score, "at": at}
        for c in changes
    ]


async def risk_events_since(
    store: AsyncStore, since: datetime, *, after_id: str = "", limit: int = 500
) -> list[RecordedRiskEvent]:
    """The risk events recorded after `since` (at `since` itself: those whose id sorts after `after_id`),
    oldest first, at most `limit`. A page's last event is the next page's (`since`, `after_id`)."""
    since_ms = (since - _EPOCH) // timedelta(milliseconds=1)
    rows = await store.read("risk_events_since", sinceMs=since_ms, afterId=after_id, limit=limit)
    out = []
    for r in rows:
        e = r["event"]
        change = RiskChange(e["accountKey"], e["oldLevel"], e["newLevel"], e["oldScore"], e["newScore"])
        at, recorded = instant(e["at"]), instant(e["recordedAt"])
        assert at is not None and recorded is not None  # both are always written
        out.append(RecordedRiskEvent(e["id"], change, at, recorded))
    return out


async def database_now(store: AsyncStore) -> datetime:
    """The database's clock, the one `recordedAt` is written with (milliseconds, UTC)."""
    now = instant((await store.read("risk_events_clock"))[0]["now"])
    assert now is not None
    return now
