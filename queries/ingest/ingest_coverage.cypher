// name: ingest_coverage
// mode: write
// params: $rows
// :param rows => [{"i": 0, "staffKey": "s1", "accountKey": "a1", "role": "owner", "since": null, "until": null}]
// column: i: the row's index in the batch
// column: outcome: inserted, updated or duplicate
// Staff coverage of accounts: one COVERS per (staff, account, role), whose since/until the row sets.
UNWIND $rows AS row
MATCH (s:Staff {key: row.staffKey})
MATCH (a:Account {key: row.accountKey})
OPTIONAL MATCH (s)-[old:COVERS {role: row.role}]->(a)
WITH row, s, a, old IS NULL AS isNew, old {.since, .until} AS before
MERGE (s)-[r:COVERS {role: row.role}]->(a)
SET r.since = row.since, r.until = row.until
RETURN row.i AS i,
       CASE WHEN isNew THEN 'inserted'
            WHEN coalesce(before.since = r.since, before.since IS NULL AND r.since IS NULL)
             AND coalesce(before.until = r.until, before.until IS NULL AND r.until IS NULL) THEN 'duplicate'
            ELSE 'updated' END AS outcome
