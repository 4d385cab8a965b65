// name: ingest_interactions_create
// mode: write
// params: $rows
// :param rows => [{"i": 0, "accountKey": "a1", "occurredAt": "2026-01-05T10:00:00Z", "contactKeys": ["c1"], "staffKeys": ["s1"], "props": {"source": "crm", "key": "i1", "channel": "meeting", "direction": "mutual", "occurredAt": "2026-01-05T10:00:00Z"}}]
// column: i: the row's index in the batch
// Create interactions that the same transaction found absent (ingest_existing_interactions); the
// unique constraint on (source, key) refuses a concurrent twin, and ingestion then retries the batch.
// Each new interaction links its account and participants and counts once on the staff-contact
// KNOWS threads (interactions, firstAt, lastAt); the metrics refresh sets their strength.
UNWIND $rows AS row
MATCH (a:Account {key: row.accountKey})
CREATE (i:Interaction)
SET i = row.props
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
  ON MATCH SET k.interactions = k.interactions + 1,
               k.firstAt = CASE WHEN row.occurredAt < k.firstAt THEN row.occurredAt ELSE k.firstAt END,
               k.lastAt = CASE WHEN row.occurredAt > k.lastAt THEN row.occurredAt ELSE k.lastAt END
}
CALL (row, i) {
  UNWIND row.staffKeys AS sk
  MATCH (s:Staff {key: sk})
  CREATE (s)-[:PARTICIPATED_IN]->(i)
}
RETURN row.i AS i
