"""The rejects file of an earlier run, removed when the latest run of the same import rejects nothing.

A rejects file is only written when a row is rejected, so without this a file from an earlier run
would stay and show rejects that no longer apply. Only a file relgraph wrote is removed: a regular
file whose CSV header ends with the columns a rejects file adds (`_line`, `_error`, `_extra`), or
whose JSON objects, among its first lines, all carry `_line` and `_error`. Anything else at that
path (a file of the user's, an empty file, a device such as /dev/null) is left as it is, and said so.
The inputs of the run are never there: the CLI refuses a rejects path that is one of them.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph.ingest.files import REJECT_COLUMNS

__all__ = ["EarlierRejects", "looks_like_rejects", "remove_earlier_rejects"]

# How much of a file is read to tell whether it is a rejects file: its header, or its first lines.
_HEAD_CHARS = 1 << 16


@dataclass(frozen=True)
class EarlierRejects:
    """A file found where this run's rejects file would have been, and what became of it."""

    path: Path
    removed: bool
    reason: str | None = None  # why it was left, when it was

    def as_dict(self) -> dict[str, Any]:
        return {"path": str(self.path), "removed": self.removed, "reason": self.reason}


def looks_like_rejects(path: Path) -> bool:
    """Whether `path` is a regular file laid out as a rejects file that relgraph writes."""
    if not path.is_file():
        return False
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            head = f.read(_HEAD_CHARS)
            complete = not f.read(1)
    except (OSError, UnicodeDecodeError):
        return False
    lines = head.splitlines()
    if not complete:
        lines = lines[:-1]  # the last one may be cut short
    if not lines:
        return False
    try:
        header = next(csv.reader(io.StringIO(lines[0])))
    except (csv.Error, StopIteration):
        header = []
    if tuple(h.strip() for h in header[-len(REJECT_COLUMNS) :]) == REJECT_COLUMNS:
        return True
    # JSON Lines: every object carries both fields; a line that was not a JSON object is written
    # back as it was read, so other lines are allowed, but at least one object must vouch for the file.
    objects = []
    for line in lines:
        try:
            value = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(value, dict):
            objects.append(value)
    return bool(objects) and all("_line" in o and "_error" in o for o in objects)


def remove_earlier_rejects(path: Path) -> EarlierRejects | None:
    """Remove the rejects file an earlier run left at `path`; None when there is none to speak of.

    Called when a run rejected no row, so that the rejects file always describes the latest run.
    """
    if not path.is_file():
        return None  # nothing there, or not a regular file (/dev/null): no earlier rejects
    if not looks_like_rejects(path):
        return EarlierRejects(
            path,
            removed=False,
            reason="it does not look like a rejects file relgraph wrote (no _line and _error columns)",
        )
    try:
        path.unlink()
    except FileNotFoundError:
        return None
    except OSError as exc:
        return EarlierRejects(path, removed=False, reason=f"could not remove it: {exc.strerror or exc}")
    return EarlierRejects(path, removed=True)
