"""The relationship metrics as GraphQL types: risk, depth, Relationship Value, Cost to Engage,
warm introduction paths and champion moves.

Asked without `asOf` and without removals, risk, depth and value come from the properties the last
refresh materialized on the Account (no computation); otherwise `graph.intelligence` computes them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from api.context import ctx
from api.enums import ContactRole, RiskLevel, Seniority, StaffFunction, enum_value
from api.people.types import Contact, Person, contact_from, person_from
from graph.metrics.account import AccountMetrics
from graph.metrics.champions import ChampionMove as ChampionMoveData
from graph.metrics.cost import period_margin
from graph.metrics.paths import IntroPath as IntroPathData

if TYPE_CHECKING:
    from api.accounts.types import Account

__all__ = [
    "ChampionMove",
    "CostToEngage",
    "IntroLink",
    "IntroPath",
    "RelationshipDepth",
    "RelationshipRisk",
    "RelationshipValue",
    "RiskFactor",
]

AccountRef = Annotated["Account", strawberry.lazy("api.accounts.types")]


async def _people(info: strawberry.Info, keys: list[str]) -> list[Person]:
    rows = await ctx(info).loaders.person.load_many(keys)
    return [p for p in (person_from(r) for r in rows) if p is not None]


@strawberry.type(description="One named part of a risk score, with a sentence a person can read.")
class RiskFactor:
    code: str = strawberry.field(
        description="Stable code: SINGLE_THREADED, CONTACT_CONCENTRATION, STAFF_CONCENTRATION, GOING_DARK, "
        "DECLINING_MOMENTUM, CHAMPION_LEFT, NO_DECISION_MAKER, ONE_WAY_ENGAGEMENT."
    )
    contribution: float = strawberry.field(description="Points this factor adds to the 0-100 score.")
    explanation: str = strawberry.field(description="Why, in one sentence.")


@strawberry.type(description="How at risk a relationship is, and why: the score is the sum of its factors.")
class RelationshipRisk:
    score: float = strawberry.field(description="Risk score from 0 (safe) to 100.")
    level: RiskLevel = strawberry.field(description="The score's band.")
    single_threaded: bool = strawberry.field(
        description="Whether the relationship hangs on one thread (k <= 1)."
    )
    connectivity: int = strawberry.field(
        description="How many people, on either side, would have to leave before nobody of ours "
                    "knows anybody there."
    )
    factors: list[RiskFactor] = strawberry.field(description="The named factors, largest contribution first.")
    as_of: datetime | None = strawberry.field(description="The instant the risk was computed as of.")
    spof_keys: strawberry.Private[list[str]]

    @strawberry.field(
        description="Every person (contact or staff) whose departure alone would leave no thread at all."
    )
    async def single_points_of_failure(self, info: strawberry.Info) -> list[Person]:
        return await _people(info, self.spof_keys)


@strawberry.type(
    description="How deep a relationship is: who is engaged, which roles and silos, how connected."
)
class RelationshipDepth:
    engaged_contacts: int = strawberry.field(description="Contacts on at least one active thread.")
    engaged_staff: int = strawberry.field(description="Staff on at least one active thread.")
    active_threads: int = strawberry.field(
        description="Threads whose strength reaches the activity threshold."
    )
    effective_contacts: float = strawberry.field(
        description="As many as N equally engaged contacts (inverse Simpson index of the engaged contacts' "
        "shares of the active threads' strength); 0 when nobody is engaged."
    )
    role_coverage: float = strawberry.field(
        description="Share of the buying committee's roles engaged (0-1)."
    )
    missing_roles: list[ContactRole] = strawberry.field(description="Committee roles nobody engaged holds.")
    functions: list[StaffFunction] = strawberry.field(
        description="Our functions (silos) engaged with the account."
    )
    connectivity: int = strawberry.field(
        description="Vertex-disjoint paths from our staff to its contacts (k)."
    )
    score: float = strawberry.field(description="Depth score from 0 to 100.")
    as_of: datetime | None = strawberry.field(description="The instant the depth was computed as of.")


@strawberry.type(description="Relationship Value: a leading indicator of profit and risk, and its momentum.")
class RelationshipValue:
    value: float = strawberry.field(
        description="Strength of the threads weighted by role and seniority, scaled by breadth."
    )
    value_before: float | None = strawberry.field(
        description="The same, one momentum window (90 days) earlier."
    )
    momentum: float | None = strawberry.field(
        description="value / valueBefore: below 1 the relationship is cooling."
    )
    as_of: datetime | None = strawberry.field(description="The instant it was computed as of.")


@strawberry.type(description="What an account costs us to engage over a period, and what it leaves.")
class CostToEngage:
    start: datetime = strawberry.field(name="from", description="Start of the period.")
    end: datetime = strawberry.field(name="to", description="End of the period.")
    cost: float = strawberry.field(description="The summed cost of the account's interactions in the period.")
    gross_profit: float = strawberry.field(
        description="Annual revenue x gross margin rate, prorated to the period's length."
    )
    contribution_margin: float = strawberry.field(description="grossProfit - cost.")


@strawberry.type(description="One link of a warm introduction path.")
class IntroLink:
    kind: str = strawberry.field(
        description="What links them: thread, colleague, reports_to, former_colleague, ..."
    )
    strength: float = strawberry.field(description="How strong the link is.")
    from_key: strawberry.Private[str]
    to_key: strawberry.Private[str]

    @strawberry.field(description="Who introduces.")
    async def from_person(self, info: strawberry.Info) -> Person | None:
        found = await _people(info, [self.from_key])
        return found[0] if found else None

    @strawberry.field(description="Who is introduced.")
    async def to_person(self, info: strawberry.Info) -> Person | None:
        found = await _people(info, [self.to_key])
        return found[0] if found else None


@strawberry.type(description="The strongest chain of known people from our staff to a target contact.")
class IntroPath:
    strength: float = strawberry.field(description="The path's strength (its weakest link bounds it).")
    links: list[IntroLink] = strawberry.field(description="The links, from our staff member to the target.")
    target_key: strawberry.Private[str]

    @strawberry.field(description="The contact the path leads to.")
    async def target(self, info: strawberry.Info) -> Contact | None:
        row = await ctx(info).loaders.contact.load(self.target_key)
        return contact_from(row) if row else None


@strawberry.type(
    description="A contact who left one account and now works at another: a risk there, a door here."
)
class ChampionMove:
    role: ContactRole | None = strawberry.field(
        description=(
            "The role they held at the account they left (recorded there, or inferred from the title "
            "they had there), not what the new account records: a champion who left is reported as a "
            "champion. For an employment stored before relgraph kept roles per employment, their present "
            "role."
        )
    )
    role_inferred: bool = strawberry.field(description="Whether the role was inferred.")
    title: str | None = strawberry.field(
        description="Their title at the account they left (same fallback as `role`)."
    )
    seniority: Seniority | None = strawberry.field(
        description="Their seniority at the account they left (same fallback as `role`)."
    )
    left_at: datetime | None = strawberry.field(description="When they left the account they came from.")
    since: datetime | None = strawberry.field(description="Since when they work at the new account.")
    strength: float = strawberry.field(description="How well our staff know them.")
    contact_key: strawberry.Private[str]
    from_account_key: strawberry.Private[str]
    to_account_key: strawberry.Private[str]

    @strawberry.field(description="The contact who moved.")
    async def contact(self, info: strawberry.Info) -> Contact | None:
        row = await ctx(info).loaders.contact.load(self.contact_key)
        return contact_from(row) if row else None

    @strawberry.field(description="The account they left.")
    async def from_account(self, info: strawberry.Info) -> AccountRef | None:
        from api.accounts.types import Account

        return Account.from_props_or_none(await ctx(info).loaders.account.load(self.from_account_key))

    @strawberry.field(description="The account they work at now.")
    async def to_account(self, info: strawberry.Info) -> AccountRef | None:
        from api.accounts.types import Account

        return Account.from_props_or_none(await ctx(info).loaders.account.load(self.to_account_key))


# ------------------------------------------------------------------------------------------ converters


def risk_from_props(p: dict[str, Any]) -> RelationshipRisk | None:
    """The risk the last refresh materialized on an Account (None before the first refresh)."""
    if p.get("riskLevel") is None:
        return None
    factors = json.loads(p.get("riskFactors") or "[]")
    return RelationshipRisk(
        score=float(p.get("riskScore") or 0.0),
        level=RiskLevel(p["riskLevel"]),
        single_threaded=bool(p.get("singleThreaded")),
        connectivity=int(p.get("connectivity") or 0),
        factors=_largest_first(
            RiskFactor(code=f["code"], contribution=f["contribution"], explanation=f["sentence"])
            for f in factors
        ),
        as_of=p.get("metricsAsOf"),
        spof_keys=list(p.get("singlePointsOfFailure") or []),
    )


def risk_from_metrics(m: AccountMetrics) -> RelationshipRisk:
    return RelationshipRisk(
        score=m.risk.score,
        level=RiskLevel(m.risk.level),
        single_threaded=m.single_threaded,
        connectivity=m.connectivity,
        factors=_largest_first(
            RiskFactor(code=f.code, contribution=f.contribution, explanation=f.sentence)
            for f in m.risk.factors
        ),
        as_of=m.as_of,
        spof_keys=list(m.depth.connectivity.single_points_of_failure),
    )


def _largest_first(factors: Iterable[RiskFactor]) -> list[RiskFactor]:
    # The metrics keep the factors in the order of their codes; a reader (and the partner contract's
    # `reasons`) wants the largest first, ties by code.
    return sorted(factors, key=lambda f: (-f.contribution, f.code))


def _enums(enum: Any, values: Any) -> list[Any]:
    return [e for e in (enum_value(enum, v) for v in values or []) if e is not None]


def depth_from_props(p: dict[str, Any]) -> RelationshipDepth | None:
    if p.get("depthScore") is None:
        return None
    return RelationshipDepth(
        engaged_contacts=int(p.get("engagedContacts") or 0),
        engaged_staff=int(p.get("engagedStaff") or 0),
        active_threads=int(p.get("activeThreads") or 0),
        effective_contacts=float(p.get("effectiveContacts") or 0.0),
        role_coverage=float(p.get("roleCoverage") or 0.0),
        missing_roles=_enums(ContactRole, p.get("missingRoles")),
        functions=_enums(StaffFunction, p.get("functionsEngaged")),
        connectivity=int(p.get("connectivity") or 0),
        score=float(p["depthScore"]),
        as_of=p.get("metricsAsOf"),
    )


def depth_from_metrics(m: AccountMetrics) -> RelationshipDepth:
    d = m.depth
    return RelationshipDepth(
        engaged_contacts=len(d.engaged_contacts),
        engaged_staff=len(d.engaged_staff),
        active_threads=d.active_threads,
        effective_contacts=d.effective_contacts,
        role_coverage=d.role_coverage,
        missing_roles=_enums(ContactRole, d.missing_roles),
        functions=_enums(StaffFunction, d.functions),
        connectivity=d.connectivity.k,
        score=d.score,
        as_of=m.as_of,
    )


def value_from_props(p: dict[str, Any]) -> RelationshipValue | None:
    if p.get("relationshipValue") is None:
        return None
    return RelationshipValue(
        value=float(p["relationshipValue"]),
        value_before=p.get("relationshipValueBefore"),
        momentum=p.get("momentum"),
        as_of=p.get("metricsAsOf"),
    )


def value_from_metrics(m: AccountMetrics) -> RelationshipValue:
    return RelationshipValue(
        value=m.relationship_value, value_before=m.value_before, momentum=m.momentum, as_of=m.as_of
    )


def cost_from_metrics(
    m: AccountMetrics, start: datetime, end: datetime, account: dict[str, Any]
) -> CostToEngage:
    gross, margin = period_margin(
        float(account.get("annualRevenue") or 0.0),
        float(account.get("grossMarginRate") or 0.0),
        m.cost_to_engage,
        start,
        end,
    )
    return CostToEngage(
        start=start, end=end, cost=m.cost_to_engage, gross_profit=gross, contribution_margin=margin
    )


def intro_path_from(path: IntroPathData) -> IntroPath:
    return IntroPath(
        strength=path.strength,
        links=[
            IntroLink(kind=lk.kind, strength=lk.strength, from_key=lk.from_key, to_key=lk.to_key)
            for lk in path.links
        ],
        target_key=path.target_key,
    )


def champion_move_from(m: ChampionMoveData) -> ChampionMove:
    return ChampionMove(
        role=enum_value(ContactRole, m.role),
        role_inferred=m.role_inferred,
        title=m.title,
        seniority=enum_value(Seniority, m.seniority),
        left_at=m.left_at,
        since=m.since,
        strength=m.strength,
        contact_key=m.contact_key,
        from_account_key=m.from_account_key,
        to_account_key=m.to_account_key,
    )
