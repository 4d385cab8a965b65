// name: api_staff_count
// mode: read
// params: $allowed, $functions, $active, $search, $covers
// :param allowed => null
// :param functions => ["sales", "success"]
// :param active => true
// :param search => null
// :param covers => null
// column: total: how many staff members match the filters
// How many staff members match the filters of `api_staff_page` (the connection's totalCount), with the
// same visibility under $allowed and `$search` matching the name or email folded as there (lower case,
// NFKD, no combining marks).
WITH CASE WHEN $search IS NULL THEN null ELSE reduce(s = '', c IN split(toLower(normalize($search, NFKD)), '') | s + CASE WHEN c >= '\u0300' AND c <= '\u036f' THEN '' ELSE c END) END AS needle
MATCH (s:Staff)
WHERE ($allowed IS NULL
       OR EXISTS { (s)-[:COVERS]->(a:Account) WHERE a.key IN $allowed }
       OR EXISTS { (s)-[:KNOWS]->(:Contact)-[:WORKS_AT]->(a:Account) WHERE a.key IN $allowed })
  AND ($functions IS NULL OR s.function IN $functions)
  AND ($active IS NULL OR coalesce(s.active, true) = $active)
  AND ($covers IS NULL OR EXISTS { (s)-[:COVERS]->(a:Account {key: $covers}) WHERE $allowed IS NULL OR a.key IN $allowed })
  AND (needle IS NULL
       OR reduce(x = '', c IN split(toLower(normalize(coalesce(s.name, ''), NFKD)), '') | x + CASE WHEN c >= '\u0300' AND c <= '\u036f' THEN '' ELSE c END) CONTAINS needle
       OR reduce(x = '', c IN split(toLower(normalize(coalesce(s.email, ''), NFKD)), '') | x + CASE WHEN c >= '\u0300' AND c <= '\u036f' THEN '' ELSE c END) CONTAINS needle)
RETURN count(s) AS total
