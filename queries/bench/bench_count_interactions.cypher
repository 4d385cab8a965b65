// name: bench_count_interactions
// mode: read
// params: none
// column: interactions: how many interactions are stored (from the count store: constant time)
// Progress of a long import, read by bench/bench_ingest_memory.py while `relgraph import` runs.
MATCH (i:Interaction)
RETURN count(i) AS interactions
