// name: bench_floor_interactions
// mode: write
// params: $rows
// The floor that bench/bench_ingest.py compares `relgraph import` with: the same interaction rows
// written as plain batched UNWIND ... MERGE of the interaction (its links CREATEd, as on a first load),
// with no validation, no existence check, no accounting, and a KNOWS count that a replay would
// inflate. The cheapest statement that writes the same graph. Not for use outside the benchmark.
// `at` is occurredAt as [seconds since 1970-01-01T00:00Z, nanoseconds], the cheap encoding the
// import uses too, so that neither side pays the Python driver's datetime conversion.
UNWIND $rows AS row
WITH row, datetime({epochSeconds: row.at[0], nanosecond: row.at[1]}) AS at
MERGE (i:Interaction {source: row.source, key: row.key})
SET i += row.props, i.occurredAt = at
WITH row, i, at
MATCH (a:Account {key: row.accountKey})
CREATE (i)-[:WITH_ACCOUNT]->(a)
WITH row, i, at
CALL (row, i, at) {
  UNWIND row.contactKeys AS ck
  MATCH (c:Contact {key: ck})
  CREATE (c)-[:PARTICIPATED_IN]->(i)
  WITH c
  UNWIND row.staffKeys AS sk
  MATCH (s:Staff {key: sk})
  MERGE (s)-[k:KNOWS]->(c)
  ON CREATE SET k.interactions = 1, k.firstAt = at, k.lastAt = at
  ON MATCH SET k.interactions = k.interactions + 1, k.lastAt = at
}
CALL (row, i) {
  UNWIND row.staffKeys AS sk
  MATCH (s:Staff {key: sk})
  CREATE (s)-[:PARTICIPATED_IN]->(i)
}
