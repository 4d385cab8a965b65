"""The JSON of answers: orjson when it is installed (the `speed` extra), else the standard library.

A page of 100 accounts with their contacts and risk is about 170 KB of JSON: the standard library's
encoder spends 2-4 ms on it, about 7% of the API's CPU for that request; orjson a tenth of that. Both
write the same JSON values (orjson writes non-ASCII characters as UTF-8 rather than as \\u escapes, and
null for a NaN where the standard library writes an invalid `NaN`). What orjson refuses (an integer
beyond 64 bits, a non-string key) goes to the standard library.

Requests are still parsed by the standard library: they are small, and orjson reads an integer beyond
64 bits as a float, which would change what a variable means.
"""

from __future__ import annotations

import json
from typing import Any

try:
    import orjson
except ImportError:  # pragma: no cover - `make` installs the `speed` extra
    orjson = None  # type: ignore[assignment]

__all__ = ["encode"]


def encode(data: Any) -> str:
    """`data` as compact JSON text.

    Text, not bytes, although orjson writes bytes: Strawberry sends bytes over a websocket as a binary
    frame, which graphql-transport-ws clients refuse. Decoding the bytes costs a few percent of encoding.
    """
    if orjson is not None:
        try:
            return orjson.dumps(data).decode()
        except (TypeError, orjson.JSONEncodeError):
            pass  # the standard library encodes what it can, and names what it cannot
    return json.dumps(data, separators=(",", ":"))
