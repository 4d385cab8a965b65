// name: ingest_interactions_update
// mode: write
// params: $rows
// :param rows => [{"i": 0, "at": [1767607200, 0], "props": {"source": "crm", "key": "i1", "channel": "meeting", "direction": "mutual", "sentiment": 0.5}}]
// column: updated: indexes (`i`) of the rows that corrected the interaction's properties
// column: unchanged: indexes of the rows that changed nothing (duplicates)
// Replayed interactions, found by (source, key): a replay never counts twice. One whose values
// differ has its own properties corrected; its account, participants and threads stay as first imported.
// The rows are ingest_interactions_create's (their account and participants go unused here).
// `at` is occurredAt as [seconds since 1970-01-01T00:00Z, nanoseconds] (see ingest_interactions_create).
UNWIND $rows AS row
WITH row, row.props AS given
WITH row, given {.*, occurredAt: datetime({epochSeconds: row.at[0], nanosecond: row.at[1]})} AS props
MATCH (i:Interaction {source: props.source, key: props.key})
WITH row, i, props, any(k IN keys(props)
       WHERE NOT coalesce(i[k] = props[k], i[k] IS NULL AND props[k] IS NULL)) AS isChanged
FOREACH (_ IN CASE WHEN isChanged THEN [1] ELSE [] END | SET i += props)
RETURN collect(CASE WHEN isChanged THEN row.i END) AS updated,
       collect(CASE WHEN NOT isChanged THEN row.i END) AS unchanged
