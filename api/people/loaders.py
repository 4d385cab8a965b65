"""DataLoaders of the people domain (contacts and staff)."""

from __future__ import annotations

from typing import Any

from api.loading import KeyedLoader, PageLoader

__all__ = [
    "ContactByKeyLoader",
    "CoverageByStaffLoader",
    "EmploymentsByContactLoader",
    "PersonByKeyLoader",
    "ReportingLineByContactLoader",
    "StaffByKeyLoader",
    "ThreadsByContactLoader",
    "ThreadsByStaffLoader",
]


class ContactByKeyLoader(KeyedLoader):
    """A contact's properties by key (None when unknown or never at an account the key may see)."""

    query = "api_contacts_by_keys"
    column = "contact"


class StaffByKeyLoader(KeyedLoader):
    """A staff member's properties by key."""

    query = "api_staff_by_keys"
    column = "staff"


class PersonByKeyLoader(KeyedLoader):
    """A person (contact or staff) by key, as a row with `kind` and `person`."""

    query = "api_people_by_keys"
    column = "row"

    async def load_batch(self, keys: list[str]) -> list[Any]:
        rows = await self.store.read(self.query, keys=list(keys), allowed=self.allowed)
        found = {r["key"]: r for r in rows if r["kind"] is not None}
        return [found.get(k) for k in keys]


class EmploymentsByContactLoader(KeyedLoader):
    """Where each contact works or worked."""

    query = "api_employments_by_contacts"
    column = "employments"


class ReportingLineByContactLoader(KeyedLoader):
    """Whom each contact reports to, and who reports to them."""

    query = "api_reporting_lines_by_contacts"
    column = "line"


class CoverageByStaffLoader(KeyedLoader):
    """The accounts each staff member covers."""

    query = "api_coverage_by_staff"
    column = "coverage"


class ThreadsByContactLoader(PageLoader):
    """A page of each contact's threads (who of ours knows them), strongest first."""

    query = "api_threads_by_contacts"


class ThreadsByStaffLoader(PageLoader):
    """A page of each staff member's threads (whom they know), strongest first."""

    query = "api_threads_by_staff"
