"""The base DataLoaders: one batched statement per access path, one result per key in key order."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

from strawberry.dataloader import DataLoader

from api.acyclic import weak_method
from api.pagination import PageArgs
from graph.apikeys import ApiKey
from graph.store import AsyncStore, Row

__all__ = ["KeyedLoader", "Page", "PageKey", "PageLoader", "StoreLoader"]

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class StoreLoader(DataLoader[K, V], Generic[K, V]):
    """A DataLoader bound to the request's store and API key (whose account scope every query gets)."""

    def __init__(self, store: AsyncStore, caller: ApiKey | None) -> None:
        # Not `self.load_batch` itself: the loader would hold itself in a cycle (`api.acyclic`).
        super().__init__(load_fn=weak_method(self.load_batch))
        self.store = store
        self.allowed = caller.allowed_accounts if caller is not None else []

    async def load_batch(self, keys: list[K]) -> list[V]:  # pragma: no cover - abstract
        raise NotImplementedError


class KeyedLoader(StoreLoader[str, Any]):
    """Loads one value per key with a query that returns a row per key (`key` column and `column`)."""

    query: ClassVar[str]
    column: ClassVar[str]
    scoped: ClassVar[bool] = True

    async def load_batch(self, keys: list[str]) -> list[Any]:
        params: dict[str, Any] = {"keys": list(keys)}
        if self.scoped:
            params["allowed"] = self.allowed
        rows = await self.store.read(self.query, **params)
        found = {r["key"]: r[self.column] for r in rows}
        return [found.get(k) for k in keys]


@dataclass(frozen=True)
class PageKey:
    """A nested connection asked for one parent: the parent's key, the page, and the filters."""

    key: str
    args: PageArgs
    filters: tuple[tuple[str, Any], ...] = ()


@dataclass(frozen=True)
class Page:
    """One parent's window of rows (one more than asked when there are more) and the list's size."""

    rows: Sequence[Row]
    total: int


class PageLoader(StoreLoader[PageKey, Page]):
    """Loads one page per parent; parents asked with the same page and filters share one statement."""

    query: ClassVar[str]

    async def load_batch(self, keys: list[PageKey]) -> list[Page]:
        groups: Mapping[tuple[PageArgs, tuple[tuple[str, Any], ...]], list[str]] = defaultdict(list)
        for k in keys:
            groups[(k.args, k.filters)].append(k.key)
        found: dict[PageKey, Page] = {}
        for (args, filters), parents in groups.items():
            rows = await self.store.read(
                self.query,
                keys=list(dict.fromkeys(parents)),
                allowed=self.allowed,
                **args.params(),
                **{k: list(v) if isinstance(v, tuple) else v for k, v in filters},
            )
            for r in rows:
                found[PageKey(r["key"], args, filters)] = Page(r["items"] or [], r["total"] or 0)
        return [found.get(k, Page([], 0)) for k in keys]
