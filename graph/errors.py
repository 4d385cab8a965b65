"""The exceptions relgraph's domain raises, each with a message a person can act on."""

from __future__ import annotations

__all__ = ["ConfigurationError", "NotFound", "RelgraphError", "StoreUnavailable"]


class RelgraphError(Exception):
    """Base of every error relgraph raises on purpose."""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message if hint is None else f"{message} ({hint})")
        self.message = message
        self.hint = hint


class ConfigurationError(RelgraphError):
    """A setting is missing, malformed or unsafe for the environment."""


class StoreUnavailable(RelgraphError):
    """Neo4j cannot be reached or refused the credentials."""


class NotFound(RelgraphError):
    """A record asked for by key does not exist (or is outside the caller's scope)."""
