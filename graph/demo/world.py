"""The demo world as lazy streams of ingestion rows, one per kind, and the stories it tells."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

from graph.demo.interactions import account_interactions
from graph.demo.people import plan_account
from graph.demo.portfolio import ChampionMove, Portfolio, build_portfolio, default_anchor

__all__ = ["KINDS", "DemoWorld", "Rows", "generate_world"]

# The order the kinds load in: people before what refers to them, the moves last (a later record of
# the same contact at another account closes the old employment and opens the new one).
KINDS: tuple[str, ...] = ("accounts", "staff", "contacts", "coverage", "interactions", "contact_moves")

STORY_KEYS: tuple[str, ...] = (
    "multi_threaded",
    "single_threaded_contact",
    "single_threaded_staff",
    "going_dark",
    "champion_moved",
    "churned",
)


class Rows:
    """A re-iterable stream of rows: each iteration makes them afresh, so nothing is held in memory."""

    def __init__(self, make: Callable[[], Iterator[dict]]) -> None:
        self._make = make

    def __iter__(self) -> Iterator[dict]:
        return self._make()


@dataclass(slots=True)
class DemoWorld:
    """A generated world: rows per kind (snake_case dicts, the fields of `graph.records`) and its stories.

    Attributes
    ----------
    accounts, staff, contacts, coverage, interactions, contact_moves : Rows
        Lazy, re-iterable streams, in the order they load (`KINDS`).
    stories : dict[str, list[str]]
        Account keys by story (`champion_moved` lists contact keys; `champion_left`/`champion_joined` the
        accounts they left and joined; `healthy` the accounts with no trouble written in).
    champion_moves : list[ChampionMove]
    """

    accounts_count: int
    seed: int
    anchor: datetime
    portfolio: Portfolio
    accounts: Rows
    staff: Rows
    contacts: Rows
    coverage: Rows
    interactions: Rows
    contact_moves: Rows
    stories: dict[str, list[str]] = field(default_factory=dict)
    champion_moves: list[ChampionMove] = field(default_factory=list)

    def rows(self, kind: str) -> Rows:
        """The stream of one kind (one of `KINDS`)."""
        if kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r}; one of {', '.join(KINDS)}")
        return getattr(self, kind)


def _staff_rows(p: Portfolio) -> Iterator[dict]:
    for m in p.staff:
        yield {
            "key": m.key,
            "name": m.name,
            "email": m.email,
            "function": m.function,
            "title": m.title,
            "cost_per_hour": m.cost_per_hour,
            "active": True,
        }


def _account_rows(p: Portfolio) -> Iterator[dict]:
    for s in p.accounts:
        yield plan_account(p, s.index).account


def _contact_rows(p: Portfolio) -> Iterator[dict]:
    for s in p.accounts:
        plan = plan_account(p, s.index)
        for c in plan.contacts:
            yield c.record(s.key)


def _coverage_rows(p: Portfolio) -> Iterator[dict]:
    for s in p.accounts:
        yield from plan_account(p, s.index).coverage


def _interaction_rows(p: Portfolio) -> Iterator[dict]:
    for s in p.accounts:
        yield from account_interactions(p, plan_account(p, s.index))


def _move_rows(p: Portfolio) -> Iterator[dict]:
    for s in p.accounts:
        if s.move_to is None:
            continue
        plan = plan_account(p, s.index)
        champion = plan.contacts[plan.champion]  # type: ignore[index]
        target = p.accounts[s.move_to]
        target_top = plan_account(p, target.index).contacts[0].key  # they report to the head there
        local = champion.email.split("@", 1)[0]
        yield {
            "key": champion.key,
            "name": champion.name,
            "email": f"{local}@{target.domain}",
            "title": champion.title,
            "role": "unknown",  # the new account's CRM does not know them yet; the title tells
            "seniority": champion.seniority,
            "department": champion.department,
            "account_key": target.key,
            "since": s.joined_at,
            "until": None,
            "reports_to_key": target_top,
        }


def _stories(p: Portfolio) -> tuple[dict[str, list[str]], list[ChampionMove]]:
    stories: dict[str, list[str]] = {k: [] for k in STORY_KEYS}
    stories["champion_left"] = []
    stories["champion_joined"] = []
    stories["healthy"] = []
    moves: list[ChampionMove] = []
    for s in p.accounts:
        if s.story == "normal":
            stories["healthy"].append(s.key)
        elif s.story == "champion_moved":
            if s.move_to is None:
                continue
            plan = plan_account(p, s.index)
            champion = plan.contacts[plan.champion]  # type: ignore[index]
            target = p.accounts[s.move_to]
            assert s.champion_left_at is not None and s.joined_at is not None
            moves.append(ChampionMove(champion.key, s.key, target.key, s.champion_left_at, s.joined_at))
            stories["champion_moved"].append(champion.key)
            stories["champion_left"].append(s.key)
            if target.key not in stories["champion_joined"]:
                stories["champion_joined"].append(target.key)
        else:
            stories[s.story].append(s.key)
            if s.story == "multi_threaded":
                stories["healthy"].append(s.key)
    return stories, moves


def generate_world(accounts: int, seed: int, *, anchor: datetime | None = None) -> DemoWorld:
    """The demo world for `(accounts, seed, anchor)`: the same inputs always give the same rows.

    Parameters
    ----------
    accounts : int
        How many customer accounts (at least 1; every story needs about 20).
    seed : int
        Seed of every random choice (each account draws from its own `random.Random`, never the global one).
    anchor : datetime, optional
        The world's "now": two years of history end here. Default: today 00:00 UTC. A naive datetime is UTC.

    Returns
    -------
    DemoWorld
        Lazy streams per kind; only the portfolio (one small entry per account) is held in memory.
    """
    if anchor is None:
        anchor = default_anchor()
    elif anchor.tzinfo is None:
        anchor = anchor.replace(tzinfo=UTC)
    else:
        anchor = anchor.astimezone(UTC)
    p = build_portfolio(accounts, seed, anchor)
    stories, moves = _stories(p)
    return DemoWorld(
        accounts_count=accounts,
        seed=seed,
        anchor=anchor,
        portfolio=p,
        accounts=Rows(lambda: _account_rows(p)),
        staff=Rows(lambda: _staff_rows(p)),
        contacts=Rows(lambda: _contact_rows(p)),
        coverage=Rows(lambda: _coverage_rows(p)),
        interactions=Rows(lambda: _interaction_rows(p)),
        contact_moves=Rows(lambda: _move_rows(p)),
        stories=stories,
        champion_moves=moves,
    )
