"""The `DateTime` scalar as relgraph reads it: ISO 8601, naive means UTC, and only instants in the range
`graph.records` accepts (1900 to 2199), so that an `asOf` of year 1 is the client's error, named at the
argument, and never an overflow deep in the metrics' date arithmetic."""

from __future__ import annotations

from datetime import datetime

import dateutil.parser
from strawberry.exceptions import StrawberryInputCoercionError
from strawberry.types.scalar import ScalarDefinition

from graph.instants import in_supported_range, to_utc

__all__ = ["SCALAR_OVERRIDES", "parse_datetime"]


def parse_datetime(value: object) -> datetime:
    """A client's DateTime string -> an aware UTC datetime in the supported range, or a coercion error."""
    if not isinstance(value, str):
        raise StrawberryInputCoercionError(
            f'Value cannot represent a DateTime: "{value}". Expected a string.'
        )
    try:
        return in_supported_range(to_utc(dateutil.parser.isoparse(value)))
    except (ValueError, OverflowError) as exc:
        raise StrawberryInputCoercionError(f'Value cannot represent a DateTime: "{value}". {exc}') from None


DateTimeDefinition = ScalarDefinition(
    name="DateTime",
    description="Date with time (isoformat)",
    specified_by_url=None,
    serialize=lambda value: value.isoformat(),
    parse_value=parse_datetime,
    parse_literal=None,
    origin=datetime,
)

SCALAR_OVERRIDES: dict[object, ScalarDefinition] = {datetime: DateTimeDefinition}
"""What `strawberry.Schema(scalar_overrides=...)` takes."""
