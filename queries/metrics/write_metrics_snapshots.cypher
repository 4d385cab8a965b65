// name: write_metrics_snapshots
// mode: write
// params: $rows
// :param rows => [{"key": "A-0001", "snapshot": {"day": "2026-01-01", "at": "2026-01-01T00:00:00Z", "riskScore": 40.0, "riskLevel": "MEDIUM"}}]
// column: written: snapshots written
// Backfill of the risk history: each row's `snapshot` as the account's MetricsSnapshot of that day,
// leaving the Account's current metrics alone. A later instant of the same day wins over an earlier one.
UNWIND $rows AS row
MATCH (a:Account {key: row.key})
MERGE (s:MetricsSnapshot {accountKey: a.key, day: date(row.snapshot.day)})
WITH a, row, s
WHERE s.at IS NULL OR s.at <= row.snapshot.at
SET s += row.snapshot, s.day = date(row.snapshot.day)
MERGE (a)-[:HAD_METRICS]->(s)
RETURN count(s) AS written
