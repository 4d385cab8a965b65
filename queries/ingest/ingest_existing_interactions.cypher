// name: ingest_existing_interactions
// mode: read
// params: $ids
// :param ids => [{"n": 0, "source": "crm", "key": "i1"}]
// column: stored: the `n` of every given interaction that is stored already, as one list
// Which of a batch's interactions, by (source, key), are stored already (on the unique constraint's
// index)? Ingestion creates the others and compares these with the rows.
UNWIND $ids AS id
MATCH (i:Interaction {source: id.source, key: id.key})
RETURN collect(id.n) AS stored
