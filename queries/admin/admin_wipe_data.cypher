// name: admin_wipe_data
// mode: write
// params: $batchSize
// Deletes up to $batchSize nodes (with their relationships), sparing the record of the applied schema,
// and returns how many it deleted; callers repeat it until 0 so no transaction outgrows Neo4j's memory
// pool on a large graph. Tests use it to start from an empty graph; there is no command for it on purpose.
MATCH (n)
WHERE NOT n:SchemaVersion
WITH n LIMIT $batchSize
DETACH DELETE n
RETURN count(*) AS deleted
