"""The risk score: a sum of named factors, each with its contribution and a sentence naming the people."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from graph.metrics.parameters import RISK_FACTOR_CODES, MetricParameters

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
    SINGLE_THREADED 1 when k <= 1; CONTACT_/STAFF_CONCENTRATION how far the largest share is past its
    threshold; GOING_DARK how far the days since the last inbound touch are between `going_dark_days`
    and `going_dark_full_days` (1 when the customer never reached out); DECLINING_MOMENTUM how far
    momentum fell from 1 towards `momentum_floor`; CHAMPION_LEFT 1 when a champion or economic buyer
    left within the window; NO_DECISION_MAKER 1 when none is engaged; ONE_WAY_ENGAGEMENT how far the
    share of unanswered threads is past its threshold.

    Examples
    --------
    >>> r = score_risk(RiskSignals("Acme", k=1, single_points_of_failure=("Ann", "Rep"),
    ...                days_since_inbound=10, decision_maker_engaged=True))
    >>> r.score, r.level, [f.code for f in r.factors]
    (25.0, 'MEDIUM', ['SINGLE_THREADED'])
    """
    p = params or MetricParameters()
    s = signals
    severities: dict[str, tuple[float, str]] = {}

    if s.k <= 1:
        if s.k == 0:
            text = f"Nobody of ours has an active thread with anyone at {s.account}."
        else:
            text = (
                f"{s.account} hangs on a single thread: if {_or(s.single_points_of_failure)} leaves, "
                f"nobody of ours knows anybody there."
            )
        severities["SINGLE_THREADED"] = (1.0, text)
    sev = _ramp(s.top_contact_share, p.contact_concentration_threshold, 1.0)
    if sev > 0:
        severities["CONTACT_CONCENTRATION"] = (
            sev,
            f"{s.top_contact} holds {s.top_contact_share:.0%} of the relationship's strength at {s.account}.",
        )
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
    sev = _ramp(s.one_way_share, p.one_way_threshold, 1.0)
    if sev > 0:
        names = f" ({', '.join(s.one_way_contacts[:3])}{', ...' if len(s.one_way_contacts) > 3 else ''})"
        severities["ONE_WAY_ENGAGEMENT"] = (
            sev,
            f"{s.one_way_share:.0%} of our threads at {s.account} never got an answer{names}.",
        )

    total_weight = sum(max(p.risk_weights.get(c, 0.0), 0.0) for c in RISK_FACTOR_CODES)
    scale = 100.0 / total_weight if total_weight > 100.0 else 1.0
    factors = []
    for code in RISK_FACTOR_CODES:
        if code not in severities:
            continue
        sev, text = severities[code]
        contribution = round(max(p.risk_weights.get(code, 0.0), 0.0) * sev * scale, 2)
        if contribution > 0:
            factors.append(RiskFactor(code, contribution, round(sev, 4), text))
    score = round(min(sum(f.contribution for f in factors), 100.0), 2)
    return Risk(score, risk_level(score, p), tuple(factors))


def _ramp(x: float, start: float, full: float) -> float:
    # 0 up to `start`, rising linearly to 1 at `full`.
    if x <= start:
        return 0.0
    if full <= start or x >= full:
        return 1.0
    return (x - start) / (full - start)


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
