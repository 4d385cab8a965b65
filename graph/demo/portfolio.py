"""The portfolio of the demo world: each account's segment, tier and story, our staff, and the calendar.

Everything here is small (one light entry per account and per staff member) and computed once from
`(accounts, seed, anchor)`; the heavy parts (contacts, interactions) are made account by account from it.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from graph.demo.vocabulary import (
    COMPANY_SUFFIXES,
    COMPANY_WORDS_A,
    COMPANY_WORDS_B,
    FIRST_NAMES,
    LAST_NAMES,
    STAFF_TITLES,
)

__all__ = [
    "STORIES",
    "WINDOW_DAYS",
    "AccountSeed",
    "ChampionMove",
    "Portfolio",
    "StaffMember",
    "build_portfolio",
    "default_anchor",
]

# Two years of history up to the anchor.
WINDOW_DAYS = 730

# Stories, in the order they are handed out, with the share of accounts each gets.
STORIES: tuple[tuple[str, float], ...] = (
    ("churned", 0.10),
    ("multi_threaded", 0.15),
    ("champion_moved", 0.05),
    ("going_dark", 0.06),
    ("single_threaded_contact", 0.06),
    ("single_threaded_staff", 0.05),
)

_SEGMENTS = (("enterprise", 0.15), ("mid_market", 0.35), ("smb", 0.40), ("public_sector", 0.10))
_TIERS = ("strategic", "key", "growth", "standard")
_TIER_BY_SEGMENT = {
    "enterprise": (0.30, 0.45, 0.20, 0.05),
    "mid_market": (0.03, 0.20, 0.50, 0.27),
    "smb": (0.00, 0.02, 0.20, 0.78),
    "public_sector": (0.10, 0.35, 0.35, 0.20),
}
# Median yearly revenue by segment (lognormal around it) and a tier multiplier on top.
_REVENUE_MEDIAN = {
    "enterprise": 2_500_000.0,
    "mid_market": 400_000.0,
    "smb": 60_000.0,
    "public_sector": 900_000.0,
}
_REVENUE_TIER = {"strategic": 2.0, "key": 1.3, "growth": 1.0, "standard": 0.7}

# How much each story prefers each tier (strategic, key, growth, standard): deep relationships are where
# the big accounts are; single threads and churn are commoner among the small.
_STORY_TIER_WEIGHT = {
    "churned": (0.5, 1.0, 2.0, 3.0),
    "multi_threaded": (6.0, 4.0, 2.0, 0.7),
    "champion_moved": (2.0, 2.0, 1.5, 1.0),
    "going_dark": (1.0, 1.0, 1.0, 1.0),
    "single_threaded_contact": (0.5, 1.0, 2.0, 3.0),
    "single_threaded_staff": (0.5, 1.0, 2.0, 3.0),
}

# Our staff by function (share of headcount) and hourly cost range.
_STAFF_FUNCTIONS = (
    ("sales", 0.28, (90.0, 140.0)),
    ("success", 0.20, (60.0, 90.0)),
    ("service", 0.20, (40.0, 65.0)),
    ("marketing", 0.08, (60.0, 95.0)),
    ("product", 0.08, (80.0, 125.0)),
    ("finance", 0.06, (50.0, 80.0)),
    ("executive", 0.10, (200.0, 350.0)),
)
_ACCOUNTS_PER_STAFF = 9


def default_anchor() -> datetime:
    """Today 00:00 UTC."""
    now = datetime.now(UTC)
    return datetime(now.year, now.month, now.day, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class StaffMember:
    key: str
    name: str
    email: str
    function: str
    title: str
    cost_per_hour: float


@dataclass(frozen=True, slots=True)
class ChampionMove:
    """A champion who left `from_account_key` and now works at `to_account_key`."""

    contact_key: str
    from_account_key: str
    to_account_key: str
    left_at: datetime
    joined_at: datetime


@dataclass(slots=True)
class AccountSeed:
    """What the portfolio decides about one account before its people and interactions are made."""

    index: int
    key: str
    name: str
    domain: str
    segment: str
    tier: str
    story: str
    lifecycle_stage: str
    started_at: datetime  # when the relationship began (before the window unless onboarding/prospect)
    renewal_offset_days: int  # renewals fall on started_at + this + k years
    churned_at: datetime | None = None
    decline_days: int = 0  # churned: engagement falls over this many days before churned_at
    dark_since: datetime | None = None  # going dark: no inbound from here on
    champion_left_at: datetime | None = None  # champion moved: the champion's last day here
    move_to: int | None = None  # champion moved: index of the account the champion joins
    joined_at: datetime | None = None  # champion moved: the champion's first day there
    incoming: list[int] = field(default_factory=list)  # indexes of accounts whose champion joined here


@dataclass(slots=True)
class Portfolio:
    seed: int
    anchor: datetime
    window_start: datetime
    accounts: list[AccountSeed]
    staff: list[StaffMember]
    staff_by_function: dict[str, list[StaffMember]]

    def key_width(self) -> int:
        return max(5, len(str(len(self.accounts))))


def _account_key(index: int, width: int) -> str:
    return f"ACC-{index:0{width}d}"


def _company_name(index: int, seed: int) -> tuple[str, str]:
    """A unique company name for `index`: an affine permutation of the word space (seeded), bijective."""
    a, b, s = len(COMPANY_WORDS_A), len(COMPANY_WORDS_B), len(COMPANY_SUFFIXES)
    space = a * b
    step = 7919  # prime, coprime to the space
    while math.gcd(step, space) != 1:
        step += 2
    slot = (index * step + seed * 104729) % space
    first, second = COMPANY_WORDS_A[slot // b], COMPANY_WORDS_B[slot % b]
    lap = index // space  # beyond the word space, number the names
    suffix = COMPANY_SUFFIXES[(index + seed) % s]
    base = f"{first} {second}" + (f" {lap + 1}" if lap else "")
    slug = f"{first}{second}".lower() + (str(lap + 1) if lap else "")
    return f"{base} {suffix}", f"{slug}.example.com"


def _weighted_sample(rng: random.Random, items: list[int], weights: list[float], k: int) -> list[int]:
    """k items without replacement, drawn by weight (Efraimidis-Spirakis keys), in a stable order."""
    keyed = sorted(
        ((rng.random() ** (1.0 / w) if w > 0 else 0.0, i) for i, w in zip(items, weights, strict=True)),
        reverse=True,
    )
    return [i for _, i in keyed[:k]]


def _allocate(total: int, shares: list[float], minimum: int) -> list[int]:
    """Integer counts by share (largest remainder), each at least `minimum`."""
    raw = [total * s for s in shares]
    counts = [max(minimum, int(r)) for r in raw]
    order = sorted(range(len(shares)), key=lambda i: raw[i] - int(raw[i]), reverse=True)
    i = 0
    while sum(counts) < total:
        counts[order[i % len(order)]] += 1
        i += 1
    return counts


def _build_staff(rng: random.Random, accounts: int) -> list[StaffMember]:
    total = max(14, round(accounts / _ACCOUNTS_PER_STAFF))
    counts = _allocate(total, [share for _, share, _ in _STAFF_FUNCTIONS], 1)
    staff: list[StaffMember] = []
    for (function, _, (low, high)), count in zip(_STAFF_FUNCTIONS, counts, strict=True):
        for _ in range(count):
            n = len(staff)
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            level = min(2, int(rng.random() * 3.2))
            staff.append(
                StaffMember(
                    key=f"STF-{n:04d}",
                    name=f"{first} {last}",
                    email=f"{first.lower()}.{last.lower()}.{n}@relgraph-demo.example",
                    function=function,
                    title=STAFF_TITLES[function][level],
                    cost_per_hour=round(low + (high - low) * (0.3 * level + 0.4 * rng.random()), 2),
                )
            )
    return staff


def _days(rng: random.Random, low: float, high: float) -> timedelta:
    return timedelta(days=rng.uniform(low, high))


def build_portfolio(accounts: int, seed: int, anchor: datetime) -> Portfolio:
    """The portfolio for `(accounts, seed, anchor)`; the same inputs always give the same portfolio."""
    if accounts < 1:
        raise ValueError("the demo world needs at least one account")
    rng = random.Random(f"relgraph-demo/{seed}/portfolio")
    window_start = anchor - timedelta(days=WINDOW_DAYS)
    width = max(5, len(str(accounts)))
    staff = _build_staff(rng, accounts)
    by_function: dict[str, list[StaffMember]] = {}
    for member in staff:
        by_function.setdefault(member.function, []).append(member)

    seeds: list[AccountSeed] = []
    for index in range(accounts):
        r = random.Random(f"relgraph-demo/{seed}/account/{index}/seed")
        segment = r.choices([s for s, _ in _SEGMENTS], [w for _, w in _SEGMENTS])[0]
        tier = r.choices(_TIERS, _TIER_BY_SEGMENT[segment])[0]
        name, domain = _company_name(index, seed)
        seeds.append(
            AccountSeed(
                index=index,
                key=_account_key(index, width),
                name=name,
                domain=domain,
                segment=segment,
                tier=tier,
                story="normal",
                lifecycle_stage="active",
                started_at=window_start - _days(r, 30, 2000),
                renewal_offset_days=r.randrange(365),
            )
        )

    # Hand out the stories, each to accounts drawn by its tier preference among those still without one.
    free = list(range(accounts))
    for story, share in STORIES:
        want = min(len(free), max(1, round(share * accounts)))
        weights = [_STORY_TIER_WEIGHT[story][_TIERS.index(seeds[i].tier)] for i in free]
        chosen = set(_weighted_sample(rng, free, weights, want))
        for i in sorted(chosen):
            seeds[i].story = story
        free = [i for i in free if i not in chosen]

    healthy = [s.index for s in seeds if s.story in ("normal", "multi_threaded")]
    for s in seeds:
        r = random.Random(f"relgraph-demo/{seed}/account/{s.index}/story")
        if s.story == "churned":
            s.lifecycle_stage = "churned"
            # Late enough in the window that months of engagement before the fall are on record.
            s.churned_at = anchor - _days(r, 14, WINDOW_DAYS - 270)
            s.decline_days = r.randint(110, 180)
            # The churn comes at a renewal they did not sign.
            s.renewal_offset_days = (s.churned_at - s.started_at).days % 365
        elif s.story == "going_dark":
            s.dark_since = anchor - _days(r, 60, 120)
            s.lifecycle_stage = r.choice(("active", "renewal"))
        elif s.story == "normal":
            s.lifecycle_stage = r.choices(
                ("active", "renewal", "expansion", "onboarding", "prospect"), (0.55, 0.15, 0.15, 0.10, 0.05)
            )[0]
            if s.lifecycle_stage == "onboarding":
                s.started_at = anchor - _days(r, 45, 200)
            elif s.lifecycle_stage == "prospect":
                s.started_at = anchor - _days(r, 60, 300)
        else:
            s.lifecycle_stage = r.choices(("active", "renewal", "expansion"), (0.6, 0.2, 0.2))[0]
        if s.lifecycle_stage == "renewal":
            # The next renewal falls within 90 days of the anchor.
            days_to = r.randint(10, 90)
            s.renewal_offset_days = ((anchor + timedelta(days=days_to)) - s.started_at).days % 365
        if s.story == "champion_moved":
            s.champion_left_at = anchor - _days(r, 10, 85)
            s.joined_at = min(s.champion_left_at + _days(r, 3, 21), anchor - timedelta(hours=20))
            targets = [i for i in healthy if i != s.index and seeds[i].lifecycle_stage != "prospect"] or [
                i for i in range(accounts) if i != s.index
            ]
            if targets:
                target = targets[r.randrange(len(targets))]
                s.move_to = target
                seeds[target].incoming.append(s.index)
    return Portfolio(
        seed=seed,
        anchor=anchor,
        window_start=window_start,
        accounts=seeds,
        staff=staff,
        staff_by_function=by_function,
    )


def revenue_and_margin(seed_: AccountSeed, r: random.Random) -> tuple[float, float]:
    """Yearly revenue (lognormal by segment, scaled by tier) and gross margin rate in [0.2, 0.8]."""
    revenue = _REVENUE_MEDIAN[seed_.segment] * _REVENUE_TIER[seed_.tier] * math.exp(r.gauss(0.0, 0.6))
    margin = 0.2 + 0.6 * r.betavariate(2.2, 2.0)
    return round(revenue, 2), round(margin, 4)
