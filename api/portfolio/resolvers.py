"""Root queries of the portfolio: its risk now (materialized) or as of a past date (the risk history,
computed where the history has no fresh snapshot: `graph.history`), and champion moves.

The portfolio is the customers at that instant: accounts that had churned by then are only counted
(`churned`), and an as-of portfolio also leaves out the accounts with no data dated by then."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Annotated, Any

import strawberry

from api.accounts.types import Account
from api.context import Context, ctx
from api.enums import RiskLevel, Segment, enum_value
from api.errors import InvalidArgument
from api.metrics.types import ChampionMove, champion_move_from
from api.permissions import READ
from api.portfolio.types import LevelCount, Portfolio, SegmentCount
from graph.history import portfolio_as_of_async
from graph.intelligence import champion_moves_for_async

__all__ = ["Query"]

AT_RISK = ["HIGH", "CRITICAL"]
_LEVEL_ORDER = {"CRITICAL": 0, "HIGH": 1, "MEDIUM": 2, "LOW": 3}


def _levels(rows: list[dict[str, Any]]) -> list[LevelCount]:
    rows = sorted(rows, key=lambda r: _LEVEL_ORDER.get(r["level"], 9))
    return [
        LevelCount(
            level=enum_value(RiskLevel, r["level"]),
            count=r["count"],
            value_at_risk=round(r["valueAtRisk"], 2),
        )
        for r in rows
    ]


def _segments(rows: list[dict[str, Any]]) -> list[SegmentCount]:
    rows = sorted(rows, key=lambda r: (-r["count"], r["segment"] or ""))
    return [
        SegmentCount(
            segment=enum_value(Segment, r["segment"]),
            count=r["count"],
            value_at_risk=round(r["valueAtRisk"], 2),
        )
        for r in rows
    ]


async def _now(c: Context, top: int) -> Portfolio:
    now = c.loaders.metrics.now
    summary = (await c.store.read("api_portfolio_summary", allowed=c.allowed, now=now))[0]
    top_rows = await c.store.read(
        "api_top_priority_at_risk", allowed=c.allowed, levels=AT_RISK, limit=top, now=now
    )
    return Portfolio(
        as_of=summary["asOf"],
        accounts=summary["accounts"],
        churned=summary["churned"],
        single_threaded=summary["singleThreaded"],
        value_at_risk=round(summary["valueAtRisk"], 2),
        by_level=_levels(summary["byLevel"]),
        by_segment=_segments(summary["bySegment"]),
        top_priority_at_risk=[Account.from_props(r["account"]) for r in top_rows],
    )


async def _as_of(c: Context, at: datetime, top: int) -> Portfolio:
    portfolio = await portfolio_as_of_async(c.store, at, allowed=c.allowed, params=c.settings.metrics)
    points = portfolio.points
    by_level: dict[str, dict[str, Any]] = defaultdict(lambda: {"count": 0, "valueAtRisk": 0.0})
    by_segment: dict[str | None, dict[str, Any]] = defaultdict(lambda: {"count": 0, "valueAtRisk": 0.0})
    for point in points:
        for bucket in (by_level[point.risk_level], by_segment[point.segment]):
            bucket["count"] += 1
            bucket["valueAtRisk"] += point.value_at_risk
    at_risk = sorted(
        (p for p in points if p.risk_level in AT_RISK), key=lambda p: (-p.contribution_margin, p.account_key)
    )[:top]
    accounts = await c.loaders.account.load_many([p.account_key for p in at_risk])
    return Portfolio(
        as_of=at,
        accounts=len(points),
        churned=len(portfolio.churned),
        single_threaded=sum(p.single_threaded for p in points),
        value_at_risk=round(sum(p.value_at_risk for p in points), 2),
        by_level=_levels([{"level": lv, **v} for lv, v in by_level.items()]),
        by_segment=_segments([{"segment": s, **v} for s, v in by_segment.items()]),
        top_priority_at_risk=[Account.from_props(a) for a in accounts if a],
    )


@strawberry.type
class Query:
    @strawberry.field(
        description="The portfolio's risk as of the last refresh, or as of `asOf` (computed, for trends: "
        "ask for several past dates).",
        permission_classes=READ,
    )
    async def portfolio(
        self,
        info: strawberry.Info,
        as_of: Annotated[
            datetime | None, strawberry.argument(description="A past instant to compute the portfolio as of.")
        ] = None,
        top: Annotated[
            int, strawberry.argument(description="How many top-priority accounts at risk (1-100).")
        ] = 10,
    ) -> Portfolio:
        if not 1 <= top <= 100:
            raise InvalidArgument("top must be between 1 and 100", argument="top")
        c = ctx(info)
        at = as_of
        return await (_now(c, top) if at is None else _as_of(c, at, top))

    @strawberry.field(
        description="Contacts who left an account and now work at another: every move, or those that "
        "left since `since`.",
        permission_classes=READ,
    )
    async def champion_moves(
        self,
        info: strawberry.Info,
        since: Annotated[
            datetime | None,
            strawberry.argument(description="Only moves that left since then (default: every move)."),
        ] = None,
    ) -> list[ChampionMove]:
        c = ctx(info)
        now = c.loaders.metrics.now
        start = since
        # Capped at a century: an ancient `since` (year 1) must not overflow the date arithmetic below.
        days = None if start is None else min(36_500, max(0, int((now - start).total_seconds() // 86400) + 1))
        moves = await champion_moves_for_async(
            c.store, as_of=now, within_days=days, params=c.settings.metrics, allowed=c.allowed
        )
        recent = (m for m in moves if start is None or m.left_at is None or m.left_at >= start)
        return [champion_move_from(m) for m in recent]
