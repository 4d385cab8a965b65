"""The error of an input that cannot be imported at all (raised before anything is written)."""

from __future__ import annotations

from graph.errors import RelgraphError

__all__ = ["UnusableInput"]


class UnusableInput(RelgraphError):
    """A file that cannot be imported at all (missing, not UTF-8, unknown kind, bad header)."""
