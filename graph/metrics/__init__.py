"""Relationship metrics as pure functions over one account's small networkx graph."""
