// name: ingest_contact_reports_to
// mode: write
// params: $rows
// :param rows => [{"i": 0, "key": "c1", "reportsToKey": "c2"}]
// column: i: the row's index in the batch
// column: changed: whether REPORTS_TO was created or replaced
// A contact reports to one manager: set REPORTS_TO to the named contact, removing an older one.
UNWIND $rows AS row
MATCH (c:Contact {key: row.key})
MATCH (m:Contact {key: row.reportsToKey})
OPTIONAL MATCH (c)-[same:REPORTS_TO]->(m)
CALL (c, m) {
  OPTIONAL MATCH (c)-[r:REPORTS_TO]->(o)
  WHERE o <> m
  DELETE r
  RETURN count(r) AS removed
}
MERGE (c)-[:REPORTS_TO]->(m)
RETURN row.i AS i, same IS NULL OR removed > 0 AS changed
