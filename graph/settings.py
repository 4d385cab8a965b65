"""All of relgraph's configuration in one pydantic-settings class, read from the environment."""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from pydantic import AliasChoices, Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from graph.errors import ConfigurationError
from graph.metrics.parameters import MetricParameters

__all__ = ["Settings", "get_settings"]

_UNSAFE_PASSWORDS = {"", "neo4j", "password", "changeme", "relgraph"}


class Settings(BaseSettings):
    """Connection and service settings.

    Neo4j's own variables (`NEO4J_URI`, `NEO4J_USER`, `NEO4J_PASSWORD`, `NEO4J_DATABASE`) are read as
    they are; everything else is `RELGRAPH_<NAME>` (nested: `RELGRAPH_METRICS__HALF_LIFE_DAYS`).
    Build one with `Settings()`; nothing connects at import time.
    """

    model_config = SettingsConfigDict(
        env_prefix="RELGRAPH_", env_nested_delimiter="__", extra="ignore", populate_by_name=True
    )

    env: Literal["development", "test", "production"] = "development"
    neo4j_uri: str = Field(
        "bolt://127.0.0.1:7687", validation_alias=AliasChoices("NEO4J_URI", "RELGRAPH_NEO4J_URI")
    )
    neo4j_user: str = Field("neo4j", validation_alias=AliasChoices("NEO4J_USER", "RELGRAPH_NEO4J_USER"))
    neo4j_password: str = Field(
        "", validation_alias=AliasChoices("NEO4J_PASSWORD", "RELGRAPH_NEO4J_PASSWORD"), repr=False
    )
    neo4j_database: str = Field(
        "neo4j", validation_alias=AliasChoices("NEO4J_DATABASE", "RELGRAPH_NEO4J_DATABASE")
    )
    neo4j_max_pool_size: int = Field(50, gt=0, description="Bolt connections per process.")
    neo4j_transaction_timeout_seconds: float = Field(
        30.0, gt=0, description="Neo4j aborts any transaction the service opens after this long."
    )
    api_host: str = "127.0.0.1"
    api_port: int = 8000
    log_level: str = "info"
    metrics: MetricParameters = MetricParameters()

    @model_validator(mode="after")
    def _refuse_unsafe_production(self) -> Settings:
        if self.env == "production" and self.neo4j_password in _UNSAFE_PASSWORDS:
            raise ConfigurationError(
                "NEO4J_PASSWORD is empty or a well-known default while RELGRAPH_ENV=production",
                hint="set NEO4J_PASSWORD to the database's real password",
            )
        return self

    @property
    def is_production(self) -> bool:
        return self.env == "production"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process's settings, read from the environment once (tests build their own `Settings`)."""
    return Settings()
