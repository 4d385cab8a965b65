"""DataLoaders of the accounts domain: one class per access path, one batched statement each."""

from __future__ import annotations

from api.loading import KeyedLoader, PageLoader

__all__ = [
    "AccountByKeyLoader",
    "ContactsByAccountLoader",
    "CoverageByAccountLoader",
    "InteractionsByAccountLoader",
    "ThreadsByAccountLoader",
]


class AccountByKeyLoader(KeyedLoader):
    """An account's properties by key (None when unknown or outside the key's scope)."""

    query = "api_accounts_by_keys"
    column = "account"


class CoverageByAccountLoader(KeyedLoader):
    """The staff who cover each account."""

    query = "api_coverage_by_accounts"
    column = "coverage"


class ContactsByAccountLoader(PageLoader):
    """A page of each account's contacts (current, former or all), by name."""

    query = "api_contacts_by_accounts"


class ThreadsByAccountLoader(PageLoader):
    """A page of the threads to each account's current contacts, strongest first."""

    query = "api_threads_by_accounts"


class InteractionsByAccountLoader(PageLoader):
    """A page of each account's interactions, latest first, filtered by channel, direction and time."""

    query = "api_interactions_by_accounts"
