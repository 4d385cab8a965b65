"""Every tunable of the metrics, with its default, in one settings object."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["COMMITTEE_ROLES", "DECISION_ROLES", "RISK_FACTOR_CODES", "MetricParameters"]

# The risk factors' stable codes, in the order a report lists them.
RISK_FACTOR_CODES: tuple[str, ...] = (
    "SINGLE_THREADED",
    "CONTACT_CONCENTRATION",
    "STAFF_CONCENTRATION",
    "GOING_DARK",
    "DECLINING_MOMENTUM",
    "CHAMPION_LEFT",
    "NO_DECISION_MAKER",
    "ONE_WAY_ENGAGEMENT",
)

# The buying committee whose coverage depth measures (blockers and plain users are not seats we seek).
COMMITTEE_ROLES: tuple[str, ...] = (
    "economic_buyer",
    "decision_maker",
    "champion",
    "influencer",
    "technical_evaluator",
    "procurement",
)

# Roles that can sign: an account without one of them engaged has no decision maker.
DECISION_ROLES: tuple[str, ...] = ("economic_buyer", "decision_maker")


def _channel_weights() -> dict[str, float]:
    # Time together and attention given weigh more than a message; transactions say little about the
    # relationship and weigh least.
    return {
        "meeting": 3.0,
        "event": 2.0,
        "call": 2.0,
        "contract": 1.5,
        "support_ticket": 1.0,
        "email": 1.0,
        "chat": 0.8,
        "webinar": 0.6,
        "community": 0.5,
        "survey": 0.5,
        "social": 0.3,
        "invoice": 0.2,
        "payment": 0.2,
        "other": 0.5,
    }


def _reciprocity() -> dict[str, float]:
    # The customer reaching out says more about the relationship than us reaching out.
    return {"inbound": 1.5, "mutual": 1.25, "outbound": 1.0}


def _channel_unit_costs() -> dict[str, float]:
    # Cost of one interaction when it carries neither its own cost nor a duration (in the revenue's currency).
    return {
        "meeting": 150.0,
        "event": 300.0,
        "call": 60.0,
        "contract": 200.0,
        "support_ticket": 40.0,
        "email": 8.0,
        "chat": 5.0,
        "webinar": 20.0,
        "community": 5.0,
        "survey": 2.0,
        "social": 2.0,
        "invoice": 3.0,
        "payment": 1.0,
        "other": 10.0,
    }


def _role_weights() -> dict[str, float]:
    return {
        "economic_buyer": 3.0,
        "decision_maker": 2.5,
        "champion": 2.0,
        "influencer": 1.5,
        "technical_evaluator": 1.2,
        "procurement": 1.0,
        "user": 1.0,
        "blocker": 0.5,
        "unknown": 1.0,
    }


def _seniority_weights() -> dict[str, float]:
    return {"c_level": 2.0, "vp": 1.7, "director": 1.4, "manager": 1.15, "individual": 1.0, "unknown": 1.0}


def _risk_weights() -> dict[str, float]:
    # Maximum points of each factor; they sum to 100 so the score never needs capping.
    return {
        "SINGLE_THREADED": 25.0,
        "CONTACT_CONCENTRATION": 8.0,
        "STAFF_CONCENTRATION": 7.0,
        "GOING_DARK": 20.0,
        "DECLINING_MOMENTUM": 10.0,
        "CHAMPION_LEFT": 15.0,
        "NO_DECISION_MAKER": 8.0,
        "ONE_WAY_ENGAGEMENT": 7.0,
    }


def _role_title_keywords() -> list[tuple[str, list[str]]]:
    # First match wins; matched case-insensitively as whole words against the contact's title.
    # The specific finance and chief-executive titles come before the generic "vp"/"chief" and before
    # "president" (so that a Vice President is not taken for the economic buyer).
    return [
        ("procurement", ["procurement", "purchasing", "sourcing", "vendor management"]),
        (
            "economic_buyer",
            [
                "ceo",
                "cfo",
                "chief executive",
                "chief financial",
                "vp finance",
                "head of finance",
                "finance director",
                "founder",
                "owner",
                "managing director",
                "general manager",
            ],
        ),
        ("decision_maker", ["vice president", "svp", "evp", "vp", "chief", "cto", "cio", "coo", "head of"]),
        ("economic_buyer", ["president"]),
        (
            "technical_evaluator",
            [
                "engineer",
                "engineering",
                "architect",
                "developer",
                "it",
                "security",
                "devops",
                "technical",
                "data",
                "infrastructure",
            ],
        ),
        ("champion", ["champion"]),
    ]


def _seniority_roles() -> dict[str, str]:
    # The role a title says nothing about is guessed from seniority alone.
    return {
        "c_level": "decision_maker",
        "vp": "decision_maker",
        "director": "influencer",
        "manager": "influencer",
        "individual": "user",
        "unknown": "unknown",
    }


def _depth_weights() -> dict[str, float]:
    return {"connectivity": 0.4, "role_coverage": 0.3, "effective_contacts": 0.2, "functions": 0.1}


class MetricParameters(BaseModel):
    """Defaults of the metrics (see docs/metrics.md for the why of each).

    Read from the environment as `RELGRAPH_METRICS__<NAME>` through `graph.settings.Settings`.
    """

    model_config = ConfigDict(frozen=True)

    # -- interaction weight and threads
    half_life_days: float = Field(
        default=45.0, gt=0, description="Days after which an interaction weighs half."
    )
    lookback_days: int = Field(default=365, gt=0, description="Interactions older than this carry no weight.")
    thread_threshold: float = Field(
        default=1.0, gt=0, description="Strength from which a thread is active (theta)."
    )
    channel_weights: dict[str, float] = Field(
        default_factory=_channel_weights, description="Weight of one interaction by channel."
    )
    reciprocity: dict[str, float] = Field(
        default_factory=_reciprocity, description="Multiplier of an interaction's weight by direction."
    )
    one_way_fraction: float = Field(
        default=0.2,
        ge=0,
        le=1,
        description="Share of its weight a thread keeps while the contact never answered.",
    )
    # -- momentum, going dark, people who left
    momentum_window_days: int = Field(
        default=90, gt=0, description="Momentum compares value now with this many days before."
    )
    champion_left_window_days: int = Field(
        default=90, gt=0, description="A champion who left this recently raises risk."
    )
    going_dark_days: float = Field(
        default=30.0, ge=0, description="Days without an inbound touch from which risk rises."
    )
    going_dark_full_days: float = Field(
        default=90.0,
        gt=0,
        description="Days without an inbound touch at which the going-dark factor is full.",
    )
    momentum_floor: float = Field(
        default=0.5,
        ge=0,
        lt=1,
        description="Momentum at or below which the declining-momentum factor is full.",
    )
    # -- concentration and one-way engagement
    contact_concentration_threshold: float = Field(
        default=0.5, ge=0, lt=1, description="Largest contact's share of strength from which risk rises."
    )
    staff_concentration_threshold: float = Field(
        default=0.6, ge=0, lt=1, description="Largest staff member's share of strength from which risk rises."
    )
    one_way_threshold: float = Field(
        default=0.25, ge=0, lt=1, description="Share of one-way threads from which the one-way factor rises."
    )
    # -- roles and value
    role_weights: dict[str, float] = Field(default_factory=_role_weights, description="Value weight by role.")
    seniority_weights: dict[str, float] = Field(
        default_factory=_seniority_weights, description="Value weight by seniority."
    )
    role_title_keywords: list[tuple[str, list[str]]] = Field(
        default_factory=_role_title_keywords, description="Title words that reveal an unknown role."
    )
    seniority_roles: dict[str, str] = Field(
        default_factory=_seniority_roles,
        description="Role guessed from seniority when the title says nothing.",
    )
    # -- depth score
    depth_weights: dict[str, float] = Field(
        default_factory=_depth_weights, description="Parts of the depth score."
    )
    depth_target_connectivity: int = Field(
        default=3, gt=0, description="k at which the connectivity part is full."
    )
    depth_target_effective_contacts: float = Field(
        default=4.0, gt=0, description="Effective contacts at which that part of the depth score is full."
    )
    depth_target_functions: int = Field(
        default=3, gt=0, description="Functions engaged at which that part is full."
    )
    # -- risk
    risk_weights: dict[str, float] = Field(
        default_factory=_risk_weights, description="Maximum points of each risk factor."
    )
    level_medium: float = Field(default=25.0, description="Score from which the level is MEDIUM.")
    level_high: float = Field(default=50.0, description="Score from which the level is HIGH.")
    level_critical: float = Field(default=75.0, description="Score from which the level is CRITICAL.")
    # -- cost to engage
    channel_unit_costs: dict[str, float] = Field(
        default_factory=_channel_unit_costs, description="Cost of an interaction without cost or duration."
    )
    cost_window_days: int = Field(
        default=365,
        gt=0,
        description="Cost to Engage sums this many days, matching the annual revenue it is set against.",
    )
    # -- risk history
    history_max_age_days: int = Field(
        default=2,
        ge=0,
        description="A past instant is read from the risk history when an account has a snapshot this "
        "many days before it or fewer; older ones are too stale (risk rises while nobody touches an "
        "account), and the account is computed instead.",
    )
    # -- warm introductions
    intro_link_strengths: dict[str, float] = Field(
        default_factory=lambda: {"reports_to": 0.8, "colleague": 0.5, "former_colleague": 0.3},
        description="Strength (0..1) of a link between two contacts by kind.",
    )
    intro_thread_scale: float = Field(
        default=2.0, gt=0, description="Thread strength s becomes a link strength 1 - 2^(-s/scale) in (0, 1)."
    )

    def cost_start(self, as_of: datetime) -> datetime:
        """Where Cost to Engage starts by default: ``cost_window_days`` before `as_of`."""
        return as_of - timedelta(days=self.cost_window_days)

    def channel_weight(self, channel: str) -> float:
        """Weight of `channel` (an unknown channel weighs as `other`)."""
        return self.channel_weights.get(channel, self.channel_weights.get("other", 0.0))

    def channel_unit_cost(self, channel: str) -> float:
        """Default cost of one interaction on `channel` (an unknown channel costs as `other`)."""
        return self.channel_unit_costs.get(channel, self.channel_unit_costs.get("other", 0.0))

    def cypher_params(self) -> dict[str, Any]:
        """The parameters the metrics' Cypher statements take, named as they are there."""
        weights = dict(self.channel_weights)
        costs = dict(self.channel_unit_costs)
        return {
            "halfLifeDays": float(self.half_life_days),
            "lookbackDays": float(self.lookback_days),
            "momentumDays": float(self.momentum_window_days),
            "channelWeights": weights,
            "defaultChannelWeight": self.channel_weight("other"),
            "reciprocity": dict(self.reciprocity),
            "oneWayFraction": float(self.one_way_fraction),
            "channelCosts": costs,
            "defaultChannelCost": self.channel_unit_cost("other"),
        }
