"""Root queries of the accounts domain: one account by key, and the filtered, ordered accounts connection."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from strawberry import relay

from api.accounts.types import Account, AccountConnection, AccountFilter, AccountOrder
from api.context import ctx
from api.enums import AccountOrderField, OrderDirection
from api.pagination import After, Before, CursorScope, First, Last, build_connection, page_args
from api.permissions import READ
from api.selection import selects

__all__ = ["Query"]

# Without a direction, names read A to Z and every metric highest first (the accounts that need attention).
_NATURAL_DIRECTION = {
    field: OrderDirection.ASC if field is AccountOrderField.NAME else OrderDirection.DESC
    for field in AccountOrderField
}


def _filter_params(f: AccountFilter | None) -> dict[str, Any]:
    f = f or AccountFilter()

    def values(items: list[Any] | None) -> list[str] | None:
        return None if items is None else [i.value for i in items]

    search = (f.search or "").strip() or None
    return {
        "segments": values(f.segments),
        "tiers": values(f.tiers),
        "stages": values(f.lifecycle_stages),
        "riskLevels": values(f.risk_levels),
        "ownerKey": f.owner,
        "singleThreaded": f.single_threaded,
        "search": search,
    }


@strawberry.type
class Query:
    @strawberry.field(
        description="One account by key (null when unknown or outside the API key's accounts).",
        permission_classes=READ,
    )
    async def account(
        self,
        info: strawberry.Info,
        key: Annotated[str, strawberry.argument(description="The account's key.")],
    ) -> Account | None:
        return Account.from_props_or_none(await ctx(info).loaders.account.load(key))

    @strawberry.field(
        description="Accounts, filtered and ordered (default: riskScore, highest first), as a "
                    "keyset-paginated "
        "connection (1 to 100 per page).",
        permission_classes=READ,
    )
    async def accounts(
        self,
        info: strawberry.Info,
        filter: Annotated[
            AccountFilter | None, strawberry.argument(description="Filters (all must hold).")
        ] = None,
        order_by: Annotated[
            AccountOrder | None, strawberry.argument(description="Order (default riskScore, highest first).")
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> AccountConnection:
        c = ctx(info)
        order = order_by or AccountOrder(field=AccountOrderField.RISK_SCORE)
        direction = order.direction or _NATURAL_DIRECTION[order.field]
        scope = CursorScope(
            f"accounts:{order.field.value}:{direction.value}",
            str if order.field is AccountOrderField.NAME else float,
        )
        args = page_args(first, after, last, before, scope=scope, max_size=ctx(info).max_page_size)
        descending = direction is OrderDirection.DESC
        # A page is read from the cursor it starts at towards the one it stops at (if any): forward from
        # `after` up to `before`, or, for `last`, backward from `before` down to `after`, then turned
        # around.
        start, stop = (args.before, args.after) if args.from_end else (args.after, args.before)
        filters = _filter_params(filter)
        rows = await c.store.read(
            "api_accounts_page",
            allowed=c.allowed,
            **filters,
            orderBy=order.field.value,
            descending=descending != args.from_end,
            keyDescending=args.from_end,
            startValue=start.value if start else None,
            startKey=start.key if start else None,
            stopValue=stop.value if stop else None,
            stopKey=stop.key if stop else None,
            limit=args.limit + 1,
        )
        if args.from_end:
            rows.reverse()
        total = None
        if selects(info, "totalCount"):
            total = (await c.store.read("api_accounts_count", allowed=c.allowed, **filters))[0]["total"]
        return build_connection(
            AccountConnection,
            relay.Edge[Account],
            rows,
            args,
            scope,
            position_of=lambda r: (r["sortValue"], r["account"]["key"]),
            node_of=lambda r: Account.from_props(r["account"]),
            total=total,
        )
