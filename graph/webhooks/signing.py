"""Signatures of webhook deliveries: HMAC-SHA256 over ``"<timestamp>.<body>"`` with the webhook's secret.

The header reads ``X-Relgraph-Signature: t=<unix seconds>,v1=<hex digest>`` (the scheme Stripe made
familiar): the timestamp is signed with the body so that a captured request cannot be replayed later,
and ``v1`` names the scheme so that a second one can be added without breaking receivers.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time

from graph.errors import RelgraphError

__all__ = [
    "DELIVERY_HEADER",
    "SIGNATURE_HEADER",
    "InvalidSignature",
    "new_secret",
    "sign",
    "signature_header",
    "verify",
]

SIGNATURE_HEADER = "X-Relgraph-Signature"
DELIVERY_HEADER = "X-Relgraph-Delivery"
SECRET_PREFIX = "whsec_"


class InvalidSignature(RelgraphError):
    """A signature header is malformed, too old, or does not match the body."""


def new_secret() -> str:
    """A fresh webhook secret (shown to the partner once, at creation)."""
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The hex HMAC-SHA256 of ``b"<timestamp>." + body`` under `secret`.

    Examples
    --------
    >>> sign("whsec_test", 1700000000, b'{"a":1}')[:16]
    '38877139021993b8'
    """
    message = str(int(timestamp)).encode("ascii") + b"." + body
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def signature_header(secret: str, body: bytes, *, timestamp: int | None = None) -> str:
    """The value of `SIGNATURE_HEADER` for `body` signed now (or at `timestamp`)."""
    ts = int(time.time()) if timestamp is None else int(timestamp)
    return f"t={ts},v1={sign(secret, ts, body)}"


def verify(secret: str, header: str, body: bytes, *, tolerance: int = 300, now: float | None = None) -> int:
    """Check a signature header against `body`; returns its timestamp or raises `InvalidSignature`.

    Receivers should call this on the raw body bytes, before parsing the JSON.
    """
    parts: dict[str, list[str]] = {}
    for item in header.split(","):
        name, _, value = item.strip().partition("=")
        parts.setdefault(name, []).append(value)
    try:
        ts = int(parts["t"][0])
    except (KeyError, ValueError) as exc:
        raise InvalidSignature("signature header has no timestamp",
                               hint="expected t=<unix>,v1=<hex>") from exc
    current = time.time() if now is None else now
    if abs(current - ts) > tolerance:
        raise InvalidSignature(f"signature timestamp {ts} is outside the {tolerance}s tolerance")
    expected = sign(secret, ts, body)
    if not any(hmac.compare_digest(expected, v) for v in parts.get("v1", [])):
        raise InvalidSignature("signature does not match the body", hint="check the webhook's secret")
    return ts
