"""Which risk changes a webhook hears about, and the JSON body it receives.

A webhook with threshold ``minLevel`` is told when an account's level crosses it: from below to at or
above (``direction: "entered"``) or back below (``"left"``).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # graph.refresh writes the events this module shapes: no import at run time (a cycle)
    from graph.refresh import RiskChange

__all__ = [
    "EVENT_TYPE", "LEVELS", "RiskCrossing", "crossed_levels", "crossings", "delivery_body", "webhook_events",
]

LEVELS: tuple[str, ...] = ("LOW", "MEDIUM", "HIGH", "CRITICAL")
_RANK = {level: i for i, level in enumerate(LEVELS)}
EVENT_TYPE = "account.risk_level_changed"


def crossed_levels(old_level: str | None, new_level: str) -> list[str]:
    """The thresholds a change from `old_level` to `new_level` crosses (a first level counts from below LOW).

    Examples
    --------
    >>> crossed_levels("LOW", "HIGH")
    ['MEDIUM', 'HIGH']
    >>> crossed_levels("CRITICAL", "MEDIUM")
    ['HIGH', 'CRITICAL']
    >>> crossed_levels(None, "LOW")
    ['LOW']
    """
    old = _RANK.get(old_level or "", -1)
    new = _RANK.get(new_level, -1)
    return [lv for lv in LEVELS if (old >= _RANK[lv]) != (new >= _RANK[lv])]


@dataclass(frozen=True)
class RiskCrossing:
    """One risk change, as the event every matching webhook is sent."""

    event_id: str
    account_key: str
    old_level: str | None
    new_level: str
    old_score: float | None
    new_score: float
    occurred_at: datetime
    levels: tuple[str, ...]

    def payload(self) -> dict[str, Any]:
        """The event as stored with each delivery (JSON-ready)."""
        rising = _RANK.get(self.new_level, -1) > _RANK.get(self.old_level or "", -1)
        return {
            "type": EVENT_TYPE,
            "eventId": self.event_id,
            "accountKey": self.account_key,
            "oldLevel": self.old_level,
            "newLevel": self.new_level,
            "oldScore": self.old_score,
            "newScore": self.new_score,
            "direction": "entered" if rising else "left",
            "occurredAt": self.occurred_at.isoformat(),
        }


def crossings(changes: Iterable[RiskChange], at: datetime) -> list[RiskCrossing]:
    """The changes that cross at least one threshold, each with a fresh event id."""
    out = []
    for ch in changes:
        levels = crossed_levels(ch.old_level, ch.new_level)
        if levels:
            out.append(RiskCrossing(str(uuid.uuid4()), ch.account_key, ch.old_level, ch.new_level,
                                    ch.old_score, ch.new_score, at, tuple(levels)))
    return out


def webhook_events(changes: Iterable[RiskChange], at: datetime) -> list[dict[str, Any]]:
    """The rows `webhook_enqueue` takes: one per change that crosses at least one threshold."""
    return [
        {"eventId": c.event_id, "accountKey": c.account_key, "levels": list(c.levels),
         "payload": json.dumps(c.payload(), separators=(",", ":"), sort_keys=True)}
        for c in crossings(changes, at)
    ]


def delivery_body(payload_json: str, delivery_id: str, webhook_id: str) -> bytes:
    """The exact bytes POSTed (and signed): the stored event plus the delivery's and webhook's ids.

    Deterministic, so that every retry of a delivery sends the same body.
    """
    body = {**json.loads(payload_json), "deliveryId": delivery_id, "webhookId": webhook_id}
    return json.dumps(body, separators=(",", ":"), sort_keys=True).encode("utf-8")
