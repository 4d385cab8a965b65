"""Instants as relgraph takes them in: ISO 8601 text (or a Python `datetime`/`date`), never a number,
in UTC, within the range the metrics' date arithmetic supports.

`UtcDateTime` is the field type of every date in a record (`graph.records`); `to_utc` and
`in_supported_range` are shared with the command line's options and the API's DateTime scalar.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator

__all__ = ["EARLIEST_INSTANT", "LATEST_INSTANT", "UtcDateTime", "in_supported_range", "to_utc"]


EARLIEST_INSTANT = datetime(1900, 1, 1, tzinfo=UTC)
"""The first instant relgraph accepts: relationship data older than this is a typo, not history."""
LATEST_INSTANT = datetime(2200, 1, 1, tzinfo=UTC)
"""The first instant past the range (exclusive). The bounds also keep the metrics' date arithmetic
(windows of up to a century either side) inside what Python and Neo4j both represent."""


def to_utc(value: datetime) -> datetime:
    """A timezone-aware UTC datetime; a naive one is taken to be UTC already."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def in_supported_range(value: datetime) -> datetime:
    """`value` (aware) if it lies in [`EARLIEST_INSTANT`, `LATEST_INSTANT`), else a ValueError that says so.

    >>> in_supported_range(datetime(1, 1, 1, tzinfo=UTC))
    Traceback (most recent call last):
    ...
    ValueError: must lie between 1900-01-01 and 2199-12-31 (UTC), not 0001-01-01T00:00:00+00:00
    """
    if not EARLIEST_INSTANT <= value < LATEST_INSTANT:
        raise ValueError(f"must lie between 1900-01-01 and 2199-12-31 (UTC), not {value.isoformat()}")
    return value


# What pydantic would read as a number of seconds since 1970 (it takes "46027", "+4.6e4" and 46027 alike).
_NUMBER_TEXT = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_EXPECTED_INSTANT = "expected an ISO 8601 date-time such as 2026-01-05T10:00:00Z (or a date 2026-01-05)"


def _datetime_input(value: Any) -> Any:
    """The input of a datetime field as pydantic should see it; a ValueError for a bare number.

    pydantic reads a number, or a string of one, as Unix epoch seconds: an Excel serial date (46027) or a
    compact date (20260105) would be stored silently as a day in 1970. The files and the docs speak ISO
    8601 only, so a number is refused, naming what was expected. A bare date (a `date` object, as from
    Python) means midnight UTC of that day; a string is stripped, as every other field's is.
    """
    if isinstance(value, (bytes, bytearray)):
        value = value.decode("utf-8", errors="replace")  # pydantic would read b"46027" as a number too
    if isinstance(value, str):
        value = value.strip()
        if _NUMBER_TEXT.fullmatch(value):
            raise ValueError(f"{_EXPECTED_INSTANT}; got a number, {value}{_compact_date_hint(value)}")
        return value
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        # A bool is left to pydantic, which refuses it as "not a valid datetime".
        raise ValueError(f"{_EXPECTED_INSTANT}; got a number, {value}")
    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime.combine(value, time(0), tzinfo=UTC)
    return value


def _compact_date_hint(text: str) -> str:
    # ISO 8601's basic form (20260105) is refused with the rest rather than guessed at: name the date it
    # would be, so that the fix is plain.
    if len(text) == 8 and text.isdigit():
        try:
            return f" (if that is a date, write it {date.fromisoformat(text).isoformat()})"
        except ValueError:
            pass
    return ""


UtcDateTime = Annotated[
    datetime, BeforeValidator(_datetime_input), AfterValidator(to_utc), AfterValidator(in_supported_range)
]
"""A datetime or date (ISO 8601 text, or a Python `datetime`/`date`) from 1900 to 2199; never a number;
naive means UTC; always returned aware in UTC."""
