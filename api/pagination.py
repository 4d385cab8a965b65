"""Relay connections with keyset cursors: a cursor is the sort value and the tiebreak key of an edge,
bound to the list it came from.

Offsets shift when rows arrive; a keyset cursor ("after the row with this sort value and key") does
not, so a client paging through a long connection while data arrives sees no row twice.

Read in another list, a cursor would still name a position, only a meaningless one (a name compared
with risk scores, a thread's key among accounts), and the client would get a silently empty or
arbitrary page. So every cursor starts with a fingerprint of its `CursorScope` (the connection, its
order, and for a nested connection its parent), and a cursor whose fingerprint or sort value does not
fit the list it is given to is refused as malformed, like a garbled one.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Annotated, Any, Generic, TypeVar

import strawberry
from strawberry import relay

from api.errors import InvalidArgument

__all__ = [
    "DEFAULT_PAGE_SIZE",
    "MAX_PAGE_SIZE",
    "Cursor",
    "CursorScope",
    "PageArgs",
    "build_connection",
    "decode_base64",
    "page_args",
    "page_size_message",
]

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100

T = TypeVar("T")

# 48 bits: a cursor given to the wrong list is recognised but for a chance of 1 in 2**48, for 8 characters
# of cursor. It tells lists apart; it is no secret (a forged cursor is only a position in its own list).
_FINGERPRINT_BYTES = 6


@dataclass(frozen=True)
class Cursor:
    """Where an edge sits: its sort value and its key (the tiebreak)."""

    value: Any
    key: str


# json.dumps with separators builds a new encoder per call; a page of 100 accounts with 10 contacts each
# makes 1,100 cursors. Same settings, same output.
_CURSOR_JSON = json.JSONEncoder(separators=(",", ":"))


@dataclass(frozen=True)
class CursorScope:
    """The list a cursor belongs to: one connection in one order and, nested, of one parent.

    `connection` names the connection and its order (the filters are left out: a position in an order
    stays meaningful when the filters change); `sort_type` is the type of its sort value (float, str or
    datetime); `parent` is the key of the node a nested connection hangs from.
    """

    connection: str
    sort_type: type
    parent: str | None = None
    fingerprint: bytes = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "fingerprint", _fingerprint(self.connection, self.parent))

    def encode(self, value: Any, key: str) -> str:
        """The opaque cursor of the edge at (sort value, key) in this list."""
        plain = value.isoformat() if isinstance(value, datetime) else value
        raw = self.fingerprint + _CURSOR_JSON.encode([plain, key]).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    def decode(self, cursor: str, argument: str) -> Cursor:
        """Read back a cursor this list made; any other one is the client's error, named by `argument`."""
        try:
            raw = decode_base64(cursor)
            if raw[:_FINGERPRINT_BYTES] != self.fingerprint:
                raise ValueError("a cursor of another list")
            value, key = json.loads(raw[_FINGERPRINT_BYTES:])
            if not isinstance(key, str):
                raise ValueError(key)
            return Cursor(self._sort_value(value), key)
        except (ValueError, TypeError, RecursionError) as exc:
            raise InvalidArgument(
                f"malformed cursor {cursor!r} in `{argument}`",
                hint="pass a cursor this API returned for this list, in the same order",
                code="INVALID_CURSOR",
                argument=argument,
            ) from exc

    def _sort_value(self, value: Any) -> Any:
        # A value of another type would compare as null in Cypher: an empty page, not an error.
        if self.sort_type is float and type(value) is float and math.isfinite(value):
            return value
        if self.sort_type is str and isinstance(value, str):
            return value
        if self.sort_type is datetime and isinstance(value, str):
            instant = datetime.fromisoformat(value)
            if instant.tzinfo is not None:
                return instant
        raise ValueError(value)


def decode_base64(text: str) -> bytes:
    """Base64 read leniently, as clients copy it: with or without `=` padding, in the standard or the
    URL-safe alphabet (cursors and global ids alike)."""
    return base64.b64decode(text + "=" * (-len(text) % 4), altchars=b"-_")


@lru_cache(maxsize=4096)
def _fingerprint(connection: str, parent: str | None) -> bytes:
    # Cached: every parent of a page (100 accounts, each with nested connections) makes its scope.
    scope = f"{connection}\x00{parent or ''}".encode()
    return hashlib.blake2b(scope, digest_size=_FINGERPRINT_BYTES).digest()


def page_size_message(size: int, max_size: int) -> str:
    """The refusal of a page size out of range, the same before execution and in a resolver."""
    return f"page size {size} is out of range: first/last must be between 1 and {max_size}"


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

    def window(self, descending: bool) -> dict[str, Any]:
        """The window parameters of the root keyset queries (`api_accounts_page`, `api_staff_page`) for a
        list ordered `descending` or not, ties broken by key ascending.

        A page is read from the cursor it starts at towards the one it stops at (if any): forward from
        `after` up to `before`, or, for `last`, backward from `before` down to `after` (the order and the
        tiebreak both turned around), with one extra row that tells if there is more; the caller turns
        a backward page's rows around again.
        """
        start, stop = (self.before, self.after) if self.from_end else (self.after, self.before)
        return {
            "descending": descending != self.from_end,
            "keyDescending": self.from_end,
            "startValue": start.value if start else None,
            "startKey": start.key if start else None,
            "stopValue": stop.value if stop else None,
            "stopKey": stop.key if stop else None,
            "limit": self.limit + 1,
        }


def page_args(
    first: int | None,
    after: str | None,
    last: int | None = None,
    before: str | None = None,
    *,
    scope: CursorScope,
    max_size: int = MAX_PAGE_SIZE,
) -> PageArgs:
    """Check Relay arguments: page size 1 to `max_size` (the deployment's limit, at most 100), `first` or
    `last` but not both, cursors of `scope`.

    Both cursors may be given: the edges between them, then the first or last of those (Relay's
    algorithm).
    """
    if first is not None and last is not None:
        raise InvalidArgument("pass either first or last, not both")
    size = first if first is not None else last if last is not None else min(DEFAULT_PAGE_SIZE, max_size)
    if not 1 <= size <= max_size:
        # Usually refused before execution (`api.security`); this catches what that cannot see, such as
        # a variable's default value.
        raise InvalidArgument(
            page_size_message(size, max_size), code="PAGE_LIMIT", size=size, maxSize=max_size
        )
    return PageArgs(
        limit=size,
        from_end=last is not None,
        after=scope.decode(after, "after") if after else None,
        before=scope.decode(before, "before") if before else None,
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
    scope: CursorScope,
    position_of: Callable[[T], tuple[Any, str]],
    node_of: Callable[[T], Any],
    total: int | None,
    **edge_fields: Callable[[T], Any],
) -> Any:
    """Turn the window a query returned (one row more than asked) into a connection.

    Forward pages come in order with the extra row at the end; backward pages (`last`) come as the
    last `limit + 1` rows in order, the extra row at the start. `position_of` gives a row's sort value
    and key, which its cursor (in `scope`) holds.
    """
    items = list(rows)
    more = len(items) > args.limit
    if more:
        items = items[1:] if args.from_end else items[: args.limit]
    edges = [
        edge(
            cursor=scope.encode(*position_of(r)),
            node=node_of(r),
            **{name: f(r) for name, f in edge_fields.items()},
        )
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
After = Annotated[
    str | None,
    strawberry.argument(
        description="Only edges after this cursor (one this list returned, in the same order; "
        "else INVALID_CURSOR)."
    ),
]
Last = Annotated[int | None, strawberry.argument(description="How many from the end (1-100).")]
Before = Annotated[
    str | None,
    strawberry.argument(
        description="Only edges before this cursor (one this list returned, in the same order; "
        "else INVALID_CURSOR)."
    ),
]
