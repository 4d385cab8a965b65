// name: api_staff_by_keys
// mode: read
// params: $keys, $allowed
// :param keys => ["S-001"]
// :param allowed => null
// column: key: the key asked for
// column: staff: its properties (null when unknown, or outside $allowed)
// Staff members by key, one row per key asked, in order. A key limited to some accounts ($allowed) sees
// only the staff who cover those accounts or know someone who works or worked there.
UNWIND $keys AS key
OPTIONAL MATCH (s:Staff {key: key})
WHERE $allowed IS NULL
   OR EXISTS { (s)-[:COVERS]->(a:Account) WHERE a.key IN $allowed }
   OR EXISTS { (s)-[:KNOWS]->(:Contact)-[:WORKS_AT]->(a:Account) WHERE a.key IN $allowed }
RETURN key, s {.*} AS staff
