// name: ingest_interactions_update
// mode: write
// params: $rows
// :param rows => [{"i": 0, "props": {"source": "crm", "key": "i1", "channel": "meeting", "direction": "mutual", "occurredAt": "2026-01-05T10:00:00Z", "sentiment": 0.5}}]
// column: i: the row's index in the batch
// column: outcome: updated (the row corrected the interaction's properties) or duplicate (nothing changed)
// Replayed interactions, found by (source, key): a replay never counts twice. One whose values
// differ has its own properties corrected; its account, participants and threads stay as first imported.
UNWIND $rows AS row
MATCH (i:Interaction {source: row.props.source, key: row.props.key})
WITH row, i, any(k IN keys(row.props)
       WHERE NOT coalesce(i[k] = row.props[k], i[k] IS NULL AND row.props[k] IS NULL)) AS isChanged
FOREACH (_ IN CASE WHEN isChanged THEN [1] ELSE [] END | SET i += row.props)
RETURN row.i AS i, CASE WHEN isChanged THEN 'updated' ELSE 'duplicate' END AS outcome
