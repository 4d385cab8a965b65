"""Fixtures of the metrics tests: small hand-built worlds written straight into Neo4j.

The statements here are test scaffolding (the application's own Cypher lives in `queries/`); they write
exactly the graph of DESIGN.md so that the metrics' queries are tested without depending on ingestion.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pytest

from graph.store import Store

_LOAD = """
UNWIND $accounts AS a
MERGE (x:Account {key: a.key}) SET x += a
WITH count(*) AS _
UNWIND $contacts AS c
MERGE (x:Contact {key: c.key}) SET x += c.props
WITH c, x
UNWIND c.jobs AS j
MATCH (a:Account {key: j.account})
MERGE (x)-[w:WORKS_AT]->(a) SET w.since = j.since, w.until = j.until
WITH count(*) AS _
UNWIND $reports AS r
MATCH (x:Contact {key: r[0]}), (m:Contact {key: r[1]})
MERGE (x)-[:REPORTS_TO]->(m)
WITH count(*) AS _
UNWIND $staff AS s
MERGE (x:Staff {key: s.key}) SET x += s
WITH count(*) AS _
UNWIND $coverage AS cv
MATCH (s:Staff {key: cv.staff}), (a:Account {key: cv.account})
MERGE (s)-[r:COVERS]->(a) SET r.role = cv.role
WITH count(*) AS _
UNWIND $interactions AS i
MATCH (a:Account {key: i.account})
MERGE (n:Interaction {source: 'test', key: i.key})
SET n.channel = i.channel, n.direction = i.direction, n.occurredAt = i.occurredAt,
    n.durationMinutes = i.durationMinutes, n.cost = i.cost
MERGE (n)-[:WITH_ACCOUNT]->(a)
WITH n, i
CALL (n, i) {
  UNWIND i.contacts AS ck
  MATCH (c:Contact {key: ck}) MERGE (c)-[:PARTICIPATED_IN]->(n)
}
CALL (n, i) {
  UNWIND i.staff AS sk
  MATCH (s:Staff {key: sk}) MERGE (s)-[:PARTICIPATED_IN]->(n)
}
CALL (n, i) {
  UNWIND i.staff AS sk
  UNWIND i.contacts AS ck
  MATCH (s:Staff {key: sk}), (c:Contact {key: ck})
  MERGE (s)-[k:KNOWS]->(c)
}
RETURN count(*) AS interactions
"""


def load_world(store: Store, world: Mapping[str, Sequence[Any]]) -> None:
    """Write a small world: accounts, contacts (with jobs), reports, staff, coverage, interactions."""
    params = {
        k: list(world.get(k, []))
        for k in ("accounts", "contacts", "reports", "staff", "coverage", "interactions")
    }
    with store.driver.session(database=store.database) as session:
        session.run(_LOAD, params).consume()


@pytest.fixture
def world_store(clean_store: Store) -> Store:
    """An empty graph to load a hand-built world into with `load_world`."""
    return clean_store
