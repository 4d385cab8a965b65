"""The touches a story adds on top of an account's regular streams, in the last weeks before the anchor.

A single-threaded account keeps its one thread alive and two-way (it is fragile, not quiet), a deep
account has several live threads at once, and a champion who joined from another customer opens a door
here. `graph.demo.interactions` calls these with its per-account state.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import TYPE_CHECKING

from graph.demo.people import plan_account
from graph.demo.vocabulary import SUBJECTS

if TYPE_CHECKING:  # the per-account state lives with the regular streams, which import this module
    from graph.demo.interactions import _Account, _Touch

__all__ = ["door_opened", "live_thread"]


def live_thread(a: _Account) -> Iterator[_Touch]:
    """A single-threaded account is not a quiet one: its one thread is alive and two-way right now."""
    r, anchor = a.r, a.p.anchor
    if a.s.story == "multi_threaded":
        yield from _many_live_threads(a)
        return
    if a.s.story not in ("single_threaded_contact", "single_threaded_staff"):
        return
    knows = [i for i in a.owner.knows if a.alive(i, anchor)] or [a.plan.primary]
    if a.s.story == "single_threaded_contact":
        knows = [a.plan.primary]
    owner = a.owner.staff.key
    for k, (channel, direction, duration) in enumerate(
        (
            ("meeting", "mutual", 45.0),
            ("email", "inbound", 6.0),
            ("email", "outbound", 8.0),
            ("call", "inbound", 20.0),
        )
    ):
        t = anchor - timedelta(days=r.uniform(2, 50))
        contact = knows[k % len(knows)]
        yield (
            t,
            channel,
            "gong" if channel in ("meeting", "call") else "gmail",
            direction,
            duration,
            None,
            None,
            r.choice(SUBJECTS[channel]),
            [contact],
            [owner],
        )


def _many_live_threads(a: _Account) -> Iterator[_Touch]:
    """A deep account is deep now: three or more of ours each hold a live two-way thread to a contact."""
    r, anchor = a.r, a.p.anchor
    used: set[int] = set()
    pairs: list[tuple[str, int]] = []
    for member in a.plan.team:
        if member.staff.function in ("marketing", "finance"):
            continue
        free = [i for i in member.knows if i not in used and a.alive(i, anchor)]
        if free:
            used.add(free[0])
            pairs.append((member.staff.key, free[0]))
    for staff_key, contact in pairs[:5]:
        for channel, direction in (("meeting", "mutual"), ("email", "inbound")):
            t = anchor - timedelta(days=r.uniform(2, 40))
            yield (
                t,
                channel,
                "gong" if channel == "meeting" else "gmail",
                direction,
                45.0 if channel == "meeting" else 5.0,
                None,
                None,
                r.choice(SUBJECTS[channel]),
                [contact],
                [staff_key],
            )


def door_opened(a: _Account) -> Iterator[_Touch]:
    """Champions who joined this account from another one reach out to us here: a door, not a risk."""
    p, r = a.p, a.r
    for source_index in a.s.incoming:
        source = p.accounts[source_index]
        champion_plan = plan_account(p, source_index)
        champion = champion_plan.contacts[champion_plan.champion]  # type: ignore[index]
        joined = source.joined_at
        assert joined is not None
        span = max(1.0, (p.anchor - joined).total_seconds() - 3600.0)
        times = sorted(joined + timedelta(seconds=r.random() * span) for _ in range(r.randint(3, 6)))
        owner = a.owner.staff.key
        for k, t in enumerate(times):
            touch: _Touch
            if k == 0:
                touch = (
                    t,
                    "email",
                    "gmail",
                    "inbound",
                    5.0,
                    None,
                    None,
                    f"Intro: {champion.name} has joined {a.s.name}",
                    [champion.key],
                    [owner],
                )
            elif r.random() < 0.4:
                touch = (
                    t,
                    "meeting",
                    "gong",
                    "mutual",
                    45.0,
                    None,
                    round(r.uniform(0.3, 0.8), 2),
                    "Discovery session",
                    [champion.key],
                    [owner],
                )
            else:
                direction = "inbound" if r.random() < 0.6 else "outbound"
                touch = (
                    t,
                    "email",
                    "gmail",
                    direction,
                    6.0,
                    None,
                    None,
                    "Next steps",
                    [champion.key],
                    [owner],
                )
            yield touch
