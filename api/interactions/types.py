"""Interactions: every touch between our staff and an account's contacts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from strawberry import relay

from api.context import ctx
from api.enums import Channel, Direction, enum_value
from api.pagination import Connection, CursorScope, PageArgs, build_connection
from api.people.types import Contact, Staff, contact_from, staff_from

__all__ = ["Interaction", "InteractionConnection", "interaction_connection", "interaction_scope"]


@strawberry.type(description="One interaction (an email, a meeting, a ticket, ...) with an account.")
class Interaction:
    key: str = strawberry.field(description="The interaction's key, unique within its source.")
    source: str = strawberry.field(description="The system it came from (CRM, support desk, ...).")
    channel: Channel | None = strawberry.field(description="How it took place.")
    occurred_at: datetime = strawberry.field(description="When it took place.")
    direction: Direction | None = strawberry.field(description="Who reached out.")
    duration_minutes: float | None = strawberry.field(description="How long it lasted.")
    cost: float | None = strawberry.field(description="Its own recorded cost, if any.")
    sentiment: float | None = strawberry.field(description="Sentiment from -1 to 1, if known.")
    subject: str | None = strawberry.field(description="Subject line or title.")

    @strawberry.field(description="The contacts who took part.")
    async def contacts(self, info: strawberry.Info) -> list[Contact]:
        row = await ctx(info).loaders.participants.load((self.source, self.key))
        return [contact_from(c) for c in (row or {}).get("contacts") or []]

    @strawberry.field(description="Our staff who took part.")
    async def staff(self, info: strawberry.Info) -> list[Staff]:
        row = await ctx(info).loaders.participants.load((self.source, self.key))
        return [staff_from(s) for s in (row or {}).get("staff") or []]


@strawberry.type(description="A page of interactions, latest first.")
class InteractionConnection(Connection[Interaction]):
    pass


def interaction_from(p: dict[str, Any]) -> Interaction:
    return Interaction(
        key=p["key"],
        source=p["source"],
        channel=enum_value(Channel, p.get("channel")),
        occurred_at=p["occurredAt"],
        direction=enum_value(Direction, p.get("direction")),
        duration_minutes=p.get("durationMinutes"),
        cost=p.get("cost"),
        sentiment=p.get("sentiment"),
        subject=p.get("subject"),
    )


def interaction_scope(account_key: str) -> CursorScope:
    """The cursors of one account's interactions (latest first, by occurredAt then source:key)."""
    return CursorScope("Account.interactions", datetime, parent=account_key)


def interaction_connection(
    rows: Any, args: PageArgs, scope: CursorScope, total: int
) -> InteractionConnection:
    return build_connection(
        InteractionConnection,
        relay.Edge[Interaction],
        rows,
        args,
        scope,
        position_of=lambda r: (r["sortValue"], r["id"]),
        node_of=lambda r: interaction_from(r["interaction"]),
        total=total,
    )
