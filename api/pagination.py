"""Relay connections with keyset cursors: a cursor is the sort value and the tiebreak key of an edge.

Offsets shift when rows arrive; a keyset cursor ("after the row with this sort value and key") does
not, so a client paging through a long connection while data arrives sees no row twice.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Generic, TypeVar

import strawberry
from strawberry import relay

from api.errors import InvalidArgument

__all__ = [
    "DEFAULT_PAGE_SIZE",
    "MAX_PAGE_SIZE",
    "Cursor",
    "PageArgs",
    "build_connection",
    "decode_cursor",
    "encode_cursor",
    "page_args",
]

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100

T = TypeVar("T")


@dataclass(frozen=True)
class Cursor:
    """Where an edge sits: its sort value and its key (the tiebreak)."""

    value: Any
    key: str


# json.dumps with separators builds a new encoder per call; a page of 100 accounts with 10 contacts each
# makes 1,100 cursors. Same settings, same output.
_CURSOR_JSON = json.JSONEncoder(separators=(",", ":"))


def encode_cursor(value: Any, key: str) -> str:
    """An opaque cursor for (sort value, key); datetimes keep their type."""
    tagged: list[Any] = ["d", value.isoformat()] if isinstance(value, datetime) else ["v", value]
    raw = _CURSOR_JSON.encode([*tagged, key])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> Cursor:
    """Read a cursor back; a malformed one is the client's error."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        tag, value, key = json.loads(raw)
        if tag == "d":
            value = datetime.fromisoformat(value)
        elif tag != "v":
            raise ValueError(tag)
        if not isinstance(key, str):
            raise ValueError(key)
    except (ValueError, TypeError, UnicodeDecodeError) as exc:
        raise InvalidArgument(f"malformed cursor {cursor!r}", hint="pass a cursor this API returned") from exc
    return Cursor(value, key)


@dataclass(frozen=True)
class PageArgs:
    """A validated page request: how many, from which side, after/before which cursor."""

    limit: int
    from_end: bool
    after: Cursor | None
    before: Cursor | None

    def params(self) -> dict[str, Any]:
        """The window parameters of the nested-connection queries (one extra row tells if there is more)."""
        return {
            "afterValue": self.after.value if self.after else None,
            "afterKey": self.after.key if self.after else None,
            "beforeValue": self.before.value if self.before else None,
            "beforeKey": self.before.key if self.before else None,
            "limit": self.limit + 1,
            "fromEnd": self.from_end,
        }


def page_args(
    first: int | None, after: str | None, last: int | None = None, before: str | None = None
) -> PageArgs:
    """Check Relay arguments: page size 1 to 100, `first` or `last` but not both."""
    if first is not None and last is not None:
        raise InvalidArgument("pass either first or last, not both")
    size = first if first is not None else last if last is not None else DEFAULT_PAGE_SIZE
    if not 1 <= size <= MAX_PAGE_SIZE:
        raise InvalidArgument(
            f"page size {size} is out of range", hint=f"first/last must be between 1 and {MAX_PAGE_SIZE}"
        )
    return PageArgs(
        limit=size,
        from_end=last is not None,
        after=decode_cursor(after) if after else None,
        before=decode_cursor(before) if before else None,
    )


@strawberry.type(description="A page of a list, with Relay's edges and page info, and the list's size.")
class Connection(relay.Connection[T], Generic[T]):  # type: ignore[type-var]  # any item, not only Nodes
    total_count: int | None = strawberry.field(
        description="How many items the whole list holds (filters applied, cursors not)."
    )


def build_connection(
    connection: Callable[..., Any],
    edge: Callable[..., Any],
    rows: Sequence[T],
    args: PageArgs,
    cursor_of: Callable[[T], str],
    node_of: Callable[[T], Any],
    total: int | None,
    **edge_fields: Callable[[T], Any],
) -> Any:
    """Turn the window a query returned (one row more than asked) into a connection.

    Forward pages come in order with the extra row at the end; backward pages (`last`) come as the
    last `limit + 1` rows in order, the extra row at the start.
    """
    items = list(rows)
    more = len(items) > args.limit
    if more:
        items = items[1:] if args.from_end else items[: args.limit]
    edges = [
        edge(cursor=cursor_of(r), node=node_of(r), **{name: f(r) for name, f in edge_fields.items()})
        for r in items
    ]
    page = relay.PageInfo(
        has_next_page=(more and not args.from_end) or (args.from_end and args.before is not None),
        has_previous_page=(more and args.from_end) or (not args.from_end and args.after is not None),
        start_cursor=edges[0].cursor if edges else None,
        end_cursor=edges[-1].cursor if edges else None,
    )
    return connection(page_info=page, edges=edges, total_count=total)


First = Annotated[int | None, strawberry.argument(description="How many from the start (1-100, default 20).")]
After = Annotated[str | None, strawberry.argument(description="Continue after this cursor.")]
Last = Annotated[int | None, strawberry.argument(description="How many from the end (1-100).")]
Before = Annotated[str | None, strawberry.argument(description="Continue before this cursor.")]
