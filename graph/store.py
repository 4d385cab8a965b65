"""The only part of relgraph that talks to Neo4j: named queries in, plain Python values out.

`Store` (sync, for the command line, ingestion and refresh) and `AsyncStore` (for the API) run
the statements of `queries/` by name, with values only as parameters, reads routed as reads and
the database always named, so that they work unchanged against a `neo4j://` cluster.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime
from typing import Any, TypeVar

import neo4j
from neo4j import AsyncGraphDatabase, GraphDatabase, RoutingControl
from neo4j.exceptions import AuthError, ServiceUnavailable
from neo4j.graph import Node, Relationship
from neo4j.time import Date as Neo4jDate
from neo4j.time import DateTime as Neo4jDateTime
from neo4j.time import Duration as Neo4jDuration

from graph.errors import StoreUnavailable
from graph.settings import Settings
from queries import Query, load

__all__ = ["AsyncStore", "AsyncTx", "Row", "Store", "Tx", "to_native"]

Row = dict[str, Any]
T = TypeVar("T")


def to_native(value: Any) -> Any:
    """Turn Neo4j's temporal, node and relationship values into plain Python ones."""
    if isinstance(value, Neo4jDateTime):
        return value.to_native()
    if isinstance(value, Neo4jDate):
        return value.to_native()
    if isinstance(value, Neo4jDuration):
        return value
    if isinstance(value, (Node, Relationship)):
        return {k: to_native(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_native(v) for v in value]
    if isinstance(value, dict):
        return {k: to_native(v) for k, v in value.items()}
    return value


def _rows(records: list[neo4j.Record]) -> list[Row]:
    return [{k: to_native(v) for k, v in r.items()} for r in records]


class _Batch(list):  # type: ignore[type-arg]
    """A long list parameter whose repr is its length.

    The driver (6.x) formats every RUN message for its debug log eagerly, debug logging on or not:
    `repr` of a 2,000-row batch cost ~6% of an import's writing thread. Packed like any list.
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return f"<{len(self)} items>"


_QUIET_FROM = 16  # shorter lists are cheap to format, and more useful in a debug log


def _to_neo4j(value: Any) -> Any:
    """Parameters: datetimes must be timezone-aware so Neo4j keeps the instant."""
    if isinstance(value, datetime) and value.tzinfo is None:
        raise ValueError(f"naive datetime {value.isoformat()} given as a Cypher parameter; attach a timezone")
    if type(value) is list and len(value) >= _QUIET_FROM:
        return _Batch(value)
    return value


def _prepare(name: str, params: Mapping[str, Any], timeout: float | None) -> tuple[Query, neo4j.Query, dict]:
    query = load(name)
    query.check_params(params)
    values = {k: _to_neo4j(v) for k, v in params.items()}
    return query, neo4j.Query(query.text, timeout=timeout), values  # type: ignore[arg-type]


def _auth(settings: Settings) -> tuple[str, str] | None:
    return (settings.neo4j_user, settings.neo4j_password) if settings.neo4j_password else None


def _driver_options(settings: Settings) -> dict[str, Any]:
    return {
        "max_connection_pool_size": settings.neo4j_max_pool_size,
        # "The property `x` does not exist" on a graph that holds none yet (an empty risk event log, a key
        # without account scopes): our statements are fixed files, so these notices only spam the logs
        # (the risk feed polls every second). Deprecations and performance notices still come through.
        "notifications_disabled_classifications": [neo4j.NotificationDisabledClassification.UNRECOGNIZED],
    }


F = TypeVar("F", bound=Callable[..., Any])


def _bounded(function: F, timeout: float | None) -> F:
    """A managed transaction's function that Neo4j aborts after `timeout` seconds (None: the server's
    default), as every single statement is (`_prepare`): a batch of an import or a refresh, an API
    mutation. The abort is a client error, so the driver does not retry it."""
    return neo4j.unit_of_work(timeout=timeout)(function)  # type: ignore[no-any-return]


class Tx:
    """A managed transaction that runs named queries; its function may be retried, so keep it idempotent."""

    def __init__(self, tx: neo4j.ManagedTransaction, store: Store) -> None:
        self._tx = tx
        self._store = store

    def run(self, name: str, /, **params: Any) -> list[Row]:
        query, _, values = _prepare(name, params, None)
        self._store.statements += 1
        return _rows(list(self._tx.run(query.text, values)))


class Store:
    """Synchronous access to the graph through named queries.

    Attributes
    ----------
    statements : int
        How many statements this store has sent; tests use it to prove there is no N+1.
    """

    def __init__(self, driver: neo4j.Driver, database: str, *, timeout: float | None = None) -> None:
        self.driver = driver
        self.database = database
        self.timeout = timeout
        self.statements = 0

    @classmethod
    def connect(cls, settings: Settings) -> Store:
        """Open a driver for `settings` and check that Neo4j answers."""
        driver = GraphDatabase.driver(settings.neo4j_uri, auth=_auth(settings), **_driver_options(settings))
        try:
            driver.verify_connectivity()
        except (ServiceUnavailable, AuthError, OSError) as exc:
            driver.close()
            raise StoreUnavailable(
                f"cannot reach Neo4j at {settings.neo4j_uri}: {exc}",
                hint="start one with `relgraph neo4j start` or set NEO4J_URI/NEO4J_USER/NEO4J_PASSWORD",
            ) from exc
        return cls(driver, settings.neo4j_database, timeout=settings.neo4j_transaction_timeout_seconds)

    def close(self) -> None:
        self.driver.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def read(self, name: str, /, **params: Any) -> list[Row]:
        """Run a `read` query, routed to a reader, and return its rows."""
        return self._execute(name, params, RoutingControl.READ)

    def write(self, name: str, /, **params: Any) -> list[Row]:
        """Run one statement in its own write transaction and return its rows."""
        return self._execute(name, params, RoutingControl.WRITE)

    def _execute(self, name: str, params: Mapping[str, Any], routing: RoutingControl) -> list[Row]:
        query, cypher, values = _prepare(name, params, self.timeout)
        if routing is RoutingControl.READ and query.mode != "read":
            raise ValueError(f"query {name!r} has mode {query.mode!r}; use write()")
        self.statements += 1
        records, _, _ = self.driver.execute_query(
            cypher, values, routing_=routing, database_=self.database
        )
        return _rows(records)

    def read_tx(self, work: Callable[[Tx], T]) -> T:
        """Run `work` in one managed read transaction (retried on transient errors), within `timeout`."""
        with self.driver.session(database=self.database, default_access_mode=neo4j.READ_ACCESS) as session:
            return session.execute_read(_bounded(lambda tx: work(Tx(tx, self)), self.timeout))

    def write_tx(self, work: Callable[[Tx], T]) -> T:
        """Run `work` in one managed write transaction (retried on transient errors), within `timeout`."""
        with self.driver.session(database=self.database) as session:
            return session.execute_write(_bounded(lambda tx: work(Tx(tx, self)), self.timeout))

    def run_schema(self, name: str) -> int:
        """Apply every statement of a `schema` query in auto-commit transactions; returns their count."""
        query = load(name)
        if query.mode != "schema":
            raise ValueError(f"query {name!r} is not a schema file")
        with self.driver.session(database=self.database) as session:
            for statement in query.statements:
                self.statements += 1
                session.run(statement).consume()
        return len(query.statements)


class AsyncTx:
    """The async twin of `Tx`."""

    def __init__(self, tx: neo4j.AsyncManagedTransaction, store: AsyncStore) -> None:
        self._tx = tx
        self._store = store

    async def run(self, name: str, /, **params: Any) -> list[Row]:
        query, _, values = _prepare(name, params, None)
        self._store.statements += 1
        result = await self._tx.run(query.text, values)
        return _rows([r async for r in result])


class AsyncStore:
    """Asynchronous access to the graph through named queries, for the API (one per process)."""


    def __init__(self, driver: neo4j.AsyncDriver, database: str, *, timeout: float | None = None) -> None:
        self.driver = driver
        self.database = database
        self.timeout = timeout
        self.statements = 0

    @classmethod
    def open(cls, settings: Settings) -> AsyncStore:
        """Open a driver without waiting for Neo4j (the API starts even while Neo4j is down)."""
        driver = AsyncGraphDatabase.driver(
            settings.neo4j_uri, auth=_auth(settings), **_driver_options(settings)
        )
        return cls(driver, settings.neo4j_database, timeout=settings.neo4j_transaction_timeout_seconds)

    async def close(self) -> None:
        await self.driver.close()

    async def read(self, name: str, /, **params: Any) -> list[Row]:
        return await self._execute(name, params, RoutingControl.READ)

    async def write(self, name: str, /, **params: Any) -> list[Row]:
        return await self._execute(name, params, RoutingControl.WRITE)

    async def _execute(self, name: str, params: Mapping[str, Any], routing: RoutingControl) -> list[Row]:
        query, cypher, values = _prepare(name, params, self.timeout)
        if routing is RoutingControl.READ and query.mode != "read":
            raise ValueError(f"query {name!r} has mode {query.mode!r}; use write()")
        self.statements += 1
        records, _, _ = await self.driver.execute_query(
            cypher, values, routing_=routing, database_=self.database
        )
        return _rows(records)

    async def probe(self, name: str, /, *, within: float, **params: Any) -> list[Row]:
        """Run a `read` query once, without retries, all of it within `within` seconds.

        For readiness probes, which must answer in a few seconds whether Neo4j answers or not: `read`
        retries for up to 30 s while Neo4j is away (the driver's managed retries), and connecting to
        a host that drops packets waits as long. Here the connection (routing included) and the
        statement share one deadline, and a timeout raises `StoreUnavailable`.
        """
        query, cypher, values = _prepare(name, params, within)
        if query.mode != "read":
            raise ValueError(f"query {name!r} has mode {query.mode!r}; a probe only reads")
        self.statements += 1
        try:
            async with asyncio.timeout(within):
                async with self.driver.session(
                    database=self.database,
                    default_access_mode=neo4j.READ_ACCESS,
                    connection_acquisition_timeout=within,
                ) as session:
                    result = await session.run(cypher, values)  # auto-commit: never retried
                    return _rows([r async for r in result])
        except TimeoutError:
            raise StoreUnavailable(f"Neo4j did not answer within {within:g} s") from None

    async def read_tx(self, work: Callable[[AsyncTx], Awaitable[T]]) -> T:
        async with self.driver.session(
            database=self.database, default_access_mode=neo4j.READ_ACCESS
        ) as session:
            return await session.execute_read(_bounded(lambda tx: work(AsyncTx(tx, self)), self.timeout))

    async def write_tx(self, work: Callable[[AsyncTx], Awaitable[T]]) -> T:
        async with self.driver.session(database=self.database) as session:
            return await session.execute_write(_bounded(lambda tx: work(AsyncTx(tx, self)), self.timeout))


