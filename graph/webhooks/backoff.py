"""The retry schedule of webhook deliveries: exponential backoff with a ceiling, then give up."""

from __future__ import annotations

from datetime import timedelta

from graph.webhooks.config import WebhookSettings

__all__ = ["retry_delay", "schedule"]


def retry_delay(attempts: int, settings: WebhookSettings) -> timedelta | None:
    """How long to wait after `attempts` failed attempts, or None when the delivery should be given up.

    The n-th retry waits ``base x factor^(n-1)``, capped at ``backoff_max_seconds``.

    Examples
    --------
    >>> s = WebhookSettings(backoff_base_seconds=10, backoff_factor=2, max_attempts=4)
    >>> [retry_delay(n, s).total_seconds() for n in (1, 2, 3)]
    [10.0, 20.0, 40.0]
    >>> retry_delay(4, s) is None
    True
    """
    if attempts >= settings.max_attempts:
        return None
    seconds = settings.backoff_base_seconds * settings.backoff_factor ** max(0, attempts - 1)
    return timedelta(seconds=min(seconds, settings.backoff_max_seconds))


def schedule(settings: WebhookSettings) -> list[timedelta]:
    """Every delay a delivery that keeps failing goes through (for the documentation)."""
    return [d for n in range(1, settings.max_attempts) if (d := retry_delay(n, settings)) is not None]
