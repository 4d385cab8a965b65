"""The webhook settings (part of `graph.settings.Settings` as `webhooks`)."""

from __future__ import annotations

from pydantic import BaseModel, Field

__all__ = ["WebhookSettings"]


class WebhookSettings(BaseModel):
    """How deliveries are sent and retried (`RELGRAPH_WEBHOOKS__<NAME>`)."""

    poll_seconds: float = Field(
        default=1.0, gt=0, description="How often the worker looks for due deliveries."
    )
    timeout_seconds: float = Field(default=10.0, gt=0, description="A receiver must answer within this long.")
    max_attempts: int = Field(default=8, ge=1, description="Attempts before a delivery is marked failed.")
    backoff_base_seconds: float = Field(
        default=10.0, gt=0, description="Delay after the first failed attempt."
    )
    backoff_factor: float = Field(
        default=2.0, ge=1, description="Each further delay is this many times longer."
    )
    backoff_max_seconds: float = Field(default=3600.0, gt=0, description="No delay is longer than this.")
    batch_size: int = Field(default=50, ge=1, le=1000, description="Deliveries claimed per round.")
    max_webhooks_per_key: int = Field(default=100, ge=1, description="Webhooks one API key may hold.")
    signature_tolerance_seconds: int = Field(
        default=300, ge=1, description="Receivers refuse older signatures."
    )
    allow_private_urls: bool | None = Field(
        default=None, description="Allow http:// and loopback/private hosts (default: all but production)."
    )
