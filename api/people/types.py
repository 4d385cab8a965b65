"""Contacts (the buyer side), staff (ours), the Person interface they share, and threads between them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry import relay

from api.context import ctx
from api.enums import (
    ContactRole,
    CoverageRole,
    OrderDirection,
    Seniority,
    StaffFunction,
    StaffOrderField,
    enum_value,
)
from api.loading import PageKey
from api.pagination import (
    After,
    Before,
    Connection,
    CursorScope,
    First,
    Last,
    PageArgs,
    build_connection,
    page_args,
)

if TYPE_CHECKING:
    from api.accounts.types import Account

__all__ = [
    "Contact",
    "Person",
    "Staff",
    "StaffConnection",
    "StaffCoverage",
    "StaffFilter",
    "StaffOrder",
    "Thread",
    "ThreadConnection",
    "person_from",
    "thread_connection",
    "thread_scope",
]

AccountRef = Annotated["Account", strawberry.lazy("api.accounts.types")]


@strawberry.interface(description="A person in a relationship: a contact at an account, or one of our staff.")
class Person:
    key: str = strawberry.field(description="The person's key in the system of record.")
    name: str = strawberry.field(description="The person's name.")


@strawberry.type(description="A buyer-side person, who works or worked at one or more of our accounts.")
class Contact(relay.Node, Person):
    email: str | None = strawberry.field(description="Email address.")
    title: str | None = strawberry.field(description="Job title.")
    role: ContactRole | None = strawberry.field(description="Part in the buying committee, as recorded.")
    seniority: Seniority | None = strawberry.field(description="Seniority, as recorded.")
    department: str | None = strawberry.field(description="Department.")

    @classmethod
    def resolve_id(cls, root: Contact, *, info: strawberry.Info) -> str:
        return root.key

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: strawberry.Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Contact | None]:
        rows = await ctx(info).loaders.contact.load_many(list(node_ids))
        return [contact_from(r) if r else None for r in rows]

    @strawberry.field(description="Where this contact works or worked: the current job first.")
    async def employments(self, info: strawberry.Info) -> list[Employment]:
        rows = await ctx(info).loaders.employments_by_contact.load(self.key)
        return [Employment.from_row(r) for r in rows or []]

    @strawberry.field(description="The contact this one reports to (None when none is recorded).")
    async def reports_to(self, info: strawberry.Info) -> Contact | None:
        line = await ctx(info).loaders.reporting_line_by_contact.load(self.key)
        manager = line["manager"] if line else None
        return contact_from(manager) if manager else None

    @strawberry.field(description="The contacts who report to this one, by name.")
    async def direct_reports(self, info: strawberry.Info) -> list[Contact]:
        line = await ctx(info).loaders.reporting_line_by_contact.load(self.key)
        return [contact_from(p) for p in (line["reports"] if line else [])]

    @strawberry.field(description="The account this contact works at now (None if they left them all).")
    async def current_account(self, info: strawberry.Info) -> AccountRef | None:
        from api.accounts.types import Account

        rows = await ctx(info).loaders.employments_by_contact.load(self.key)
        for r in rows or []:
            if r["current"]:
                return Account.from_props(r["account"])
        return None

    @strawberry.field(description="Who of ours knows this contact (KNOWS threads), strongest first.")
    async def threads(
        self,
        info: strawberry.Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> ThreadConnection:
        scope = thread_scope("Contact.threads", self.key)
        args = page_args(first, after, last, before, scope=scope, max_size=ctx(info).max_page_size)
        page = await ctx(info).loaders.threads_by_contact.load(PageKey(self.key, args))
        return thread_connection(page.rows, args, scope, page.total)


@strawberry.type(
    description="One of our people: sales, marketing, service, success, product, finance, executive."
)
class Staff(relay.Node, Person):
    email: str | None = strawberry.field(description="Email address.")
    function: StaffFunction | None = strawberry.field(description="The internal function (silo).")
    title: str | None = strawberry.field(description="Job title.")
    cost_per_hour: float | None = strawberry.field(description="Loaded cost of an hour of their time.")
    active: bool = strawberry.field(description="Whether they still work with us.")

    @classmethod
    def resolve_id(cls, root: Staff, *, info: strawberry.Info) -> str:
        return root.key

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: strawberry.Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Staff | None]:
        rows = await ctx(info).loaders.staff.load_many(list(node_ids))
        return [staff_from(r) if r else None for r in rows]

    @strawberry.field(description="The accounts this staff member covers (limited to those the key may see).")
    async def coverage(self, info: strawberry.Info) -> list[StaffCoverage]:
        rows = await ctx(info).loaders.coverage_by_staff.load(self.key)
        return [StaffCoverage.from_row(r) for r in rows or []]

    @strawberry.field(description="The contacts this staff member knows (KNOWS threads), strongest first.")
    async def threads(
        self,
        info: strawberry.Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> ThreadConnection:
        scope = thread_scope("Staff.threads", self.key)
        args = page_args(first, after, last, before, scope=scope, max_size=ctx(info).max_page_size)
        page = await ctx(info).loaders.threads_by_staff.load(PageKey(self.key, args))
        return thread_connection(page.rows, args, scope, page.total)


@strawberry.type(description="A page of our staff.")
class StaffConnection(Connection[Staff]):
    pass


@strawberry.input(
    description="Filters on staff members; all given filters must hold. A list means any of its values, so "
    "an empty list matches nobody: leave a filter out (or null) for no filter."
)
class StaffFilter:
    functions: list[StaffFunction] | None = strawberry.field(
        default=None, description="Any of these functions."
    )
    active: bool | None = strawberry.field(
        default=None, description="Whether they still work with us (true) or have left (false)."
    )
    search: str | None = strawberry.field(
        default=None,
        description="Part of the name or email, in any case, with or without accents (`jose` finds José).",
    )
    covers: str | None = strawberry.field(
        default=None,
        description="Key of an account: only the staff who cover it (a COVERS edge of any role or period). "
        "An account the API key may not see matches nobody.",
    )


@strawberry.input(description="How to order staff members.")
class StaffOrder:
    field: StaffOrderField = strawberry.field(description="What to order by.")
    direction: OrderDirection | None = strawberry.field(
        default=None, description="Which way (default: A to Z for NAME, most first for ACCOUNTS_COVERED)."
    )


@strawberry.type(description="A job of a contact at an account, and what they were there.")
class Employment:
    account: AccountRef = strawberry.field(description="The account.")
    since: datetime | None = strawberry.field(description="When they started there.")
    until: datetime | None = strawberry.field(description="When they left (None while they work there).")
    current: bool = strawberry.field(description="Whether they work there now.")
    role: ContactRole | None = strawberry.field(
        description=(
            "Their part in the buying committee at this account, as recorded for this job: a champion who "
            "left keeps `CHAMPION` here whatever their new employer records. For a job stored before "
            "relgraph kept roles per employment, the contact's present role."
        )
    )
    title: str | None = strawberry.field(
        description="Their job title at this account (same fallback as `role`)."
    )
    seniority: Seniority | None = strawberry.field(
        description="Their seniority at this account (same fallback as `role`)."
    )

    @classmethod
    def from_row(cls, r: dict[str, Any]) -> Employment:
        from api.accounts.types import Account

        return cls(
            account=Account.from_props(r["account"]),
            since=r["since"],
            until=r["until"],
            current=r["current"],
            role=enum_value(ContactRole, r.get("role")),
            title=r.get("title"),
            seniority=enum_value(Seniority, r.get("seniority")),
        )


@strawberry.type(description="An account a staff member covers, and how.")
class StaffCoverage:
    account: AccountRef = strawberry.field(description="The account covered.")
    role: CoverageRole | None = strawberry.field(description="How they cover it.")
    since: datetime | None = strawberry.field(description="Since when.")
    until: datetime | None = strawberry.field(description="Until when (None while they do).")

    @classmethod
    def from_row(cls, r: dict[str, Any]) -> StaffCoverage:
        from api.accounts.types import Account

        return cls(
            account=Account.from_props(r["account"]),
            role=enum_value(CoverageRole, r["role"]),
            since=r["since"],
            until=r["until"],
        )


@strawberry.type(
    description="A thread: one of our staff and one contact who took part in the same interactions."
)
class Thread:
    staff: Staff = strawberry.field(description="Our side of the thread.")
    contact: Contact = strawberry.field(description="The customer's side of the thread.")
    strength: float = strawberry.field(
        description="The sum of the decayed weights of their shared interactions (as of the last refresh)."
    )
    interactions: int | None = strawberry.field(description="How many interactions they shared.")
    first_at: datetime | None = strawberry.field(description="Their first shared interaction.")
    last_at: datetime | None = strawberry.field(description="Their latest shared interaction.")


@strawberry.type(description="A page of threads, strongest first.")
class ThreadConnection(Connection[Thread]):
    pass


def contact_from(p: dict[str, Any]) -> Contact:
    """A Contact from its stored properties."""
    return Contact(
        key=p["key"],
        name=p.get("name") or p["key"],
        email=p.get("email"),
        title=p.get("title"),
        role=enum_value(ContactRole, p.get("role")),
        seniority=enum_value(Seniority, p.get("seniority")),
        department=p.get("department"),
    )


def staff_from(p: dict[str, Any]) -> Staff:
    """A Staff from its stored properties."""
    return Staff(
        key=p["key"],
        name=p.get("name") or p["key"],
        email=p.get("email"),
        function=enum_value(StaffFunction, p.get("function")),
        title=p.get("title"),
        cost_per_hour=p.get("costPerHour"),
        active=p.get("active", True) is not False,
    )


def person_from(row: dict[str, Any] | None) -> Contact | Staff | None:
    """A person from a `PersonByKeyLoader` row."""
    if row is None:
        return None
    return contact_from(row["person"]) if row["kind"] == "contact" else staff_from(row["person"])


def thread_from(r: dict[str, Any]) -> Thread:
    return Thread(
        staff=staff_from(r["staff"]),
        contact=contact_from(r["contact"]),
        strength=r["strength"] or 0.0,
        interactions=r.get("interactions"),
        first_at=r.get("firstAt"),
        last_at=r.get("lastAt"),
    )


def thread_scope(connection: str, parent_key: str) -> CursorScope:
    """The cursors of one parent's threads (strongest first, by strength then staff|contact key)."""
    return CursorScope(connection, float, parent=parent_key)


def thread_connection(rows: Any, args: PageArgs, scope: CursorScope, total: int) -> ThreadConnection:
    return build_connection(
        ThreadConnection,
        relay.Edge[Thread],
        rows,
        args,
        scope,
        position_of=lambda r: (r["sortValue"], r["id"]),
        node_of=thread_from,
        total=total,
    )
