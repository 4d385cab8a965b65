"""What a query selected: fetch a connection's totalCount only when the client asked for it."""

from __future__ import annotations

import strawberry

__all__ = ["selects"]


def selects(info: strawberry.Info, name: str) -> bool:
    """Whether the field being resolved selects the sub-field `name` (fragments included)."""
    from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField

    def walk(selections: list) -> bool:
        for s in selections:
            if isinstance(s, SelectedField) and s.name == name:
                return True
            if isinstance(s, (InlineFragment, FragmentSpread)) and walk(s.selections):
                return True
        return False

    return any(walk(f.selections) for f in info.selected_fields)
