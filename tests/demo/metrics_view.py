"""What the metrics see in a generated world, computed in memory (no Neo4j): one account graph per account
built the way `graph.snapshot.account_graph` builds it from the `account_snapshots` rows, with the threads
from `graph.metrics.threads.thread_rows` (the pure twin of the Cypher aggregation)."""

from __future__ import annotations

import collections
from datetime import datetime
from typing import Any

from graph.demo.world import DemoWorld
from graph.metrics.account import AccountMetrics, account_metrics
from graph.metrics.threads import thread_rows
from graph.snapshot import account_graph


def world_metrics(
    world: DemoWorld, as_of: datetime, keys: set[str] | None = None
) -> dict[str, AccountMetrics]:
    accounts = {a["key"]: a for a in world.accounts if keys is None or a["key"] in keys}
    staff = {s["key"]: s for s in world.staff}
    jobs: dict[str, list[dict]] = collections.defaultdict(list)
    for c in [*world.contacts, *world.contact_moves]:
        jobs[c["key"]].append(c)
    contacts_at: dict[str, list[dict]] = collections.defaultdict(list)
    for key, spells in jobs.items():
        for c in spells:
            if c["account_key"] in accounts:
                elsewhere = [
                    {"key": o["account_key"], "since": o["since"], "until": o["until"]}
                    for o in spells
                    if o["account_key"] != c["account_key"]
                ]
                contacts_at[c["account_key"]].append(
                    {
                        "key": key,
                        "name": c["name"],
                        "title": c["title"],
                        "role": c["role"],
                        "seniority": c["seniority"],
                        "department": c["department"],
                        "since": c["since"],
                        "until": c["until"],
                        "reportsTo": c["reports_to_key"],
                        "elsewhere": elsewhere,
                    }
                )
    coverage: dict[str, list[dict]] = collections.defaultdict(list)
    for c in world.coverage:
        if c["account_key"] in accounts:
            s = staff[c["staff_key"]]
            coverage[c["account_key"]].append(
                {
                    "key": s["key"],
                    "name": s["name"],
                    "function": s["function"],
                    "role": c["role"],
                    "since": c["since"],
                    "until": c["until"],
                }
            )
    interactions: dict[str, list[dict]] = collections.defaultdict(list)
    for i in world.interactions:
        if i["account_key"] in accounts and i["occurred_at"] <= as_of:
            interactions[i["account_key"]].append(i)
    out: dict[str, AccountMetrics] = {}
    for key, account in accounts.items():
        items = interactions[key]
        threads = thread_rows(items, as_of)
        people = {t["staffKey"] for t in threads}
        inbound = [i for i in items if i["direction"] == "inbound"]
        last = max(inbound, key=lambda i: i["occurred_at"]) if inbound else None
        row: dict[str, Any] = {
            "account": {
                "key": key,
                "name": account["name"],
                "annualRevenue": account["annual_revenue"],
                "grossMarginRate": account["gross_margin_rate"],
            },
            "contacts": contacts_at[key],
            "staff": [
                {"key": s, "name": staff[s]["name"], "function": staff[s]["function"], "active": True}
                for s in sorted(people)
            ],
            "coverage": coverage[key],
            "threads": threads,
            "costToEngage": 0.0,
            "lastInboundAt": last["occurred_at"] if last else None,
            "lastInboundFrom": (last["contact_keys"] or [None])[0] if last else None,
        }
        out[key] = account_metrics(account_graph(row, as_of))
    return out
