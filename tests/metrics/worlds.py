"""Small hand-built worlds shared by the metrics tests (plain data; `conftest.load_world` stores them)."""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

import networkx as nx

AS_OF = datetime(2026, 6, 1, 12, tzinfo=UTC)
CHANNELS = ["meeting", "call", "email", "chat", "support_ticket", "event", "invoice"]
DIRECTIONS = ["inbound", "outbound", "mutual"]


def random_world(seed: int, accounts: int = 3) -> dict[str, list[Any]]:
    """A few accounts with contacts (one who left for another account), staff and ~200 interactions."""
    rng = random.Random(seed)
    world: dict[str, list[Any]] = {
        k: [] for k in ("accounts", "contacts", "reports", "staff", "coverage", "interactions")
    }
    staff = [f"S{i}" for i in range(4)]
    for i, s in enumerate(staff):
        world["staff"].append(
            {
                "key": s,
                "name": f"Staff {i}",
                "function": ["sales", "success", "service", "executive"][i],
                "costPerHour": 50.0 + 25 * i,
                "active": True,
            }
        )
    for a in range(accounts):
        key = f"A{a}"
        world["accounts"].append(
            {
                "key": key,
                "name": f"Account {a}",
                "annualRevenue": 100000.0 * (a + 1),
                "grossMarginRate": 0.6,
                "lifecycleStage": "active",
            }
        )
        world["coverage"].append({"staff": staff[a % 4], "account": key, "role": "owner"})
        for c in range(4):
            ck = f"C{a}-{c}"
            jobs = [{"account": key, "since": AS_OF - timedelta(days=900), "until": None}]
            if a == 0 and c == 0:  # the champion who moved to A1
                jobs = [
                    {
                        "account": key,
                        "since": AS_OF - timedelta(days=900),
                        "until": AS_OF - timedelta(days=20),
                    },
                    {"account": "A1", "since": AS_OF - timedelta(days=15), "until": None},
                ]
            world["contacts"].append(
                {
                    "key": ck,
                    "props": {
                        "name": f"Contact {a}-{c}",
                        "role": ["champion", "economic_buyer", "unknown", "user"][c],
                        "title": ["Head of Ops", "CFO", "Data Engineer", "Analyst"][c],
                        "seniority": "director",
                    },
                    "jobs": jobs,
                }
            )
        world["reports"].append([f"C{a}-3", f"C{a}-1"])
    n = 0
    for a in range(accounts):
        for _ in range(70):
            n += 1
            contacts = rng.sample([f"C{a}-{c}" for c in range(4)], rng.randint(1, 2))
            world["interactions"].append(
                {
                    "key": f"I{n}",
                    "account": f"A{a}",
                    "channel": rng.choice(CHANNELS),
                    "direction": rng.choice(DIRECTIONS) if a != 2 else "outbound",
                    "occurredAt": AS_OF
                    - timedelta(days=rng.uniform(-20, 500), seconds=rng.randint(0, 86399)),
                    "durationMinutes": rng.choice([None, 30, 60]),
                    "cost": rng.choice([None, None, 120.0]),
                    "contacts": contacts,
                    "staff": rng.sample(staff, rng.randint(0, 2)),
                }
            )
    return world


def interactions_for_python(world: dict[str, list[Any]]) -> list[dict[str, Any]]:
    """The world's interactions in the shape of `graph.metrics.threads.thread_rows`."""
    return [
        {
            "channel": i["channel"],
            "direction": i["direction"],
            "occurred_at": i["occurredAt"],
            "staff_keys": i["staff"],
            "contact_keys": i["contacts"],
            "account": i["account"],
            "cost": i["cost"],
            "duration_minutes": i["durationMinutes"],
        }
        for i in world["interactions"]
    ]


def threads_now(G: nx.Graph, keep: Iterable[tuple[str, str]]) -> nx.Graph:
    """The same account (people, history, account facts) with only the threads `keep` left today.

    Every other thread keeps its strength one momentum window ago and loses today's strength and
    interactions: what the account would be had those threads gone quiet, nothing else changed.
    """
    kept = {frozenset(t) for t in keep}
    H = G.copy()
    for u, v, attrs in H.edges(data=True):
        if frozenset((u, v)) not in kept:
            attrs.update(strength=0.0, interactions=0, replies=0)
    return H
