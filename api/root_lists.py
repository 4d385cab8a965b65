"""Root connections over one label (`accounts`, `staffMembers`): a keyset page statement and, only when
`totalCount` is selected, a count statement over the same filters, both given the API key's accounts
as `$allowed`.

Each list names its two statements, the row column that holds a node's properties, and how to make
the node; the paging itself (page size, cursors, the window read forward or backward, page info) is
the same for all of them and lives here once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import strawberry

from api.context import ctx
from api.pagination import CursorScope, build_connection, page_args
from api.selection import selects
from graph.store import Row

__all__ = ["RootList"]


@dataclass(frozen=True)
class RootList:
    """One root connection: its page and count statements (queries/api/) and how to read their rows.

    The page statement takes the filters, `$orderBy` and the window of `PageArgs.window` and returns
    rows with the node's properties in `column` and the `sortValue` the cursor holds; the count
    statement takes the same filters and returns `total`.
    """

    page_query: str
    count_query: str
    column: str
    connection: type
    edge: type
    node_of: Callable[[Row], Any]

    async def resolve(
        self,
        info: strawberry.Info,
        *,
        scope: CursorScope,
        order_by: str,
        descending: bool,
        filters: Mapping[str, Any],
        first: int | None,
        after: str | None,
        last: int | None,
        before: str | None,
    ) -> Any:
        """The page of the list in `scope`'s order (`order_by`, `descending`, then key) that the Relay
        arguments ask for; argument errors are those of `page_args` (PAGE_LIMIT, INVALID_CURSOR)."""
        c = ctx(info)
        args = page_args(first, after, last, before, scope=scope, max_size=c.max_page_size)
        rows = await c.store.read(
            self.page_query, allowed=c.allowed, **filters, orderBy=order_by, **args.window(descending)
        )
        if args.from_end:
            rows.reverse()
        total = None
        if selects(info, "totalCount"):
            total = (await c.store.read(self.count_query, allowed=c.allowed, **filters))[0]["total"]
        column = self.column
        return build_connection(
            self.connection,
            self.edge,
            rows,
            args,
            scope,
            position_of=lambda r: (r["sortValue"], r[column]["key"]),
            node_of=lambda r: self.node_of(r[column]),
            total=total,
        )
