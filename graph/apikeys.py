"""API keys: created once, shown once, stored only as a hash, scoped to operations and to accounts.

A token reads ``rg_<id>_<secret>``: ``id`` (12 hex digits) finds the key, the sha256 of the whole token
proves it. ``scopes`` are ``read``, ``write`` and ``admin`` (admin implies the others); ``accounts``,
when set, limits every read and write to those accounts (``None`` means every account).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from graph.errors import NotFound, RelgraphError
from graph.store import AsyncStore, Store

__all__ = [
    "SCOPES",
    "ApiKey",
    "InvalidKeyRequest",
    "InvalidScope",
    "KeyRequest",
    "NewKey",
    "Revocation",
    "authenticate",
    "authenticate_async",
    "check_key_request",
    "create_key",
    "hash_token",
    "list_keys",
    "parse_token",
    "revoke_key",
]

SCOPES: tuple[str, ...] = ("read", "write", "admin")
PREFIX = "rg"


class InvalidKeyRequest(RelgraphError):
    """A key asked for with a blank name, an unknown scope or an account limit that names no account;
    `field` is the part of the request at fault (`name`, `scopes` or `accounts`)."""

    field = "name"


class InvalidScope(InvalidKeyRequest):
    """A scope other than read, write or admin was asked for."""

    field = "scopes"


class _EmptyAccountLimit(InvalidKeyRequest):
    field = "accounts"


@dataclass(frozen=True)
class KeyRequest:
    """What a new key is to be, checked and normalised (`check_key_request`)."""

    name: str
    scopes: tuple[str, ...]
    accounts: list[str] | None


@dataclass(frozen=True)
class ApiKey:
    """An API key as stored, without its secret."""

    id: str
    name: str
    scopes: tuple[str, ...]
    accounts: tuple[str, ...] | None
    created_at: datetime | None
    revoked_at: datetime | None = None

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None

    def allows(self, scope: str) -> bool:
        """Whether the key carries `scope` (admin carries every scope)."""
        return "admin" in self.scopes or scope in self.scopes

    @property
    def allowed_accounts(self) -> list[str] | None:
        """The `$allowed` parameter of account-data queries: the keys it may see, or None for all."""
        return None if self.accounts is None else list(self.accounts)

    def may_see(self, account_key: str) -> bool:
        return self.accounts is None or account_key in self.accounts


@dataclass(frozen=True)
class NewKey:
    """A freshly created key and its token, which is never shown again.

    `missing_accounts`: the accounts it is limited to that are not stored (yet). The key is created
    all the same (accounts may be imported after it), but a typo there would go unnoticed otherwise.
    """

    key: ApiKey
    token: str
    missing_accounts: tuple[str, ...] = ()


def hash_token(token: str) -> str:
    """The sha256 hex digest stored in place of the token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def parse_token(token: str) -> str | None:
    """The key id of a well-formed token, else None."""
    parts = token.split("_", 2)
    if len(parts) != 3 or parts[0] != PREFIX or len(parts[1]) != 12 or not parts[2]:
        return None
    if any(ch not in "0123456789abcdef" for ch in parts[1]):
        return None
    return parts[1]


def _check_scopes(scopes: Iterable[str]) -> tuple[str, ...]:
    # Normalised, not refused: `READ` is `read`, and a scope named twice counts once.
    wanted = tuple(dict.fromkeys(s.strip().lower() for s in scopes if s.strip()))
    unknown = [s for s in wanted if s not in SCOPES]
    if unknown or not wanted:
        raise InvalidScope(
            f"unknown or missing scopes: {', '.join(unknown) or '(none)'}",
            hint=f"use a comma-separated subset of {', '.join(SCOPES)}",
        )
    return wanted


def _from_row(row: Mapping[str, Any]) -> ApiKey:
    accounts = row.get("accounts")
    return ApiKey(
        id=row["id"],
        name=row.get("name") or "",
        scopes=tuple(row.get("scopes") or ()),
        accounts=None if accounts is None else tuple(accounts),
        created_at=row.get("createdAt"),
        revoked_at=row.get("revokedAt"),
    )


def check_key_request(
    name: str, scopes: Iterable[str], accounts: Iterable[str] | None = None
) -> KeyRequest:
    """The key `create_key` would make, without a store: scopes normalised (case, repeats); a blank
    name, an unknown scope, or `accounts` given but naming no account (a key that could see nothing)
    raise `InvalidKeyRequest`. `accounts=None` means every account."""
    checked = _check_scopes(scopes)
    name = name.strip()
    if not name:
        raise InvalidKeyRequest("the key's name is blank", hint="say who or what the key is for")
    limited = None if accounts is None else sorted({a.strip() for a in accounts if a.strip()})
    if limited == []:
        raise _EmptyAccountLimit(
            "the account limit names no account: the key could see nothing",
            hint="name the account keys, or leave the limit out for a key to every account",
        )
    return KeyRequest(name, checked, limited)


def create_key(
    store: Store, name: str, scopes: Iterable[str], accounts: Iterable[str] | None = None
) -> NewKey:
    """Create a key (checked as `check_key_request` checks it); the returned token is the only copy of
    its secret."""
    request = check_key_request(name, scopes, accounts)
    key_id = secrets.token_hex(6)
    token = f"{PREFIX}_{key_id}_{secrets.token_urlsafe(32)}"
    rows = store.write(
        "apikey_create",
        id=key_id,
        name=request.name,
        scopes=list(request.scopes),
        accounts=request.accounts,
        hash=hash_token(token),
        createdAt=datetime.now(UTC),
    )
    missing: list[str] = []
    if request.accounts is not None:
        missing = store.read("apikey_accounts_missing", keys=request.accounts)[0]["missing"]
    return NewKey(key=_from_row(rows[0]["key"]), token=token, missing_accounts=tuple(missing))


def list_keys(store: Store) -> list[ApiKey]:
    """Every key, newest first."""
    return [_from_row(r["key"]) for r in store.read("apikeys_list")]


@dataclass(frozen=True)
class Revocation:
    """A revoked key, and whether it had been revoked before (then its first date is kept)."""

    key: ApiKey
    already_revoked: bool


def revoke_key(store: Store, key_id: str) -> Revocation:
    """Revoke a key by id (again: nothing changes); raises `NotFound` when there is none."""
    rows = store.write("apikey_revoke", id=key_id, revokedAt=datetime.now(UTC))
    if not rows:
        raise NotFound(f"no API key with id {key_id!r}", hint="`relgraph keys list` shows the ids")
    return Revocation(_from_row(rows[0]["key"]), bool(rows[0]["alreadyRevoked"]))


def _verify(token: str, rows: list[dict[str, Any]]) -> ApiKey | None:
    if not rows:
        return None
    row = rows[0]["key"]
    # Constant-time comparison: the hash is the only proof of the secret.
    if not hmac.compare_digest(row.get("hash") or "", hash_token(token)) or row.get("revokedAt") is not None:
        return None
    return _from_row(row)


def authenticate(store: Store, token: str) -> ApiKey | None:
    """The live key a token proves, or None (malformed, unknown, wrong secret or revoked)."""
    key_id = parse_token(token)
    return None if key_id is None else _verify(token, store.read("apikey_by_id", id=key_id))


async def authenticate_async(store: AsyncStore, token: str) -> ApiKey | None:
    """The async twin of `authenticate`, for the API."""
    key_id = parse_token(token)
    return None if key_id is None else _verify(token, await store.read("apikey_by_id", id=key_id))
