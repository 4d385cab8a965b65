// name: bench_delete_interactions
// mode: write
// params: $limit
// :param limit => 10000
// column: deleted: how many interactions or KNOWS threads this slice deleted (0 when none are left)
// Empty the benchmark's scratch database of interactions (with their links) and then of KNOWS threads,
// a slice at a time, so that the next run starts from the same accounts, contacts and staff without
// importing them again. Never run on data you keep.
CALL () {
  MATCH (i:Interaction)
  WITH i LIMIT $limit
  DETACH DELETE i
  RETURN count(i) AS nodes
}
CALL (nodes) {
  WITH nodes WHERE nodes = 0
  MATCH ()-[k:KNOWS]->()
  WITH k LIMIT $limit
  DELETE k
  RETURN count(k) AS threads
}
RETURN nodes + threads AS deleted
