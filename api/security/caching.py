"""Per-document work done once per query text, not once per request.

Strawberry's `ValidationCache` keys its LRU cache on the parsed document, and a graphql-core AST node
hashes itself by walking the whole tree: for every request, a few hundred `__hash__` calls to find a
cache entry. The document of a query text is always the same (ParserCache even returns the same
object), so `QueryValidationCache` keys on the text, the schema and the validation rules instead.
The rules are part of the key: a schema that adds a rule (MaxAliasesLimiter, no introspection) never
shares an entry with one that does not.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable, Iterator
from typing import Any, Generic, TypeVar

from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import validate_document

from api.errors import VALIDATION_FAILED, with_code

__all__ = ["LRU", "QueryValidationCache"]

V = TypeVar("V")


class LRU(Generic[V]):
    """A small least-recently-used map, bounded so that unique query texts cannot grow memory."""

    def __init__(self, maxsize: int) -> None:
        self.maxsize = maxsize
        self._items: OrderedDict[Hashable, V] = OrderedDict()

    def get(self, key: Hashable) -> V | None:
        value = self._items.get(key)
        if value is not None:
            self._items.move_to_end(key)
        return value

    def put(self, key: Hashable, value: V) -> None:
        self._items[key] = value
        self._items.move_to_end(key)
        while len(self._items) > self.maxsize:
            self._items.popitem(last=False)

    def __len__(self) -> int:
        return len(self._items)


_VALIDATIONS: dict[int, LRU[list[Any]]] = {}


class QueryValidationCache(SchemaExtension):
    """Validate each (schema, query text, rules) once; later requests reuse the errors found (if any)."""

    def __init__(self, maxsize: int = 1000) -> None:
        # Shared by every request (extensions are made per request): one cache per maxsize, as Strawberry's.
        cache = _VALIDATIONS.get(maxsize)
        if cache is None:
            cache = _VALIDATIONS[maxsize] = LRU(maxsize)
        self.cache = cache

    def on_validate(self) -> Iterator[None]:
        ec = self.execution_context
        schema = ec.schema._schema
        document = ec.graphql_document
        assert document is not None  # validation runs only once parsing succeeded
        if ec.query is None:  # a document handed over already parsed: nothing to key on
            ec.pre_execution_errors = _validate(schema, document, ec.validation_rules)
            yield
            return
        key = (schema, ec.query, ec.validation_rules)
        errors = self.cache.get(key)
        if errors is None:
            errors = _validate(schema, document, ec.validation_rules)
            self.cache.put(key, errors)
        # A copy: Strawberry and MaskErrors may replace entries of the request's list.
        ec.pre_execution_errors = list(errors)
        yield


def _validate(schema: Any, document: Any, rules: Any) -> list[Any]:
    """The document's validation errors, each with its code (unless a rule gave it its own)."""
    return [with_code(error, VALIDATION_FAILED) for error in validate_document(schema, document, rules)]
