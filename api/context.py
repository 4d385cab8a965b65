"""The typed GraphQL context: the store, the caller's API key, the settings, the event bus and the
per-request DataLoaders (made fresh for each request so that no cache outlives it)."""

from __future__ import annotations

from functools import cached_property
from typing import Any, cast

import strawberry
from strawberry.fastapi import BaseContext

from api.accounts.loaders import (
    AccountByKeyLoader,
    ContactsByAccountLoader,
    CoverageByAccountLoader,
    InteractionsByAccountLoader,
    ThreadsByAccountLoader,
)
from api.events import RiskBus
from api.interactions.loaders import ParticipantsByInteractionLoader
from api.metrics.loaders import MetricsByAccountLoader
from api.people.loaders import (
    ContactByKeyLoader,
    CoverageByStaffLoader,
    EmploymentsByContactLoader,
    PersonByKeyLoader,
    ReportingLineByContactLoader,
    StaffByKeyLoader,
    ThreadsByContactLoader,
    ThreadsByStaffLoader,
)
from graph.apikeys import ApiKey
from graph.settings import Settings
from graph.store import AsyncStore

__all__ = ["Context", "Loaders", "ctx"]


class Loaders:
    """One DataLoader per access path, created on first use within a request."""

    def __init__(self, store: AsyncStore, caller: ApiKey | None, settings: Settings) -> None:
        self._store = store
        self._caller = caller
        self._settings = settings

    def _make(self, cls: type[Any]) -> Any:
        return cls(self._store, self._caller)

    @cached_property
    def account(self) -> AccountByKeyLoader:
        return self._make(AccountByKeyLoader)

    @cached_property
    def contacts_by_account(self) -> ContactsByAccountLoader:
        return self._make(ContactsByAccountLoader)

    @cached_property
    def coverage_by_account(self) -> CoverageByAccountLoader:
        return self._make(CoverageByAccountLoader)

    @cached_property
    def threads_by_account(self) -> ThreadsByAccountLoader:
        return self._make(ThreadsByAccountLoader)

    @cached_property
    def interactions_by_account(self) -> InteractionsByAccountLoader:
        return self._make(InteractionsByAccountLoader)

    @cached_property
    def contact(self) -> ContactByKeyLoader:
        return self._make(ContactByKeyLoader)

    @cached_property
    def staff(self) -> StaffByKeyLoader:
        return self._make(StaffByKeyLoader)

    @cached_property
    def person(self) -> PersonByKeyLoader:
        return self._make(PersonByKeyLoader)

    @cached_property
    def employments_by_contact(self) -> EmploymentsByContactLoader:
        return self._make(EmploymentsByContactLoader)

    @cached_property
    def reporting_line_by_contact(self) -> ReportingLineByContactLoader:
        return self._make(ReportingLineByContactLoader)

    @cached_property
    def coverage_by_staff(self) -> CoverageByStaffLoader:
        return self._make(CoverageByStaffLoader)

    @cached_property
    def threads_by_contact(self) -> ThreadsByContactLoader:
        return self._make(ThreadsByContactLoader)

    @cached_property
    def threads_by_staff(self) -> ThreadsByStaffLoader:
        return self._make(ThreadsByStaffLoader)

    @cached_property
    def participants(self) -> ParticipantsByInteractionLoader:
        return self._make(ParticipantsByInteractionLoader)

    @cached_property
    def metrics(self) -> MetricsByAccountLoader:
        return MetricsByAccountLoader(self._store, self._caller, self._settings.metrics)


class Context(BaseContext):
    """What every resolver sees as `info.context`."""

    def __init__(self, store: AsyncStore, caller: ApiKey | None, settings: Settings, bus: RiskBus) -> None:
        super().__init__()
        self.store = store
        self.caller = caller
        self.settings = settings
        self.bus = bus
        self.loaders = Loaders(store, caller, settings)

    @property
    def allowed(self) -> list[str] | None:
        """The `$allowed` of account-data queries: the accounts the key may see (None: all)."""
        return self.caller.allowed_accounts if self.caller is not None else []

    def may_see(self, account_key: str) -> bool:
        return self.caller is not None and self.caller.may_see(account_key)

    @property
    def max_page_size(self) -> int:
        """The largest first/last of a connection here (the limit checked before execution, too)."""
        return self.settings.limits.max_page_size


def ctx(info: strawberry.Info) -> Context:
    """The request's context, typed."""
    return cast(Context, info.context)
