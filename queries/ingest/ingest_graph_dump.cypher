// name: ingest_graph_dump
// mode: read
// params: none
// column: nodes: every node as {labels, props}
// column: rels: every relationship as {from, type, to, props} (ends named by their key, source/key for interactions)
// The whole graph as plain values, to compare two imports (tests of idempotency; small graphs only).
CALL () {
  MATCH (n)
  WHERE NOT n:ApiKey AND NOT n:SchemaVersion
  RETURN collect({labels: labels(n), props: properties(n)}) AS nodes
}
CALL () {
  MATCH (a)-[r]->(b)
  RETURN collect({
    from: coalesce(a.source + '/', '') + a.key, type: type(r), to: coalesce(b.source + '/', '') + b.key,
    props: properties(r)
  }) AS rels
}
RETURN nodes, rels
