"""The schema the app serves: the root schema with the limits added and production's answers trimmed.

`harden(schema, settings)` returns a copy of the root `strawberry.Schema` (same types) with MaxTokensLimiter,
MaxAliasesLimiter (which counts aliases inside fragments since 0.315.7), `OperationLimits` (depth, cost,
list inputs, budget), introspection refused unless allowed (off in production by default), field
suggestions off in production, Relay's page cap and batching off (or capped).
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable
from typing import Any

import strawberry
from graphql.validation import NoSchemaIntrospectionCustomRule
from strawberry.extensions import AddValidationRules, MaxAliasesLimiter, MaxTokensLimiter, SchemaExtension

from api.security.budget import CostBudget
from api.security.extension import OperationLimits
from graph.settings import Settings

__all__ = ["harden", "introspection_allowed"]


def introspection_allowed(settings: Settings) -> bool:
    """Whether `__schema`/`__type` are answered: as configured, else everywhere but production."""
    configured = settings.limits.introspection
    return (not settings.is_production) if configured is None else configured


def _fresh(extension: Any) -> Any:
    # An extension instance is shared by concurrent requests (its execution_context would be overwritten);
    # a shallow copy per request keeps shared caches (ParserCache's lru_cache) but not the request state.
    if isinstance(extension, SchemaExtension):
        return lambda: copy.copy(extension)
    return extension


def harden(
    schema: strawberry.Schema, settings: Settings, budget: CostBudget | None = None
) -> strawberry.Schema:
    """The root `schema` with every limit of `settings.limits` (and `budget`, the per-key cost budget)."""
    lim = settings.limits
    extensions: list[Callable[[], SchemaExtension] | type[SchemaExtension]] = [
        lambda: MaxTokensLimiter(max_token_count=lim.max_tokens),
        # One limiter copied per request (API stream's fix): a new MaxAliasesLimiter makes a new rule class,
        # which would make every request miss the ValidationCache (about 7 ms of validation each).
        _fresh(MaxAliasesLimiter(max_alias_count=lim.max_aliases)),
    ]
    if not introspection_allowed(settings):
        extensions.append(lambda: AddValidationRules([NoSchemaIntrospectionCustomRule]))
    extensions.append(lambda: OperationLimits(limits=lim, budget=budget))
    # The root schema's own extensions last, so that MaskErrors sees every error, ours included.
    extensions.extend(_fresh(e) for e in schema.extensions)
    config = dataclasses.replace(
        schema.config,
        disable_field_suggestions=settings.is_production or schema.config.disable_field_suggestions,
        relay_max_results=lim.max_page_size,
        batching_config=(
            {"max_operations": lim.max_batch_operations} if lim.max_batch_operations > 0 else None
        ),
    )
    # Strawberry types cannot be converted twice (relay fields refuse it), so the hardened schema is a
    # shallow copy of the root one sharing its GraphQL types, with its own extensions and config.
    hardened = copy.copy(schema)
    hardened.extensions = tuple(extensions)
    hardened.config = config
    return hardened
