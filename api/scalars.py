"""The `DateTime` scalar as relgraph reads it: exactly what the files accept, by the same definition
(`graph.instants.UtcDateTime`): ISO 8601 text (a date means midnight UTC, naive means UTC), never a
number (`46027`, `"20260105"`), and only instants in the supported range (1900 to 2199), so that an
`asOf` of year 1 is the client's error, named at the argument, and never an overflow deep in the
metrics' date arithmetic. The reasons are the files' reasons, worded the same."""

from __future__ import annotations

from datetime import datetime

from pydantic import TypeAdapter, ValidationError
from strawberry.exceptions import StrawberryInputCoercionError
from strawberry.types.scalar import ScalarDefinition

from graph.instants import UtcDateTime
from graph.records import field_errors

__all__ = ["SCALAR_OVERRIDES", "parse_datetime"]

# Built once: a TypeAdapter compiles its validator, which would cost every argument otherwise.
_INSTANT: TypeAdapter[datetime] = TypeAdapter(UtcDateTime)


def parse_datetime(value: object) -> datetime:
    """A client's DateTime value -> an aware UTC datetime in the supported range, or a coercion error."""
    try:
        return _INSTANT.validate_python(value)
    except ValidationError as exc:
        reason = "; ".join(message for _, message in field_errors(exc))
        message = f'Value cannot represent a DateTime: "{value}". {reason}'
        raise StrawberryInputCoercionError(message) from None


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
