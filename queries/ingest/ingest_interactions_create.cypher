// name: ingest_interactions_create
// mode: write
// params: $rows
// :param rows => [{"i": 0, "accountKey": "a1", "at": [1767607200, 0], "contactKeys": ["c1"], "staffKeys": ["s1"], "props": {"source": "crm", "key": "i1", "channel": "meeting", "direction": "mutual"}}]
// column: created: the indexes (`i`) of the rows created, as one list (one record, not one per row)
// Create interactions that the same transaction found absent (ingest_interactions_lookup); the
// unique constraint on (source, key) refuses a concurrent twin, and ingestion then retries the batch.
// Each new interaction links its account and participants and counts once on the staff-contact
// KNOWS threads (interactions, firstAt, lastAt); the metrics refresh sets their strength.
// `at` is occurredAt as [seconds since 1970-01-01T00:00Z, nanoseconds]: an exact UTC instant that
// costs the Python driver nothing to send (a datetime parameter costs it ~30 µs of pure Python each).
// The properties are named one by one (not `SET i = row.props`): the plan then needs one Eager
// operator instead of three.
UNWIND $rows AS row
WITH row, datetime({epochSeconds: row.at[0], nanosecond: row.at[1]}) AS at
MATCH (a:Account {key: row.accountKey})
CREATE (i:Interaction {
  source: row.props.source, key: row.props.key, channel: row.props.channel, occurredAt: at,
  direction: row.props.direction, durationMinutes: row.props.durationMinutes, cost: row.props.cost,
  sentiment: row.props.sentiment, subject: row.props.subject
})-[:WITH_ACCOUNT]->(a)
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
  ON MATCH SET k.interactions = k.interactions + 1,
               k.firstAt = CASE WHEN at < k.firstAt THEN at ELSE k.firstAt END,
               k.lastAt = CASE WHEN at > k.lastAt THEN at ELSE k.lastAt END
}
CALL (row, i) {
  UNWIND row.staffKeys AS sk
  MATCH (s:Staff {key: sk})
  CREATE (s)-[:PARTICIPATED_IN]->(i)
}
RETURN collect(row.i) AS created
