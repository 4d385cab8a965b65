"""One account's people: its record, its contacts and their reporting tree, the staff who cover it, and
who of ours knows whom there.

`plan_account` is a pure function of the portfolio and the account's index, so any pass over the world
(accounts, contacts, coverage, interactions) can remake an account's plan instead of keeping it in memory.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from graph.demo.portfolio import AccountSeed, Portfolio, StaffMember, revenue_and_margin
from graph.demo.vocabulary import (
    FIRST_NAMES,
    INDUSTRIES,
    LAST_NAMES,
    SENIORITY_ORDER,
    contact_title,
    true_role,
)

__all__ = ["AccountPlan", "PlannedContact", "plan_account"]

_CONTACT_BASE = {"enterprise": 18.0, "public_sector": 14.0, "mid_market": 9.0, "smb": 5.0}
_CONTACT_TIER = {"strategic": 1.8, "key": 1.3, "growth": 1.0, "standard": 0.7}
_SENIORITY_SHARES = (0.05, 0.12, 0.22, 0.30, 0.31)
_DEPARTMENT_WEIGHTS = {
    "Executive": 0.3,
    "Finance": 1.0,
    "IT": 2.0,
    "Engineering": 1.6,
    "Operations": 1.6,
    "Procurement": 0.7,
    "Marketing": 0.9,
    "Sales": 0.8,
    "Legal": 0.4,
    "Security": 0.6,
    "HR": 0.4,
}
# How much a contact of each role draws our attention (the champion most, blockers least).
_ROLE_PULL = {
    "economic_buyer": 1.5,
    "decision_maker": 2.0,
    "champion": 4.0,
    "influencer": 1.5,
    "technical_evaluator": 1.5,
    "user": 1.0,
    "procurement": 0.6,
    "blocker": 0.4,
}
# Which contacts each of our functions tends to talk to.
_AFFINITY = {
    "sales": {
        "economic_buyer": 3.0,
        "decision_maker": 3.0,
        "champion": 3.0,
        "procurement": 2.0,
        "influencer": 1.5,
    },
    "executive": {"economic_buyer": 4.0, "decision_maker": 3.0},
    "success": {"champion": 3.0, "influencer": 2.0, "user": 2.0, "decision_maker": 1.0},
    "service": {"user": 3.0, "technical_evaluator": 3.0, "champion": 1.0},
    "product": {"technical_evaluator": 4.0, "champion": 1.5, "user": 1.0},
    "marketing": {"influencer": 1.5, "user": 1.5, "champion": 1.5},
    "finance": {"procurement": 4.0, "economic_buyer": 1.0},
}


@dataclass(slots=True)
class PlannedContact:
    key: str
    name: str
    email: str
    title: str
    role: str  # the true role; the record shows it only when `role_known`
    role_known: bool
    seniority: str
    seniority_known: bool
    department: str
    since: datetime
    until: datetime | None
    reports_to: str | None
    pull: float  # how engaged this contact is (0: never engaged)

    def record(self, account_key: str) -> dict:
        return {
            "key": self.key,
            "name": self.name,
            "email": self.email,
            "title": self.title,
            "role": self.role if self.role_known else "unknown",
            "seniority": self.seniority if self.seniority_known else "unknown",
            "department": self.department,
            "account_key": account_key,
            "since": self.since,
            "until": self.until,
            "reports_to_key": self.reports_to,
        }


@dataclass(slots=True)
class TeamMember:
    staff: StaffMember
    coverage_role: str | None  # owner, csm, support, executive_sponsor, or None for occasional helpers
    knows: list[int]  # indexes into AccountPlan.contacts
    knows_cum: list[float]  # cumulative weights over `knows`
    weight: float  # share of the account's person-to-person work


@dataclass(slots=True)
class AccountPlan:
    seed: AccountSeed
    account: dict
    contacts: list[PlannedContact]
    team: list[TeamMember]
    coverage: list[dict]
    champion: int | None = None  # index of the champion who moves (champion_moved story)
    primary: int = 0  # the contact the account leans on most
    billing: int = 0  # who receives invoices
    signers: list[int] = field(default_factory=list)  # who signs contracts


def _contact_count(s: AccountSeed, r: random.Random) -> int:
    n = _CONTACT_BASE[s.segment] * _CONTACT_TIER[s.tier] * math.exp(r.gauss(0.0, 0.3))
    n = min(40, max(3, round(n)))
    if s.story == "multi_threaded":
        n = max(n, 10)
    elif s.story == "champion_moved":
        n = max(n, 5)
    return n


def _person(r: random.Random) -> tuple[str, str]:
    return r.choice(FIRST_NAMES), r.choice(LAST_NAMES)


def _make_contacts(p: Portfolio, s: AccountSeed, r: random.Random) -> list[PlannedContact]:
    n = _contact_count(s, r)
    departments = list(_DEPARTMENT_WEIGHTS)
    dep_weights = list(_DEPARTMENT_WEIGHTS.values())
    # The most senior contact first: a C-level at larger accounts, else a VP or director.
    top = "c_level" if n >= 6 else r.choice(("vp", "director"))
    drawn = r.choices(SENIORITY_ORDER, _SENIORITY_SHARES, k=n - 1)
    seniorities = [top, *sorted(drawn, key=SENIORITY_ORDER.index)]
    # Keep the top the most senior of all.
    seniorities[1:] = [
        x if SENIORITY_ORDER.index(x) >= SENIORITY_ORDER.index(top) else top for x in seniorities[1:]
    ]
    width = 2 if n < 100 else 3
    contacts: list[PlannedContact] = []
    heads: dict[str, int] = {}  # department -> most senior contact seen there
    used_emails: set[str] = set()
    chiefs: set[str] = set()  # one chief per department
    for k, seniority in enumerate(seniorities):
        if k == 0 and top == "c_level":
            department = "Executive"
        elif seniority == "c_level":
            free = [d for d in departments if d not in chiefs]
            department = r.choices(free, [_DEPARTMENT_WEIGHTS[d] for d in free])[0]
        else:
            department = r.choices(departments, dep_weights)[0]
        if seniority == "c_level":
            chiefs.add(department)
        first, last = _person(r)
        local = f"{first.lower()}.{last.lower()}"
        if local in used_emails:
            local = f"{local}{k}"
        used_emails.add(local)
        role = true_role(department, seniority, r.random())
        rank = SENIORITY_ORDER.index(seniority)
        if k == 0:
            reports_to = None
        else:
            head = heads.get(department)
            if head is not None and SENIORITY_ORDER.index(contacts[head].seniority) < rank:
                reports_to = contacts[head].key
            else:
                reports_to = contacts[0].key
        # Half of the roles are missing from the CRM; titles still tell.
        role_known = r.random() < 0.5
        pull = _ROLE_PULL[role] * math.exp(r.gauss(0.0, 0.5))
        contacts.append(
            PlannedContact(
                key=f"CON-{s.index:0{p.key_width()}d}-{k:0{width}d}",
                name=f"{first} {last}",
                email=f"{local}@{s.domain}",
                title=contact_title(department, seniority, r.randrange(6)),
                role=role,
                role_known=role_known,
                seniority=seniority,
                seniority_known=r.random() < 0.9,
                department=department,
                since=s.started_at - timedelta(days=r.uniform(0, 1500)),
                until=None,
                reports_to=reports_to,
                pull=pull,
            )
        )
        if department not in heads or SENIORITY_ORDER.index(contacts[heads[department]].seniority) > rank:
            heads[department] = k
    return contacts


def _pick_champion(contacts: list[PlannedContact], r: random.Random) -> int:
    # Not the head of the tree: a champion is somebody's report, in the middle of the organisation.
    candidates = [i for i, c in enumerate(contacts) if c.role == "champion" and i > 0]
    if not candidates:
        candidates = (
            [i for i, c in enumerate(contacts) if c.seniority in ("director", "manager") and i > 0]
            or [i for i in range(1, len(contacts))]
            or [0]
        )
    i = candidates[r.randrange(len(candidates))]
    c = contacts[i]
    c.role, c.role_known = "champion", True
    return i


def _coverage_roles(s: AccountSeed, r: random.Random) -> list[str]:
    if s.story == "single_threaded_staff":
        return ["owner"]
    roles = ["owner"]
    csm_p = {"strategic": 0.95, "key": 0.9, "growth": 0.6, "standard": 0.3}[s.tier]
    sponsor_p = {"strategic": 1.0, "key": 0.6, "growth": 0.1, "standard": 0.0}[s.tier]
    if s.story == "multi_threaded":
        csm_p, sponsor_p = 1.0, max(sponsor_p, 0.7)
    if s.lifecycle_stage == "prospect":
        return roles
    if r.random() < csm_p:
        roles.append("csm")
    if r.random() < 0.7 or s.story == "multi_threaded":
        roles.append("support")
    if r.random() < sponsor_p:
        roles.append("executive_sponsor")
    return roles


_ROLE_FUNCTION = {"owner": "sales", "csm": "success", "support": "service", "executive_sponsor": "executive"}
_ROLE_WORK = {"owner": 1.0, "csm": 0.8, "support": 0.6, "executive_sponsor": 0.2}


def _cum(weights: list[float]) -> list[float]:
    out, total = [], 0.0
    for w in weights:
        total += w
        out.append(total)
    return out


def plan_account(p: Portfolio, index: int) -> AccountPlan:
    """Everything about account `index` except its interactions (deterministic)."""
    s = p.accounts[index]
    r = random.Random(f"relgraph-demo/{p.seed}/account/{index}/people")
    revenue, margin = revenue_and_margin(s, r)
    account = {
        "key": s.key,
        "name": s.name,
        "domain": s.domain,
        "industry": INDUSTRIES[(index * 7 + p.seed) % len(INDUSTRIES)] if r.random() < 0.9 else None,
        "segment": s.segment,
        "tier": s.tier,
        "lifecycle_stage": s.lifecycle_stage,
        "annual_revenue": revenue,
        "gross_margin_rate": margin,
        "churned_at": s.churned_at,
    }
    if s.segment == "public_sector":
        account["industry"] = "public administration"
    contacts = _make_contacts(p, s, r)

    # Who is engaged at all: most contacts at deep accounts, fewer elsewhere, one at single-threaded ones.
    engaged_share = {"multi_threaded": 0.85, "single_threaded_staff": 0.6, "churned": 0.45}.get(s.story, 0.55)
    for i, c in enumerate(contacts):
        if i > 0 and r.random() > engaged_share:
            c.pull = 0.0
    if s.story == "single_threaded_staff":
        # One of ours, but several of theirs: at least three engaged (or all, at the smallest accounts).
        for c in contacts[: min(3, len(contacts))]:
            if c.pull == 0.0:
                c.pull = _ROLE_PULL[c.role]
    champion = None
    if s.story == "champion_moved":
        champion = _pick_champion(contacts, r)
        contacts[champion].pull = 6.0  # the account leans on them
        contacts[champion].until = s.champion_left_at
    engaged = [i for i, c in enumerate(contacts) if c.pull > 0]
    primary = max(engaged, key=lambda i: (contacts[i].pull, -i))
    if s.story == "single_threaded_contact":
        # Everyone of ours talks to the same person.
        for i, c in enumerate(contacts):
            if i != primary:
                c.pull = 0.0
        engaged = [primary]

    # Our people on the account.
    coverage_roles = _coverage_roles(s, r)
    team: list[TeamMember] = []
    coverage: list[dict] = []
    taken: set[str] = set()

    def pick(function: str) -> StaffMember:
        pool = p.staff_by_function[function]
        for _ in range(4):
            member = pool[r.randrange(len(pool))]
            if member.key not in taken:
                break
        taken.add(member.key)
        return member

    for role in coverage_roles:
        member = pick(_ROLE_FUNCTION[role])
        team.append(TeamMember(member, role, [], [], _ROLE_WORK[role]))
        coverage.append(
            {
                "staff_key": member.key,
                "account_key": s.key,
                "role": role,
                "since": s.started_at,
                "until": None,
            }
        )
    if s.story != "single_threaded_staff" and s.lifecycle_stage != "prospect":
        extra = ["marketing", "finance"]
        if s.story == "multi_threaded":
            extra += ["product", "product", "sales", "service", "success"]
        elif r.random() < 0.4:
            extra.append("product")
        for function in extra:
            member = pick(function)
            if any(t.staff.key == member.key for t in team):
                continue  # a small staff: the same person already works the account
            work = {"marketing": 0.0, "finance": 0.0}.get(function, 0.5)
            team.append(TeamMember(member, None, [], [], work))
    elif s.lifecycle_stage == "prospect":
        team.append(TeamMember(pick("marketing"), None, [], [], 0.0))

    # Who of ours knows whom: each picks the engaged contacts their function cares about.
    breadth = {"multi_threaded": (4, 8), "single_threaded_staff": (3, 6)}.get(s.story, (2, 4))
    for tm in team:
        affinity = _AFFINITY[tm.staff.function]
        scored = sorted(
            (
                (contacts[i].pull * affinity.get(contacts[i].role, 0.5) * r.uniform(0.5, 1.5), i)
                for i in engaged
            ),
            reverse=True,
        )
        m = r.randint(*breadth)
        chosen = [i for _, i in scored[:m]]
        if champion is not None and tm.coverage_role in ("owner", "csm") and champion not in chosen:
            chosen[-1:] = [champion]
        tm.knows = chosen
        tm.knows_cum = _cum([contacts[i].pull for i in chosen])

    finance_contacts = [i for i in engaged if contacts[i].department in ("Finance", "Procurement")]
    billing = finance_contacts[0] if finance_contacts else primary
    signers = [i for i in engaged if contacts[i].role in ("economic_buyer", "decision_maker", "procurement")][
        :3
    ]
    if s.story == "single_threaded_contact":
        billing, signers = primary, [primary]
    return AccountPlan(
        seed=s,
        account=account,
        contacts=contacts,
        team=team,
        coverage=coverage,
        champion=champion,
        primary=primary,
        billing=billing,
        signers=signers or [primary],
    )
