"""All of relgraph's configuration in one pydantic-settings class, read from the environment."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any, Literal

from pydantic import AliasChoices, BaseModel, Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from pydantic_settings import SettingsError as _UnparsableSetting

from graph.errors import ConfigurationError
from graph.metrics.parameters import MetricParameters
from graph.webhooks.config import WebhookSettings

__all__ = ["ApiLimits", "InvalidSettings", "Settings", "get_settings", "load_settings"]

# Empty, Neo4j's initial one, the usual guesses, and every default this repository ships (the compose
# file's `${NEO4J_PASSWORD:-relgraph-dev-password}`: a test checks that it stays listed here).
_UNSAFE_PASSWORDS = {"", "neo4j", "password", "changeme", "relgraph", "relgraph-dev-password"}


class ApiLimits(BaseModel):
    """The API's limits against abusive or accidental load (`RELGRAPH_LIMITS__<NAME>`; see docs/security.md).

    Defaults follow GitHub's and Shopify's GraphQL APIs and the OWASP GraphQL cheat sheet.
    """

    max_depth: int = Field(default=8, ge=1, description="Deepest nesting of fields in one operation.")
    max_aliases: int = Field(default=15, ge=0, description="Aliases in one operation (fragments expanded).")
    max_tokens: int = Field(default=2000, ge=10, description="Lexical tokens in one document.")
    # At most 100: the connections' statements and the cost model read at most 100 rows a page.
    max_page_size: int = Field(
        default=100, ge=1, le=100, description="Largest first/last of a connection (1 to 100)."
    )
    default_page_size: int = Field(
        default=20, ge=1, description="Page size the cost assumes without first/last."
    )
    max_query_cost: int = Field(
        default=20_000, ge=1, description="Cost cap of one operation (connections multiply)."
    )
    cost_budget_per_minute: int = Field(default=
        60_000, ge=1, description="Cost points an API key may spend per minute (per process); then HTTP 429."
    )
    max_list_input: int = Field(default=1000, ge=1, description="Records in one list argument.")
    max_body_bytes: int = Field(default=2 * 1024 * 1024, ge=1024, description="Body size; larger: HTTP 413.")
    request_timeout_seconds: float = Field(default=30.0, gt=0, description="Slower: HTTP 504.")
    max_batch_operations: int = Field(default=0, ge=0, description="Batch size (0: off).")
    max_subscriptions_per_connection: int = Field(default=10, ge=1, description="Subscriptions per socket.")
    introspection: bool | None = Field(
        default=None, description="Schema introspection (default: off in production)."
    )

    @model_validator(mode="after")
    def _default_page_fits(self) -> ApiLimits:
        # A default page larger than the limit would refuse every connection asked without first/last.
        if self.default_page_size > self.max_page_size:
            raise ValueError(
                f"default_page_size ({self.default_page_size}) must not exceed max_page_size "
                f"({self.max_page_size})"
            )
        return self


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
    # Every batch measured takes a few seconds at most (BENCHMARKS.md: a 2,000-row import batch ~0.2 s
    # on a quiet machine, ~1.3 s on a loaded one; a refresh batch of 200 accounts ~0.6-4 s), so the
    # same bound holds the CLI's jobs as the API's mutations, with room to spare.
    neo4j_transaction_timeout_seconds: float = Field(
        30.0,
        gt=0,
        description="Neo4j aborts any transaction the service opens after this long: single statements, "
        "each batch of an import, a refresh or a history backfill, the API's mutations and reads, "
        "explorations. Not `relgraph migrate`'s schema statements (an index build has no such bound).",
    )
    api_host: str = Field("127.0.0.1", description="Interface of `relgraph serve` (--host overrides).")
    api_port: int = Field(8000, ge=1, le=65535, description="Port of `relgraph serve` (--port overrides).")
    api_workers: int = Field(
        1, ge=1, description="Worker processes of `relgraph serve` (one per core on a host of its own)."
    )
    log_level: Literal["critical", "error", "warning", "info", "debug", "trace"] = Field(
        "info",
        description="uvicorn's --log-level, and the level of relgraph's own loggers under `relgraph serve`.",
    )
    risk_feed_poll_seconds: float = Field(
        1.0, gt=0, description="How often each API process reads the risk event log for its subscribers."
    )
    metrics: MetricParameters = MetricParameters()
    limits: ApiLimits = ApiLimits()
    webhooks: WebhookSettings = WebhookSettings()

    @field_validator("log_level", mode="before")
    @classmethod
    def _lower_case_level(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

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


class InvalidSettings(ConfigurationError):
    """A setting's value does not validate; the message names its environment variable."""


def load_settings(**values: Any) -> Settings:
    """`Settings(**values)` (the environment fills in the rest), a value that does not validate raised
    as `InvalidSettings`: `RELGRAPH_ENV: Input should be 'development', 'test' or 'production' (got
    'prod')`, one clause per invalid setting, instead of pydantic's report."""
    try:
        return Settings(**values)
    except ValidationError as exc:
        raise InvalidSettings("; ".join(_clause(error) for error in exc.errors())) from None
    except _UnparsableSetting as exc:  # a nested setting given whole, as JSON that does not parse
        field = re.search(r'field "(\w+)"', str(exc))
        name = _variable((field.group(1),)) if field else "a setting"
        raise InvalidSettings(f"{name}: not valid JSON ({exc})") from None


def _variable(loc: tuple[int | str, ...]) -> str:
    """The environment variable of a setting's location (`("limits", "max_depth")`)."""
    field = Settings.model_fields.get(str(loc[0])) if loc else None
    alias = field.validation_alias if field is not None else None
    if isinstance(alias, AliasChoices) and len(loc) == 1:
        return str(alias.choices[0])  # NEO4J_URI and its kin
    return "RELGRAPH_" + "__".join(str(part) for part in loc).upper()


def _clause(error: Mapping[str, Any]) -> str:
    loc = tuple(error["loc"])
    message = str(error["msg"]).removeprefix("Value error, ")
    field = Settings.model_fields.get(str(loc[0])) if loc else None
    secret = field is not None and field.repr is False  # NEO4J_PASSWORD: never echoed
    given = error.get("input")
    shown = "" if secret or isinstance(given, Mapping) or not loc else f" (got {given!r})"
    return f"{_variable(loc) if loc else 'settings'}: {message}{shown}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process's settings, read from the environment once (tests build their own `Settings`)."""
    return load_settings()
