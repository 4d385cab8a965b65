"""Root queries of the accounts domain: one account by key, and the filtered, ordered accounts connection."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from strawberry import relay

from api.accounts.types import Account, AccountConnection, AccountFilter, AccountOrder
from api.context import ctx
from api.enums import AccountOrderField, OrderDirection
from api.pagination import After, Before, CursorScope, First, Last
from api.permissions import READ
from api.root_lists import RootList

__all__ = ["Query"]

# Without a direction, names read A to Z and every metric highest first (the accounts that need attention).
_NATURAL_DIRECTION = {
    field: OrderDirection.ASC if field is AccountOrderField.NAME else OrderDirection.DESC
    for field in AccountOrderField
}

_ACCOUNTS = RootList(
    page_query="api_accounts_page",
    count_query="api_accounts_count",
    column="account",
    connection=AccountConnection,
    edge=relay.Edge[Account],
    node_of=Account.from_props,
)


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
        order = order_by or AccountOrder(field=AccountOrderField.RISK_SCORE)
        direction = order.direction or _NATURAL_DIRECTION[order.field]
        scope = CursorScope(
            f"accounts:{order.field.value}:{direction.value}",
            str if order.field is AccountOrderField.NAME else float,
        )
        return await _ACCOUNTS.resolve(
            info,
            scope=scope,
            order_by=order.field.value,
            descending=direction is OrderDirection.DESC,
            filters=_filter_params(filter),
            first=first,
            after=after,
            last=last,
            before=before,
        )
