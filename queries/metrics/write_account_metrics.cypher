// name: write_account_metrics
// mode: write
// params: $rows
// :param rows => [{"key": "A-0001", "props": {"riskScore": 40.0, "riskLevel": "MEDIUM"}, "threads": [{"staffKey": "S-001", "contactKey": "C-00001", "strength": 2.5}]}]
// Materialize the metrics of many accounts at once: each row's `props` onto its Account (a null removes
// the property), and each thread's strength onto the KNOWS relationship the ingestion keeps.
UNWIND $rows AS row
MATCH (a:Account {key: row.key})
SET a += row.props
WITH row
UNWIND row.threads AS t
MATCH (:Staff {key: t.staffKey})-[k:KNOWS]->(:Contact {key: t.contactKey})
SET k.strength = t.strength
