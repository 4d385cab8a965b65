"""Accounts: the customers, their people, threads, interactions and the metrics of the relationship."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Annotated, Any

import strawberry
from strawberry import relay

from api.context import ctx
from api.enums import (
    AccountOrderField,
    Channel,
    ContactStatus,
    CoverageRole,
    Direction,
    LifecycleStage,
    OrderDirection,
    RiskLevel,
    Segment,
    Tier,
    enum_value,
)
from api.errors import InvalidArgument
from api.interactions.types import InteractionConnection, interaction_connection, interaction_scope
from api.loading import PageKey
from api.metrics.loaders import MetricsKey
from api.metrics.types import (
    CostToEngage,
    RelationshipDepth,
    RelationshipRisk,
    RelationshipValue,
    cost_from_metrics,
    depth_from_metrics,
    depth_from_props,
    risk_from_metrics,
    risk_from_props,
    value_from_metrics,
    value_from_props,
)
from api.pagination import After, Before, Connection, CursorScope, First, Last, build_connection, page_args
from api.people.types import (
    Contact,
    Staff,
    ThreadConnection,
    contact_from,
    staff_from,
    thread_connection,
    thread_scope,
)

__all__ = [
    "MAX_WITHOUT",
    "Account",
    "AccountConnection",
    "AccountContactConnection",
    "AccountContactEdge",
    "AccountFilter",
    "AccountOrder",
    "Coverage",
]

MAX_WITHOUT = 50


# Arguments the metric fields share; one declaration keeps their descriptions identical.
AsOfArg = Annotated[datetime | None, strawberry.argument(description="Default: the last refresh.")]
WithoutArg = Annotated[
    list[str] | None,
    strawberry.argument(description="Keys of people to remove first: 'what if they leave'."),
]


@strawberry.type(description="A customer account, with the metrics the last refresh materialized on it.")
class Account(relay.Node):
    key: str = strawberry.field(description="The account's key in the system of record.")
    name: str = strawberry.field(description="The account's name.")
    domain: str | None = strawberry.field(description="Web domain.")
    industry: str | None = strawberry.field(description="Industry.")
    segment: Segment | None = strawberry.field(description="Market segment.")
    tier: Tier | None = strawberry.field(description="Tier.")
    lifecycle_stage: LifecycleStage | None = strawberry.field(description="Lifecycle stage.")
    annual_revenue: float | None = strawberry.field(description="Annual revenue from the account.")
    gross_margin_rate: float | None = strawberry.field(description="Gross margin rate on that revenue (0-1).")
    churned_at: datetime | None = strawberry.field(description="When it churned, if it did.")
    risk_score: float | None = strawberry.field(description="Risk score as of the last refresh (0-100).")
    risk_level: RiskLevel | None = strawberry.field(description="Risk level as of the last refresh.")
    value_at_risk: float | None = strawberry.field(
        description="Contribution margin x risk score / 100, as of the last refresh."
    )
    contribution_margin: float | None = strawberry.field(
        description="Revenue x gross margin rate - Cost to Engage over the last year, as of the last refresh."
    )
    single_threaded: bool | None = strawberry.field(
        description="Whether it hangs on one thread (last refresh)."
    )
    metrics_as_of: datetime | None = strawberry.field(
        description="When the materialized metrics were computed."
    )
    props: strawberry.Private[dict[str, Any]]

    @classmethod
    def from_props(cls, p: dict[str, Any]) -> Account:
        """An Account from its stored properties."""
        return cls(
            key=p["key"],
            name=p.get("name") or p["key"],
            domain=p.get("domain"),
            industry=p.get("industry"),
            segment=enum_value(Segment, p.get("segment")),
            tier=enum_value(Tier, p.get("tier")),
            lifecycle_stage=enum_value(LifecycleStage, p.get("lifecycleStage")),
            annual_revenue=p.get("annualRevenue"),
            gross_margin_rate=p.get("grossMarginRate"),
            churned_at=p.get("churnedAt"),
            risk_score=p.get("riskScore"),
            risk_level=enum_value(RiskLevel, p.get("riskLevel")),
            value_at_risk=p.get("valueAtRisk"),
            contribution_margin=p.get("contributionMargin"),
            single_threaded=p.get("singleThreaded"),
            metrics_as_of=p.get("metricsAsOf"),
            props=p,
        )

    @classmethod
    def from_props_or_none(cls, p: dict[str, Any] | None) -> Account | None:
        return None if p is None else cls.from_props(p)

    @classmethod
    def resolve_id(cls, root: Account, *, info: strawberry.Info) -> str:
        return root.key

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: strawberry.Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Account | None]:
        rows = await ctx(info).loaders.account.load_many(list(node_ids))
        return [cls.from_props_or_none(r) for r in rows]

    # ------------------------------------------------------------------------------- people and touches

    @strawberry.field(description="The account's contacts (current, former or all), by name.")
    async def contacts(
        self,
        info: strawberry.Info,
        status: Annotated[
            ContactStatus, strawberry.argument(description="Current, former or all contacts.")
        ] = ContactStatus.ALL,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> AccountContactConnection:
        scope = CursorScope("Account.contacts", str, parent=self.key)
        args = page_args(first, after, last, before, scope=scope, max_size=ctx(info).max_page_size)
        page = await ctx(info).loaders.contacts_by_account.load(
            PageKey(self.key, args, (("status", status.value),))
        )
        return build_connection(
            AccountContactConnection,
            AccountContactEdge,
            page.rows,
            args,
            scope,
            position_of=lambda r: (r["sortValue"], r["contact"]["key"]),
            node_of=lambda r: contact_from(r["contact"]),
            total=page.total,
            since=lambda r: r["since"],
            until=lambda r: r["until"],
            current=lambda r: r["current"],
        )

    @strawberry.field(description="Our staff who cover the account (owner, CSM, support, executive sponsor).")
    async def coverage(self, info: strawberry.Info) -> list[Coverage]:
        rows = await ctx(info).loaders.coverage_by_account.load(self.key)
        return [
            Coverage(
                staff=staff_from(r["staff"]),
                role=enum_value(CoverageRole, r["role"]),
                since=r["since"],
                until=r["until"],
            )
            for r in rows or []
        ]

    @strawberry.field(description="The threads (KNOWS) between our staff and the account's current contacts.")
    async def threads(
        self,
        info: strawberry.Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> ThreadConnection:
        scope = thread_scope("Account.threads", self.key)
        args = page_args(first, after, last, before, scope=scope, max_size=ctx(info).max_page_size)
        page = await ctx(info).loaders.threads_by_account.load(PageKey(self.key, args))
        return thread_connection(page.rows, args, scope, page.total)

    @strawberry.field(description="The account's interactions, latest first; `to` is exclusive.")
    async def interactions(
        self,
        info: strawberry.Info,
        channels: Annotated[
            list[Channel] | None, strawberry.argument(description="Any of these channels.")
        ] = None,
        directions: Annotated[
            list[Direction] | None, strawberry.argument(description="Any of these directions.")
        ] = None,
        start: Annotated[
            datetime | None, strawberry.argument(name="from", description="Earliest, inclusive.")
        ] = None,
        end: Annotated[
            datetime | None, strawberry.argument(name="to", description="Latest, exclusive.")
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> InteractionConnection:
        if start is not None and end is not None and start >= end:
            # An empty period is a mistake in the request, as for costToEngage, not an empty list.
            raise InvalidArgument("`from` must be before `to`", argument="from")
        scope = interaction_scope(self.key)
        args = page_args(first, after, last, before, scope=scope, max_size=ctx(info).max_page_size)
        filters = (
            ("channels", None if channels is None else tuple(c.value for c in channels)),
            ("directions", None if directions is None else tuple(d.value for d in directions)),
            ("from", start),
            ("to", end),
        )
        page = await ctx(info).loaders.interactions_by_account.load(PageKey(self.key, args, filters))
        return interaction_connection(page.rows, args, scope, page.total)

    # ------------------------------------------------------------------------------------------ metrics

    async def _metrics(
        self,
        info: strawberry.Info,
        as_of: datetime | None,
        without: list[str] | None,
        cost_from: datetime | None = None,
    ) -> Any:
        if without is not None and len(without) > MAX_WITHOUT:
            raise InvalidArgument(f"at most {MAX_WITHOUT} people in `without`", code="LIST_LIMIT",
                                  argument="without", size=len(without), maxSize=MAX_WITHOUT)
        key = MetricsKey(self.key, as_of, tuple(sorted(set(without or ()))), cost_from)
        return await ctx(info).loaders.metrics.load(key)

    @strawberry.field(
        description="How deep the relationship is, as of an instant, optionally without some people."
    )
    async def depth(
        self,
        info: strawberry.Info,
        as_of: AsOfArg = None,
        without: WithoutArg = None,
    ) -> RelationshipDepth | None:
        if as_of is None and not without:
            materialized = depth_from_props(self.props)
            if materialized is not None:
                return materialized
        m = await self._metrics(info, as_of, without)
        return None if m is None else depth_from_metrics(m)

    @strawberry.field(
        description="How at risk the relationship is and why, as of an instant, optionally without "
                    "some people."
    )
    async def risk(
        self,
        info: strawberry.Info,
        as_of: AsOfArg = None,
        without: WithoutArg = None,
    ) -> RelationshipRisk | None:
        if as_of is None and not without:
            materialized = risk_from_props(self.props)
            if materialized is not None:
                return materialized
        m = await self._metrics(info, as_of, without)
        return None if m is None else risk_from_metrics(m)

    @strawberry.field(description="Relationship Value and its momentum, as of an instant.")
    async def relationship_value(
        self,
        info: strawberry.Info,
        as_of: AsOfArg = None,
    ) -> RelationshipValue | None:
        if as_of is None:
            materialized = value_from_props(self.props)
            if materialized is not None:
                return materialized
        m = await self._metrics(info, as_of, None)
        return None if m is None else value_from_metrics(m)

    @strawberry.field(
        description="Cost to Engage over [from, to) and the contribution margin left (default: the "
                    "cost window before `to`, 365 days unless configured)."
    )
    async def cost_to_engage(
        self,
        info: strawberry.Info,
        start: Annotated[
            datetime | None, strawberry.argument(name="from", description="Start of the period.")
        ] = None,
        end: Annotated[
            datetime | None, strawberry.argument(name="to", description="End of the period (default now).")
        ] = None,
    ) -> CostToEngage | None:
        loader = ctx(info).loaders.metrics
        to = end or loader.now
        frm = start or loader.params.cost_start(to)
        if frm >= to:
            raise InvalidArgument("`from` must be before `to`", argument="from")
        # The period goes down as its two instants: exactly [from, to), whatever its length. Without
        # `from` the default period is the snapshot's own, shared with the other metrics at `to`.
        m = await self._metrics(info, to, None, start)
        return None if m is None else cost_from_metrics(m, frm, to, self.props)


@strawberry.type(description="A staff member covering an account.")
class Coverage:
    staff: Staff = strawberry.field(description="Who covers it.")
    role: CoverageRole | None = strawberry.field(description="How.")
    since: datetime | None = strawberry.field(description="Since when.")
    until: datetime | None = strawberry.field(description="Until when (None while they do).")


@strawberry.type(description="A contact of an account, with when they worked there.")
class AccountContactEdge(relay.Edge[Contact]):
    since: datetime | None = strawberry.field(description="When they started at the account.")
    until: datetime | None = strawberry.field(description="When they left it (None while there).")
    current: bool = strawberry.field(description="Whether they work there now.")


@strawberry.type(description="A page of an account's contacts.")
class AccountContactConnection(Connection[Contact]):
    edges: list[AccountContactEdge] = strawberry.field(description="The contacts of this page.")


@strawberry.type(description="A page of accounts.")
class AccountConnection(Connection[Account]):
    pass


@strawberry.input(
    description="Filters on accounts; all given filters must hold. A list means any of its values, so an "
    "empty list matches no account: leave a filter out (or null) for no filter."
)
class AccountFilter:
    segments: list[Segment] | None = strawberry.field(default=None, description="Any of these segments.")
    tiers: list[Tier] | None = strawberry.field(default=None, description="Any of these tiers.")
    lifecycle_stages: list[LifecycleStage] | None = strawberry.field(
        default=None, description="Any of these stages."
    )
    risk_levels: list[RiskLevel] | None = strawberry.field(
        default=None, description="Any of these risk levels."
    )
    owner: str | None = strawberry.field(
        default=None, description="Key of the staff member who owns the account."
    )
    single_threaded: bool | None = strawberry.field(default=None, description="Single-threaded or not.")
    search: str | None = strawberry.field(
        default=None,
        description="Part of the name or domain, in any case, with or without accents (`ecole` finds École).",
    )


@strawberry.input(description="How to order accounts.")
class AccountOrder:
    field: AccountOrderField = strawberry.field(description="What to order by.")
    direction: OrderDirection | None = strawberry.field(
        default=None, description="Which way (default: A to Z for NAME, highest first for the others)."
    )
