"""Every tunable of the metrics, with its default, in one settings object."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["MetricParameters"]


class MetricParameters(BaseModel):
    """Defaults of the metrics (see docs/metrics.md for the why of each).

    Read from the environment as `RELGRAPH_METRICS__<NAME>` through `graph.settings.Settings`.
    """

    model_config = ConfigDict(frozen=True)

    half_life_days: float = Field(45.0, gt=0, description="Days after which an interaction weighs half.")
    lookback_days: int = Field(365, gt=0, description="Interactions older than this carry no weight.")
    thread_threshold: float = Field(1.0, gt=0, description="Strength from which a thread is active (theta).")
    momentum_window_days: int = Field(90, gt=0, description="Momentum compares value now with this many days before.")
    champion_left_window_days: int = Field(90, gt=0, description="A champion who left this recently raises risk.")
