"""DataLoaders of the interactions domain."""

from __future__ import annotations

from typing import Any

from api.loading import StoreLoader

__all__ = ["ParticipantsByInteractionLoader"]


class ParticipantsByInteractionLoader(StoreLoader[tuple[str, str], Any]):
    """Who took part in each interaction, by (source, key): a row with `contacts` and `staff` (only those
    the key may see: an interaction of its account may name people of another)."""

    async def load_batch(self, keys: list[tuple[str, str]]) -> list[Any]:
        rows = await self.store.read(
            "api_participants_by_interactions",
            keys=[{"source": s, "key": k} for s, k in keys],
            allowed=self.allowed,
        )
        found = {(r["source"], r["key"]): r for r in rows}
        return [found.get(k) for k in keys]
