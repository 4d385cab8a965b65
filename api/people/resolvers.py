"""Root queries of the people domain: a contact or a staff member by key, warm introduction paths."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from api.context import ctx
from api.errors import InvalidArgument
from api.metrics.types import IntroPath, intro_path_from
from api.people.types import Contact, Staff, contact_from, staff_from
from api.permissions import READ
from graph.intelligence import intro_paths_async

__all__ = ["Query"]


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

    @strawberry.field(description="One of our staff by key.", permission_classes=READ)
    async def staff(
        self,
        info: strawberry.Info,
        key: Annotated[str, strawberry.argument(description="The staff member's key.")],
    ) -> Staff | None:
        row = await ctx(info).loaders.staff.load(key)
        return staff_from(row) if row else None

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
