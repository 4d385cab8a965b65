"""The root schema: each domain's Query (and the ingest Mutation) merged into one, with the extensions.

`strawberry export-schema api.schema:schema` writes `schema.graphql` (committed; a test checks drift).
Building the schema connects to nothing.
"""

from __future__ import annotations

from strawberry.extensions import ParserCache
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types
from strawberry.types.base import get_object_definition

from api.accounts.resolvers import Query as AccountsQuery
from api.errors import ErrorMasking, should_mask_error
from api.extension_runner import Schema
from api.ingest.mutations import Mutation as IngestMutation
from api.naming import RememberingNameConverter
from api.node import NodeQuery
from api.partners.resolvers import Mutation as PartnersMutation
from api.partners.resolvers import Query as PartnersQuery
from api.people.resolvers import Query as PeopleQuery
from api.planned_execution import PlannedExecutionContext
from api.portfolio.resolvers import Query as PortfolioQuery
from api.scalars import SCALAR_OVERRIDES
from api.security.caching import QueryValidationCache
from api.subscriptions import Subscription

__all__ = ["schema"]


Query = merge_types("Query", (AccountsQuery, PeopleQuery, PortfolioQuery, NodeQuery, PartnersQuery))
Mutation = merge_types("Mutation", (IngestMutation, PartnersMutation))
get_object_definition(Query, strict=True).description = (
    "Read the relationship graph: accounts, people, metrics, portfolio."
)
get_object_definition(Mutation, strict=True).description = (
    "Upsert records from the systems of record (write scope)."
)
get_object_definition(Subscription, strict=True).description = "Live events over graphql-transport-ws."

# Strawberry's Schema whose extension hooks are looked up once per class (api.extension_runner).
schema = Schema(
    query=Query,
    mutation=Mutation,
    subscription=Subscription,
    scalar_overrides=SCALAR_OVERRIDES,
    config=StrawberryConfig(name_converter=RememberingNameConverter()),
    # Queries executed from a plan kept per operation; plain leaf fields (most of an answer) without
    # graphql-core's per-field machinery (api.planned_execution, api.execution).
    execution_context_class=PlannedExecutionContext,
    extensions=[
        # Factories: a fresh extension per request; the caches themselves live at module level (per maxsize).
        lambda: ParserCache(maxsize=1000),
        # Keyed on the query text: Strawberry's ValidationCache hashes the whole document per request.
        lambda: QueryValidationCache(maxsize=1000),
        lambda: ErrorMasking(should_mask_error=should_mask_error),
    ],
)
