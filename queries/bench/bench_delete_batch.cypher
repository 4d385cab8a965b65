// name: bench_delete_batch
// mode: write
// params: $limit
// :param limit => 10000
// column: deleted: how many relationships or nodes this slice deleted (0 when the graph is empty)
// Empty the benchmark's scratch database a slice at a time: relationships first, then the nodes
// (deleting a large graph at once would need a heap as large as the graph). Never run on data you keep.
OPTIONAL MATCH ()-[r]->()
WITH r LIMIT $limit
DELETE r
WITH count(r) AS rels
CALL (rels) {
  WITH rels WHERE rels = 0
  MATCH (n)
  WHERE NOT n:SchemaVersion
  WITH n LIMIT $limit
  DETACH DELETE n
  RETURN count(n) AS nodes
}
RETURN rels + nodes AS deleted
