"""Where each row identity of one input was first seen, in bounded memory however long the input.

A repeat of a row identity inside one input (the same interaction `(source, key)` twice in a file)
is rejected as `duplicate of line N`, so the index must cover the whole input, not only what is
still uncommitted: a store lookup cannot tell "stored by an earlier line of this file" from "stored
by an earlier import" (a legitimate replay). The index keeps one 64-bit digest and a line number per
distinct identity: in a dict up to `memory_limit` entries (small inputs and the API never touch the
disk), then in a private temporary SQLite database (about 20 bytes per row on disk, at most 8 MiB of
its page cache in memory, ~3-5 µs per row). SQLite unlinks that file as soon as it creates it, so
it disappears with the connection, even when the process is killed.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Sequence

__all__ = ["DEFAULT_MEMORY_LIMIT", "SeenIndex"]

DEFAULT_MEMORY_LIMIT = 500_000
"""Identities kept in memory (about 55 MiB, ~110 bytes each) before the index moves to a temporary file.

The file costs the importing process ~11% of its CPU per row (a SQLite lookup and insert per batch);
most imports stay below this many rows and never pay it, and memory stays bounded above it."""

# SQLite caps the number of parameters of one statement (32,766 since 3.32); stay well below.
_LOOKUP_CHUNK = 500
# SQLite page cache of the spilled index, in KiB (negative cache_size means KiB).
_CACHE_KIB = 8192


class SeenIndex:
    """First line of every identity digest seen so far in one input.

    Parameters
    ----------
    memory_limit : int, optional
        Distinct identities kept in a dict before the index spills to a temporary SQLite file
        (default `DEFAULT_MEMORY_LIMIT`).

    Notes
    -----
    Digests are Python's 64-bit `hash()` of the identity tuple: equal within one process, which is all
    one input needs. Two different identities share a digest with probability about n^2 / 2^65
    (3e-6 for 11 million rows); the second would be reported as a duplicate of the first.
    """

    def __init__(self, memory_limit: int | None = None) -> None:
        self.memory_limit = DEFAULT_MEMORY_LIMIT if memory_limit is None else memory_limit
        self._memory: dict[int, int] | None = {}
        self._db: sqlite3.Connection | None = None

    @property
    def spilled(self) -> bool:
        """Whether the index lives in its temporary file now."""
        return self._db is not None

    def first_lines(self, entries: Sequence[tuple[int, int]]) -> list[int | None]:
        """Record `(digest, line)` entries in order; for each, the line it was first seen on, if earlier.

        An entry repeated within `entries` is a repeat too (of the earlier entry's line).
        """
        if self._memory is not None:
            if len(self._memory) + len(entries) <= self.memory_limit:
                memory = self._memory
                out: list[int | None] = []
                for digest, line in entries:
                    first = memory.setdefault(digest, line)
                    out.append(first if first != line else None)
                return out
            self._spill()
        return self._first_lines_on_disk(entries)

    def _spill(self) -> None:
        # "" = a private temporary database on disk, deleted by SQLite itself when closed or killed.
        db = sqlite3.connect("", isolation_level=None, check_same_thread=False)
        # A scratch index: no journal, no fsync.
        db.execute("PRAGMA temp_store=FILE")
        db.execute("PRAGMA journal_mode=OFF")
        db.execute("PRAGMA synchronous=OFF")
        db.execute(f"PRAGMA cache_size=-{_CACHE_KIB}")
        db.execute("CREATE TABLE seen (digest INTEGER PRIMARY KEY, line INTEGER NOT NULL) WITHOUT ROWID")
        assert self._memory is not None
        db.execute("BEGIN")
        db.executemany("INSERT INTO seen VALUES (?, ?)", sorted(self._memory.items()))
        db.execute("COMMIT")
        self._memory = None
        self._db = db

    def _first_lines_on_disk(self, entries: Sequence[tuple[int, int]]) -> list[int | None]:
        assert self._db is not None
        digests = list({digest for digest, _ in entries})
        stored: dict[int, int] = {}
        for start in range(0, len(digests), _LOOKUP_CHUNK):
            part = digests[start : start + _LOOKUP_CHUNK]
            marks = ",".join("?" * len(part))
            stored.update(self._db.execute(f"SELECT digest, line FROM seen WHERE digest IN ({marks})", part))
        out: list[int | None] = []
        new: dict[int, int] = {}
        for digest, line in entries:
            first = stored.get(digest)
            if first is None:
                first = new.setdefault(digest, line)
            out.append(first if first != line else None)
        if new:
            self._db.execute("BEGIN")
            self._db.executemany("INSERT INTO seen VALUES (?, ?)", sorted(new.items()))
            self._db.execute("COMMIT")
        return out

    def close(self) -> None:
        """Forget everything (the temporary database goes with its connection)."""
        if self._db is not None:
            self._db.close()
            self._db = None
        self._memory = {}

    def __enter__(self) -> SeenIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:  # a forgotten close() still removes the file
        with contextlib.suppress(Exception):  # at interpreter shutdown, modules may be gone
            self.close()
