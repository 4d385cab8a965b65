// name: ingest_staff
// mode: write
// params: $rows
// :param rows => [{"i": 0, "key": "k1", "props": {"key": "k1", "name": "Example"}}]
// column: i: the row's index in the batch
// column: outcome: inserted, updated or duplicate (stored values already equal the row's)
// Upsert staff nodes by key from a batch of validated rows. `props` holds every property of the
// record (absent ones as null, which removes them: the record is the whole truth about the node).
// Materialized properties that are not in the record (metrics) are left alone.
UNWIND $rows AS row
OPTIONAL MATCH (old:Staff {key: row.key})
WITH row, old IS NULL AS isNew,
     old IS NOT NULL AND any(k IN keys(row.props)
       WHERE NOT coalesce(old[k] = row.props[k], old[k] IS NULL AND row.props[k] IS NULL)) AS isChanged
MERGE (n:Staff {key: row.key})
FOREACH (_ IN CASE WHEN isNew OR isChanged THEN [1] ELSE [] END | SET n += row.props)
RETURN row.i AS i,
       CASE WHEN isNew THEN 'inserted' WHEN isChanged THEN 'updated' ELSE 'duplicate' END AS outcome
