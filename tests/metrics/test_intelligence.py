"""Store reads joined with the metrics: what-if, as-of, intro paths and champion moves on a stored world."""

from __future__ import annotations

from datetime import timedelta

from graph.intelligence import (
    account_metrics_for,
    account_metrics_for_async,
    champion_moves_for,
    intro_path,
)
from graph.metrics.parameters import MetricParameters
from graph.refresh import refresh_accounts
from graph.store import AsyncStore, Store
from tests.metrics.conftest import load_world
from tests.metrics.worlds import AS_OF, random_world

P = MetricParameters()


async def test_sync_and_async_agree_and_without_removes_people(
    world_store: Store, async_store: AsyncStore
) -> None:
    load_world(world_store, random_world(11))
    sync = account_metrics_for(world_store, ["A1", "A0", "zz"], as_of=AS_OF, params=P)
    assert list(sync) == ["A1", "A0"]
    async_ = await account_metrics_for_async(async_store, ["A1", "A0"], as_of=AS_OF, params=P)
    assert async_["A1"].risk == sync["A1"].risk and async_["A1"].depth == sync["A1"].depth
    everyone = {"S0", "S1", "S2", "S3"}
    gone = account_metrics_for(world_store, ["A1"], as_of=AS_OF, without=everyone, params=P)["A1"]
    assert gone.connectivity == 0 and gone.relationship_value == 0
    early = account_metrics_for(world_store, ["A1"], as_of=AS_OF - timedelta(days=3000), params=P)["A1"]
    assert early.relationship_value == 0


def test_champion_moves_and_intro_path_through_the_mover(world_store: Store) -> None:
    world = random_world(12)
    load_world(world_store, world)
    refresh_accounts(world_store, ["A0", "A1", "A2"], as_of=AS_OF, params=P)
    moves = champion_moves_for(world_store, as_of=AS_OF, params=P)
    assert [(m.contact_key, m.from_account_key, m.to_account_key) for m in moves] == [("C0-0", "A0", "A1")]
    assert champion_moves_for(world_store, account_key="A2", as_of=AS_OF, params=P) == []
    assert champion_moves_for(world_store, as_of=AS_OF - timedelta(days=30), params=P) == []
    path = intro_path(world_store, "C1-2", as_of=AS_OF, params=P)
    assert path is not None and path.links[0].kind == "thread" and path.links[-1].to_key == "C1-2"
    assert 0 < path.strength <= 1
    assert intro_path(world_store, "nobody", params=P) is None
