"""Root queries of the people domain: a contact or a staff member by key, the staff list, warm
introduction paths."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import strawberry
from strawberry import relay

from api.context import ctx
from api.enums import OrderDirection, StaffOrderField
from api.errors import InvalidArgument
from api.metrics.types import IntroPath, intro_path_from
from api.pagination import After, Before, CursorScope, First, Last
from api.people.types import (
    Contact,
    Staff,
    StaffConnection,
    StaffFilter,
    StaffOrder,
    contact_from,
    staff_from,
)
from api.permissions import READ
from api.root_lists import RootList
from graph.intelligence import intro_paths_async

__all__ = ["Query"]

# Without a direction, names read A to Z and the number of accounts covered comes most first.
_NATURAL_DIRECTION = {
    StaffOrderField.NAME: OrderDirection.ASC,
    StaffOrderField.ACCOUNTS_COVERED: OrderDirection.DESC,
}

_STAFF = RootList(
    page_query="api_staff_page",
    count_query="api_staff_count",
    column="staff",
    connection=StaffConnection,
    edge=relay.Edge[Staff],
    node_of=staff_from,
)


def _filter_params(f: StaffFilter | None) -> dict[str, Any]:
    f = f or StaffFilter()
    return {
        "functions": None if f.functions is None else [fn.value for fn in f.functions],
        "active": f.active,
        "search": (f.search or "").strip() or None,
        "covers": f.covers,
    }


@strawberry.type
class Query:
    @strawberry.field(
        description="One contact by key (null when unknown or never at an account the key may see).",
        permission_classes=READ,
    )
    async def contact(
        self,
        info: strawberry.Info,
        key: Annotated[str, strawberry.argument(description="The contact's key.")],
    ) -> Contact | None:
        row = await ctx(info).loaders.contact.load(key)
        return contact_from(row) if row else None

    @strawberry.field(
        description="One of our staff by key (null when unknown, or, for a key limited to some accounts, "
        "when they neither cover one of them nor know someone who works or worked there).",
        permission_classes=READ,
    )
    async def staff(
        self,
        info: strawberry.Info,
        key: Annotated[str, strawberry.argument(description="The staff member's key.")],
    ) -> Staff | None:
        row = await ctx(info).loaders.staff.load(key)
        return staff_from(row) if row else None

    @strawberry.field(
        description="Our staff, filtered and ordered (default: by name, A to Z), as a keyset-paginated "
        "connection (1 to 100 per page). A key limited to some accounts lists only the staff `staff(key)` "
        "shows it: who cover one of those accounts or know someone who works or worked there.",
        permission_classes=READ,
    )
    async def staff_members(
        self,
        info: strawberry.Info,
        filter: Annotated[
            StaffFilter | None, strawberry.argument(description="Filters (all must hold).")
        ] = None,
        order_by: Annotated[
            StaffOrder | None, strawberry.argument(description="Order (default NAME, A to Z).")
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> StaffConnection:
        order = order_by or StaffOrder(field=StaffOrderField.NAME)
        direction = order.direction or _NATURAL_DIRECTION[order.field]
        scope = CursorScope(
            f"staffMembers:{order.field.value}:{direction.value}",
            str if order.field is StaffOrderField.NAME else float,
        )
        return await _STAFF.resolve(
            info,
            scope=scope,
            # The member's value is its string (Strawberry unwraps `enum_value`; mypy sees the wrapper).
            order_by=str(order.field.value),
            descending=direction is OrderDirection.DESC,
            filters=_filter_params(filter),
            first=first,
            after=after,
            last=last,
            before=before,
        )

    @strawberry.field(
        description="Warm introduction paths to a contact: the strongest chain of known people from "
                    "our staff "
        "(threads, colleagues, reporting lines, former colleagues), strongest first, each a distinct "
        "chain. `fromStaff` keeps only paths starting at that staff member.",
        permission_classes=READ,
    )
    async def intro_paths(
        self,
        info: strawberry.Info,
        to_contact: Annotated[str, strawberry.argument(description="Key of the contact to reach.")],
        from_staff: Annotated[
            str | None, strawberry.argument(description="Only paths starting at this staff member.")
        ] = None,
        first: Annotated[int, strawberry.argument(description="How many paths (1-10).")] = 1,
        as_of: Annotated[
            datetime | None, strawberry.argument(description="Who is a colleague as of when (default now).")
        ] = None,
    ) -> list[IntroPath]:
        if not 1 <= first <= 10:
            raise InvalidArgument("first must be between 1 and 10", argument="first")
        c = ctx(info)
        if await c.loaders.contact.load(to_contact) is None:
            return []
        paths = await intro_paths_async(c.store, to_contact, k=first, from_staff=from_staff, as_of=as_of,
                                        params=c.settings.metrics)
        return [intro_path_from(path) for path in paths if path.links]
