// name: bench_floor_interactions
// mode: write
// params: $rows
// The floor that bench/bench_ingest.py compares `relgraph import` with: the same interaction rows
// written as plain batched UNWIND ... MERGE of the interaction (its links CREATEd, as on a first load),
// with no validation, no existence check, no accounting, and a KNOWS count that a replay would
// inflate. The cheapest statement that writes the same graph. Not for use outside the benchmark.
UNWIND $rows AS row
MERGE (i:Interaction {source: row.source, key: row.key})
SET i += row.props
WITH row, i
MATCH (a:Account {key: row.accountKey})
CREATE (i)-[:WITH_ACCOUNT]->(a)
WITH row, i
CALL (row, i) {
  UNWIND row.contactKeys AS ck
  MATCH (c:Contact {key: ck})
  CREATE (c)-[:PARTICIPATED_IN]->(i)
  WITH row, c
  UNWIND row.staffKeys AS sk
  MATCH (s:Staff {key: sk})
  MERGE (s)-[k:KNOWS]->(c)
  ON CREATE SET k.interactions = 1, k.firstAt = row.occurredAt, k.lastAt = row.occurredAt
  ON MATCH SET k.interactions = k.interactions + 1, k.lastAt = row.occurredAt
}
CALL (row, i) {
  UNWIND row.staffKeys AS sk
  MATCH (s:Staff {key: sk})
  CREATE (s)-[:PARTICIPATED_IN]->(i)
}
