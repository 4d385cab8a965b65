// name: write_account_metrics
// mode: write
// params: $rows
// :param rows => [{"key": "A-0001", "props": {"riskScore": 40.0, "riskLevel": "MEDIUM"}, "snapshot": {"day": "2026-01-01", "at": "2026-01-01T06:00:00Z", "riskScore": 40.0, "riskLevel": "MEDIUM"}, "threads": [{"staffKey": "S-001", "contactKey": "C-00001", "strength": 2.5}]}]
// Materialize the metrics of many accounts at once: each row's `props` onto its Account (a null removes
// the property), its `snapshot` into the account's risk history (one MetricsSnapshot a day: the latest
// refresh of the day wins), and each thread's strength onto the KNOWS relationship the ingestion keeps.
UNWIND $rows AS row
MATCH (a:Account {key: row.key})
SET a += row.props
WITH a, row
CALL (a, row) {
  WITH a, row WHERE row.snapshot IS NOT NULL
  MERGE (s:MetricsSnapshot {accountKey: a.key, day: date(row.snapshot.day)})
  WITH a, row, s
  WHERE s.at IS NULL OR s.at <= row.snapshot.at
  SET s += row.snapshot, s.day = date(row.snapshot.day)
  MERGE (a)-[:HAD_METRICS]->(s)
}
WITH row
UNWIND row.threads AS t
MATCH (:Staff {key: t.staffKey})-[k:KNOWS]->(:Contact {key: t.contactKey})
SET k.strength = t.strength
