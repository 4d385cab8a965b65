"""Two years of one account's interactions, shaped by its story.

Month by month, a Poisson number of touches over the person-to-person and marketing channels (their rate
set by tier and story, and bent by the story: falling before a churn, going quiet, bursting at
onboarding), plus the scheduled ones: invoices and payments from finance, contracts at renewals.
Each touch names the people of ours and theirs who took part, drawn from who knows whom on the account.
The recent touches a story adds (live threads, a champion's new door) are in `graph.demo.story_touches`.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from datetime import datetime, timedelta

from graph.demo.people import AccountPlan, TeamMember
from graph.demo.portfolio import WINDOW_DAYS, Portfolio
from graph.demo.story_touches import door_opened, live_thread
from graph.demo.vocabulary import SUBJECTS

__all__ = ["CHANNEL_SOURCES", "account_interactions"]

# Touches per month at an account of tier multiplier 1, by channel (scheduled channels aside).
_RATES: dict[str, float] = {
    "email": 1.15,
    "meeting": 0.32,
    "call": 0.28,
    "chat": 0.2,
    "support_ticket": 0.3,
    "event": 0.03,
    "webinar": 0.08,
    "community": 0.1,
    "social": 0.08,
    "survey": 0.08,
}
_PROSPECT_RATES = {"email": 1.6, "meeting": 0.3, "call": 0.4, "event": 0.05, "webinar": 0.12, "social": 0.1}
_TIER_VOLUME = {"strategic": 3.5, "key": 2.0, "growth": 1.2, "standard": 0.7}
_STORY_VOLUME = {
    "multi_threaded": 1.6,
    "single_threaded_contact": 0.9,
    "single_threaded_staff": 0.9,
    "churned": 1.1,  # they were engaged once: the fall is the story
    "going_dark": 1.0,
    "champion_moved": 1.1,
    "normal": 1.0,
}

# Which of our functions does the channel, and how much each tends to.
_ELIGIBLE: dict[str, dict[str, float]] = {
    "email": {"sales": 1.0, "success": 0.8, "service": 0.4, "executive": 0.15, "product": 0.3},
    "meeting": {"sales": 1.0, "success": 0.8, "executive": 0.3, "product": 0.5},
    "call": {"sales": 1.0, "success": 0.7, "service": 0.4},
    "chat": {"service": 1.0, "success": 0.6},
    "support_ticket": {"service": 1.0, "success": 0.2},
    "event": {"marketing": 1.0, "sales": 0.4},
    "webinar": {"marketing": 1.0},
    "community": {"service": 0.6, "product": 0.4},
    "social": {"marketing": 1.0},
    "survey": {"success": 1.0, "marketing": 0.5},
    "invoice": {"finance": 1.0},
    "payment": {"finance": 1.0},
    "contract": {"sales": 1.0},
}
# Channels where a person of ours always takes part (else the account owner does); the others may be
# sent by a system with nobody of ours named.
_PERSONAL = frozenset({"email", "meeting", "call", "chat", "support_ticket", "contract"})

CHANNEL_SOURCES: dict[str, tuple[tuple[str, float], ...]] = {
    "email": (("gmail", 0.85), ("salesforce", 0.15)),
    "meeting": (("gong", 0.6), ("salesforce", 0.4)),
    "call": (("gong", 1.0),),
    "chat": (("slack", 1.0),),
    "support_ticket": (("zendesk", 1.0),),
    "event": (("marketo", 1.0),),
    "webinar": (("marketo", 1.0),),
    "community": (("discourse", 1.0),),
    "social": (("marketo", 1.0),),
    "survey": (("qualtrics", 1.0),),
    "invoice": (("netsuite", 1.0),),
    "payment": (("netsuite", 1.0),),
    "contract": (("salesforce", 1.0),),
}
_KEY_PREFIX = {
    "gmail": "gm",
    "salesforce": "sf",
    "gong": "gong",
    "slack": "sl",
    "zendesk": "zd",
    "marketo": "mk",
    "discourse": "dc",
    "qualtrics": "qx",
    "netsuite": "ns",
}

_MONTH = timedelta(days=WINDOW_DAYS / 24)
_MONTH_SECONDS = _MONTH.total_seconds()
_DAY = timedelta(days=1)

# One touch before it gets its key: (occurred_at, channel, source, direction, duration, cost, sentiment,
# subject, contact indexes, staff keys).
_Touch = tuple


def _poisson(r: random.Random, lam: float) -> int:
    if lam <= 0.0:
        return 0
    if lam > 40.0:
        return max(0, int(r.gauss(lam, math.sqrt(lam)) + 0.5))
    limit, k, prod = math.exp(-lam), 0, r.random()
    while prod > limit:
        k += 1
        prod *= r.random()
    return k


def _cum(weights: list[float]) -> list[float]:
    out, total = [], 0.0
    for w in weights:
        total += w
        out.append(total)
    return out


class _Account:
    """The per-account state of the generator: the plan, its eligibility tables and the story curves."""

    def __init__(self, p: Portfolio, plan: AccountPlan, r: random.Random) -> None:
        self.p, self.plan, self.r = p, plan, r
        self.s = plan.seed
        self.contacts = plan.contacts
        self.owner = plan.team[0]
        self.eligible: dict[str, tuple[list[TeamMember], list[float]]] = {}
        for channel, functions in _ELIGIBLE.items():
            members = [m for m in plan.team if m.staff.function in functions]
            weights = [functions[m.staff.function] * (m.weight or 0.5) for m in members]
            self.eligible[channel] = (members, _cum(weights))
        engaged = [i for i, c in enumerate(self.contacts) if c.pull > 0]
        self.engaged = engaged
        self.engaged_cum = _cum([self.contacts[i].pull for i in engaged])
        s = self.s
        self.end = min(p.anchor, s.churned_at) if s.churned_at else p.anchor
        self.start = max(p.window_start, s.started_at)
        self.decline_start = s.churned_at - timedelta(days=s.decline_days) if s.churned_at else None
        self.fall_start = s.dark_since - timedelta(days=45) if s.dark_since else None

    # -- story curves: volume factor and the chance an inbound or mutual touch still happens
    def curve(self, t: datetime) -> tuple[float, float]:
        s = self.s
        if self.decline_start is not None and t > self.decline_start:
            x = (t - self.decline_start) / timedelta(days=s.decline_days)
            f = max(0.05, (1.0 - min(1.0, x)) ** 1.5)
            # They stop answering before we stop writing: replies fall faster than the volume.
            return f, f**2
        if self.fall_start is not None and t > self.fall_start:
            span = self.p.anchor - self.fall_start
            f = max(0.25, 1.0 - 0.75 * (t - self.fall_start) / span)
            return f, (0.0 if s.dark_since is not None and t >= s.dark_since else f)
        if s.lifecycle_stage == "onboarding" and t - s.started_at < timedelta(days=90):
            return 1.6, 1.0
        return 1.0, 1.0

    def alive(self, i: int, t: datetime) -> bool:
        until = self.contacts[i].until
        return until is None or t < until

    def staff_for(self, channel: str) -> TeamMember | None:
        members, cum = self.eligible[channel]
        if members:
            return self.r.choices(members, cum_weights=cum)[0]
        if channel in _PERSONAL:
            return self.owner
        return None

    def contact_of(self, member: TeamMember | None, t: datetime) -> int | None:
        r = self.r
        if member is not None and member.knows:
            for _ in range(3):
                i = r.choices(member.knows, cum_weights=member.knows_cum)[0]
                if self.alive(i, t):
                    return i
        if not self.engaged:
            return None
        for _ in range(3):
            i = r.choices(self.engaged, cum_weights=self.engaged_cum)[0]
            if self.alive(i, t):
                return i
        return None

    def sentiment(self, t: datetime) -> float:
        volume, _ = self.curve(t)
        mean = 0.35
        if self.decline_start is not None and t > self.decline_start:
            mean = 0.35 - 0.9 * (1.0 - volume)
        elif self.fall_start is not None and t > self.fall_start:
            mean = 0.05
        return round(max(-1.0, min(1.0, self.r.gauss(mean, 0.25))), 2)


def _source(r: random.Random, channel: str) -> str:
    options = CHANNEL_SOURCES[channel]
    if len(options) == 1:
        return options[0][0]
    return options[0][0] if r.random() < options[0][1] else options[1][0]


def _touch(a: _Account, channel: str, t: datetime, inbound_keep: float) -> _Touch | None:
    """One person-to-person or marketing touch at `t`, or None when the story says it did not happen."""
    r = a.r
    lead = a.staff_for(channel)
    contact = a.contact_of(lead, t)
    if contact is None:
        return None
    contacts = [contact]
    staff = [lead.staff.key] if lead is not None else []
    duration: float | None = None
    cost: float | None = None
    sentiment: float | None = None
    # Direction first; an inbound or mutual touch survives the story's quiet with `inbound_keep`.
    if channel == "email":
        direction = "inbound" if r.random() < 0.45 else "outbound"
        duration = float(r.randint(2, 12))
        if direction == "outbound" and r.random() < 0.2 and lead is not None and len(lead.knows) > 1:
            other = lead.knows[r.randrange(len(lead.knows))]
            if other != contact and a.alive(other, t):
                contacts.append(other)
    elif channel == "meeting":
        direction = "mutual"
        duration = float(r.choice((30, 30, 45, 60, 60, 90)))
        if r.random() < 0.5:
            second = a.staff_for("meeting")
            if second is not None and second.staff.key not in staff:
                staff.append(second.staff.key)
        for _ in range(r.randint(0, 3)):
            guest = a.contact_of(lead, t)
            if guest is not None and guest not in contacts:
                contacts.append(guest)
        if r.random() < 0.6:
            sentiment = a.sentiment(t)
    elif channel == "call":
        x = r.random()
        direction = "outbound" if x < 0.5 else ("inbound" if x < 0.75 else "mutual")
        duration = float(r.randint(10, 45))
        if r.random() < 0.5:
            sentiment = a.sentiment(t)
    elif channel == "chat":
        direction = "inbound" if r.random() < 0.7 else "mutual"
        duration = float(r.randint(5, 20))
    elif channel == "support_ticket":
        direction = "inbound"
        duration = float(r.randint(15, 180))
        sentiment = a.sentiment(t)
    elif channel == "event":
        direction = "mutual"
        cost = round(r.uniform(150.0, 600.0), 2)
    elif channel == "webinar":
        direction = "mutual" if r.random() < 0.5 else "outbound"
        cost = round(r.uniform(10.0, 40.0), 2)
    elif channel == "community":
        direction = "inbound"
        if r.random() < 0.5:
            staff = []  # a question nobody of ours answered (yet)
    elif channel == "social":
        direction = "inbound" if r.random() < 0.6 else "outbound"
    else:  # survey: sent, and now and then answered
        direction = "outbound"
        cost = round(r.uniform(1.0, 3.0), 2)
        if r.random() < 0.45:
            direction = "inbound"
            sentiment = a.sentiment(t)
    if direction != "outbound" and inbound_keep < 1.0 and r.random() >= inbound_keep:
        if channel in ("email", "call", "social"):
            direction = "outbound"  # we still reach out; they no longer answer
        else:
            return None
    source = _source(r, channel)
    subjects = SUBJECTS[channel]
    return (
        t,
        channel,
        source,
        direction,
        duration,
        cost,
        sentiment,
        subjects[r.randrange(len(subjects))],
        contacts,
        staff,
    )


def _monthly(a: _Account) -> Iterator[_Touch]:
    s, r = a.s, a.r
    rates = _PROSPECT_RATES if s.lifecycle_stage == "prospect" else _RATES
    channels = list(rates)
    cum = _cum(list(rates.values()))
    total_rate = cum[-1] * _TIER_VOLUME[s.tier] * _STORY_VOLUME[s.story]
    slice_start = a.p.window_start
    while slice_start < a.end:
        mid = slice_start + _MONTH / 2
        volume, _ = a.curve(mid)
        season = 0.7 if mid.month == 12 else (0.85 if mid.month == 8 else 1.0)
        lam = total_rate * volume * season * math.exp(r.gauss(0.0, 0.25))
        for _ in range(_poisson(r, lam)):
            t = slice_start + timedelta(seconds=r.random() * _MONTH_SECONDS)
            if t < a.start or t >= a.end:
                continue
            channel = r.choices(channels, cum_weights=cum)[0]
            _, inbound_keep = a.curve(t)
            touch = _touch(a, channel, t, inbound_keep)
            if touch is None:
                continue
            # Deep accounts are narrowing before a churn: the last touches go to the one contact left.
            narrowing = a.decline_start is not None and t > a.decline_start and r.random() > inbound_keep
            if narrowing and a.alive(a.plan.primary, t):
                touch = (*touch[:8], [a.plan.primary], touch[9])
            yield touch
        slice_start += _MONTH


def _scheduled(a: _Account) -> Iterator[_Touch]:
    """Invoices and payments (monthly for small businesses, quarterly else) and contracts at renewals."""
    s, r, p = a.s, a.r, a.p
    if s.lifecycle_stage == "prospect":
        return
    finance, _ = a.eligible["invoice"]
    finance_keys = [finance[0].staff.key] if finance else []
    cadence = timedelta(days=365.25 / 12) if s.segment == "smb" else timedelta(days=365.25 / 4)
    t = a.start + timedelta(days=(s.renewal_offset_days % 28) + 1, hours=9)
    while t < a.end:
        if a.alive(a.plan.billing, t):
            number = f"INV-{s.index}-{t:%Y%m}"
            yield (
                t,
                "invoice",
                "netsuite",
                "outbound",
                None,
                round(r.uniform(2.0, 5.0), 2),
                None,
                f"Invoice {number}",
                [a.plan.billing],
                list(finance_keys),
            )
            paid = t + timedelta(days=r.uniform(5, 45))
            dark = s.dark_since is not None and paid >= s.dark_since
            if paid < a.end and not dark and a.alive(a.plan.billing, paid):
                yield (
                    paid,
                    "payment",
                    "netsuite",
                    "inbound",
                    None,
                    round(r.uniform(0.5, 2.0), 2),
                    None,
                    f"Payment for {number}",
                    [a.plan.billing],
                    list(finance_keys),
                )
        t += cadence
    # Contracts: the first order form for accounts that started within the window, then every renewal.
    signing: list[datetime] = []
    if s.started_at >= p.window_start:
        signing.append(s.started_at + timedelta(hours=11))
    renewal = s.started_at + timedelta(days=s.renewal_offset_days, hours=15)
    while renewal < a.end:
        if renewal >= p.window_start and renewal > s.started_at:
            signing.append(renewal)
        renewal += timedelta(days=365)
    sponsor = [m.staff.key for m in a.plan.team if m.coverage_role == "executive_sponsor"]
    for when in signing:
        if s.churned_at is not None and when >= s.churned_at - _DAY:
            continue  # the renewal they did not sign
        if s.dark_since is not None and when >= s.dark_since:
            continue  # a renewal still waiting for their signature
        signers = [i for i in a.plan.signers if a.alive(i, when)] or [a.plan.primary]
        if not a.alive(signers[0], when):
            continue
        staff = [a.owner.staff.key] + (sponsor if r.random() < 0.6 else [])
        yield (
            when,
            "contract",
            "salesforce",
            "mutual",
            float(r.randint(60, 240)),
            None,
            None,
            r.choice(SUBJECTS["contract"]),
            signers,
            staff,
        )


def account_interactions(p: Portfolio, plan: AccountPlan) -> Iterator[dict]:
    """The account's interactions as ingestion rows (snake_case keys), in time order, unique per source."""
    r = random.Random(f"relgraph-demo/{p.seed}/account/{plan.seed.index}/interactions")
    a = _Account(p, plan, r)
    touches = list(_monthly(a))
    touches.extend(_scheduled(a))
    touches.extend(live_thread(a))
    extra = list(door_opened(a))
    touches.sort(key=lambda x: x[0])
    key_contacts = [c.key for c in plan.contacts]
    account_key = plan.seed.key
    index = f"{plan.seed.index:0{p.key_width()}d}"
    seq = 0
    # Touches of the account's own contacts name them by index; those who joined from elsewhere by key.
    extra.sort(key=lambda x: x[0])
    streams = ((touches, lambda ids: [key_contacts[i] for i in ids]), (extra, list))
    for stream, contact_keys in streams:
        for t, channel, source, direction, duration, cost, sentiment, subject, contacts, staff in stream:
            seq += 1
            yield {
                "key": f"{_KEY_PREFIX[source]}-{index}-{seq:05d}",
                "source": source,
                "channel": channel,
                "occurred_at": t,
                "direction": direction,
                "duration_minutes": duration,
                "cost": cost,
                "sentiment": sentiment,
                "subject": subject,
                "account_key": account_key,
                "contact_keys": contact_keys(contacts),
                "staff_keys": staff,
            }
