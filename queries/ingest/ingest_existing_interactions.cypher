// name: ingest_existing_interactions
// mode: read
// params: $ids
// :param ids => [{"source": "crm", "key": "i1"}]
// column: source: the source of a stored interaction among the given ones
// column: key: its key
// Which of a batch's interactions, by (source, key), are stored already (on the unique constraint's
// index)? Ingestion creates the others and compares these with the rows.
UNWIND $ids AS id
MATCH (i:Interaction {source: id.source, key: id.key})
RETURN i.source AS source, i.key AS key
