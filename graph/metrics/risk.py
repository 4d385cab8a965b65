"""The risk score: a sum of named factors, each with its contribution and a sentence naming the people."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from graph.metrics.parameters import RISK_FACTOR_CODES, MetricParameters
from graph.metrics.precision import measure, points

__all__ = ["Departure", "Risk", "RiskFactor", "RiskSignals", "risk_level", "score_risk"]


@dataclass(frozen=True)
class Departure:
    """A champion or economic buyer who left the account recently, and where they went (if known)."""

    name: str
    role: str
    left_at: datetime | None
    moved_to: str | None = None


@dataclass(frozen=True)
class RiskSignals:
    """The facts about one account that the risk factors read (`graph.metrics.account` gathers them).

    Names are people's display names; staff names are marked as ours by the sentences.
    """

    account: str
    k: int = 0
    single_points_of_failure: tuple[str, ...] = ()
    top_contact: str | None = None
    top_contact_share: float = 0.0
    top_staff: str | None = None
    top_staff_share: float = 0.0
    days_since_inbound: float | None = None
    last_inbound_from: str | None = None
    momentum: float | None = None
    momentum_window_days: int = 90
    departures: tuple[Departure, ...] = ()
    decision_maker_engaged: bool = False
    one_way_share: float = 0.0
    one_way_contacts: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class RiskFactor:
    """One named reason for risk: a stable code, its points, its severity (0..1) and a readable sentence."""

    code: str
    contribution: float
    severity: float
    sentence: str


@dataclass(frozen=True)
class Risk:
    """The score (0-100, the sum of the factors' contributions), its level and the factors."""

    score: float
    level: str
    factors: tuple[RiskFactor, ...]


def risk_level(score: float, params: MetricParameters | None = None) -> str:
    """LOW < 25 <= MEDIUM < 50 <= HIGH < 75 <= CRITICAL (thresholds from `params`).

    Examples
    --------
    >>> [risk_level(s) for s in (0, 24.99, 25, 50, 75, 100)]
    ['LOW', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL', 'CRITICAL']
    """
    p = params or MetricParameters()
    if score >= p.level_critical:
        return "CRITICAL"
    if score >= p.level_high:
        return "HIGH"
    if score >= p.level_medium:
        return "MEDIUM"
    return "LOW"


def score_risk(signals: RiskSignals, params: MetricParameters | None = None) -> Risk:
    """Score an account's risk from its signals.

    Parameters
    ----------
    signals : RiskSignals
    params : MetricParameters, optional
        ``risk_weights`` (each factor's maximum points) and the thresholds each factor starts from.

    Returns
    -------
    Risk
        Only the factors that contribute, in the order of `RISK_FACTOR_CODES`; their contributions
        sum to the score. When the weights sum above 100 every contribution is scaled down so the
        score stays within 0-100.

    Notes
    -----
    Each factor's contribution is ``weight * severity`` with severity in [0, 1]:
    SINGLE_THREADED 1 when k <= 1; CONTACT_/STAFF_CONCENTRATION how far the largest share of the active
    threads' strength is past its threshold; GOING_DARK how far the days since the last inbound touch
    are between `going_dark_days` and `going_dark_full_days` (1 when the customer never reached out);
    DECLINING_MOMENTUM how far momentum fell from 1 towards `momentum_floor`; CHAMPION_LEFT 1 when a
    champion or economic buyer left within the window; NO_DECISION_MAKER 1 when none is engaged;
    ONE_WAY_ENGAGEMENT how far the share of unanswered threads is past its threshold.

    With k = 0 (no active thread) the relationship is as thin as it gets: SINGLE_THREADED, both
    concentrations and ONE_WAY_ENGAGEMENT are all at 1, whatever the shares, so that no account scores
    lower than one with a single thread, and losing a single point of failure never lowers the score.

    Examples
    --------
    >>> r = score_risk(RiskSignals("Acme", k=1, single_points_of_failure=("Ann", "Rep"),
    ...                days_since_inbound=10, decision_maker_engaged=True))
    >>> r.score, r.level, [f.code for f in r.factors]
    (25.0, 'MEDIUM', ['SINGLE_THREADED'])

    A brand-new account: nothing engaged, nobody ever reached out.

    >>> r = score_risk(RiskSignals("Acme"))
    >>> r.score, r.level, [(f.code, f.contribution) for f in r.factors]  # doctest: +NORMALIZE_WHITESPACE
    (75.0, 'CRITICAL', [('SINGLE_THREADED', 25.0), ('CONTACT_CONCENTRATION', 8.0),
    ('STAFF_CONCENTRATION', 7.0), ('GOING_DARK', 20.0), ('NO_DECISION_MAKER', 8.0),
    ('ONE_WAY_ENGAGEMENT', 7.0)])
    """
    p = params or MetricParameters()
    s = signals
    severities: dict[str, tuple[float, str]] = {}

    # k = 0, no active thread at all, is as thin as a relationship gets: every structural factor is at
    # its maximum, so that no relationship scores lower than a thin one and losing the last thread
    # never lowers the score.
    thin = s.k <= 0
    if s.k <= 1:
        if thin:
            text = f"Nobody of ours has an active thread with anyone at {s.account}."
        else:
            text = (
                f"{s.account} hangs on a single thread: if {_or(s.single_points_of_failure)} leaves, "
                f"nobody of ours knows anybody there."
            )
        severities["SINGLE_THREADED"] = (1.0, text)
    if thin:
        severities["CONTACT_CONCENTRATION"] = (
            1.0,
            f"No contact at {s.account} is on an active thread with us: the relationship rests on nobody "
            f"there.",
        )
    else:
        sev = _ramp(s.top_contact_share, p.contact_concentration_threshold, 1.0)
        if sev > 0:
            severities["CONTACT_CONCENTRATION"] = (
                sev,
                f"{s.top_contact} holds {s.top_contact_share:.0%} of the relationship's strength at "
                f"{s.account}.",
            )
    if thin:
        severities["STAFF_CONCENTRATION"] = (
            1.0,
            f"None of our people is on an active thread with {s.account}: nobody of ours carries the "
            f"relationship.",
        )
    else:
        sev = _ramp(s.top_staff_share, p.staff_concentration_threshold, 1.0)
        if sev > 0:
            severities["STAFF_CONCENTRATION"] = (
                sev,
                f"{s.top_staff} (ours) carries {s.top_staff_share:.0%} of the relationship's strength.",
            )
    if s.days_since_inbound is None:
        severities["GOING_DARK"] = (
            1.0,
            f"Nobody at {s.account} has reached out to us in the look-back period.",
        )
    else:
        sev = _ramp(s.days_since_inbound, p.going_dark_days, p.going_dark_full_days)
        if sev > 0:
            who = f" (last: {s.last_inbound_from})" if s.last_inbound_from else ""
            severities["GOING_DARK"] = (
                sev,
                f"No inbound touch from {s.account} for {s.days_since_inbound:.0f} days{who}.",
            )
    if s.momentum is not None and s.momentum < 1.0:
        sev = _ramp(1.0 - s.momentum, 0.0, 1.0 - p.momentum_floor)
        if sev > 0:
            severities["DECLINING_MOMENTUM"] = (
                sev,
                f"Relationship Value is at {s.momentum:.0%} of its level {s.momentum_window_days} days ago.",
            )
    if s.departures:
        severities["CHAMPION_LEFT"] = (1.0, " ".join(_departure(d, s.account) for d in s.departures))
    if not s.decision_maker_engaged:
        severities["NO_DECISION_MAKER"] = (
            1.0,
            f"No economic buyer or decision maker at {s.account} is engaged, directly or through someone "
            f"who reports to one.",
        )
    if thin:
        silent = (
            f" {s.one_way_share:.0%} of our threads there never got an answer{_names(s.one_way_contacts)}."
            if s.one_way_contacts
            else ""
        )
        severities["ONE_WAY_ENGAGEMENT"] = (
            1.0,
            f"No thread with {s.account} is active, so there is no two-way engagement.{silent}",
        )
    else:
        sev = _ramp(s.one_way_share, p.one_way_threshold, 1.0)
        if sev > 0:
            severities["ONE_WAY_ENGAGEMENT"] = (
                sev,
                f"{s.one_way_share:.0%} of our threads at {s.account} never got an answer"
                f"{_names(s.one_way_contacts)}.",
            )

    total_weight = sum(max(p.risk_weights.get(c, 0.0), 0.0) for c in RISK_FACTOR_CODES)
    scale = 100.0 / total_weight if total_weight > 100.0 else 1.0
    factors = []
    for code in RISK_FACTOR_CODES:
        if code not in severities:
            continue
        sev, text = severities[code]
        contribution = points(max(p.risk_weights.get(code, 0.0), 0.0) * sev * scale)
        if contribution > 0:
            factors.append(RiskFactor(code, contribution, measure(sev), text))
    score = points(min(sum(f.contribution for f in factors), 100.0))
    return Risk(score, risk_level(score, p), tuple(factors))


def _ramp(x: float, start: float, full: float) -> float:
    # 0 up to `start`, rising linearly to 1 at `full`.
    if x <= start:
        return 0.0
    if full <= start or x >= full:
        return 1.0
    return (x - start) / (full - start)


def _names(names: tuple[str, ...]) -> str:
    # " (Ann, Bob, Cat, ...)": at most three names; "" for none.
    if not names:
        return ""
    return f" ({', '.join(names[:3])}{', ...' if len(names) > 3 else ''})"


def _or(names: tuple[str, ...]) -> str:
    if not names:
        return "one person"
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " or " + names[-1]


def _departure(d: Departure, account: str) -> str:
    when = f" on {d.left_at.date().isoformat()}" if d.left_at else ""
    where = f" and now works at {d.moved_to}" if d.moved_to else ""
    return f"{d.name} ({d.role.replace('_', ' ')}) left {account}{when}{where}."
