// name: api_staff_page
// mode: read
// params: $allowed, $functions, $active, $search, $covers, $orderBy, $descending, $keyDescending, $startValue, $startKey, $stopValue, $stopKey, $limit
// :param allowed => null
// :param functions => ["sales", "success"]
// :param active => true
// :param search => null
// :param covers => null
// :param orderBy => "name"
// :param descending => false
// :param keyDescending => false
// :param startValue => null
// :param startKey => null
// :param stopValue => null
// :param stopKey => null
// :param limit => 20
// column: staff: the staff member's properties
// column: sortValue: the value the page is ordered by (a cursor is this value and the key)
// One page of our staff, filtered and ordered, keyset-paginated on (sort value, key) as api_accounts_page
// is. $allowed (null = all) limits the staff an API key may see to those api_staff_by_keys shows: who
// cover one of its accounts or know (KNOWS) someone who works or worked there. `$functions` is any of
// those functions (an empty list matches nobody); `$active` a missing `active` counts as true, as the
// API reads it; `$covers` an account key: staff with a COVERS edge to it (whatever its role or period),
// nobody when the account is outside $allowed. `$search` matches the name or the email, both folded as
// api_accounts_page folds names (lower case, NFKD, no combining marks: "jose" finds "José").
// $orderBy is `name` (folded, as accounts' NAME order) or `accountsCovered`: how many distinct accounts
// the staff member covers among those the key may see (the accounts `Staff.coverage` lists), as a float.
// Each sort value is computed only when the page orders by it (or searches, for the name). The page is
// read in the order ($descending, $keyDescending) from the row after ($startValue, $startKey) and stops
// before ($stopValue, $stopKey), each null when absent (Relay's `after` and `before`, read backward for
// `last`).
WITH CASE WHEN $search IS NULL THEN null ELSE reduce(s = '', c IN split(toLower(normalize($search, NFKD)), '') | s + CASE WHEN c >= '\u0300' AND c <= '\u036f' THEN '' ELSE c END) END AS needle
MATCH (s:Staff)
WHERE ($allowed IS NULL
       OR EXISTS { (s)-[:COVERS]->(a:Account) WHERE a.key IN $allowed }
       OR EXISTS { (s)-[:KNOWS]->(:Contact)-[:WORKS_AT]->(a:Account) WHERE a.key IN $allowed })
  AND ($functions IS NULL OR s.function IN $functions)
  AND ($active IS NULL OR coalesce(s.active, true) = $active)
  AND ($covers IS NULL OR EXISTS { (s)-[:COVERS]->(a:Account {key: $covers}) WHERE $allowed IS NULL OR a.key IN $allowed })
WITH s, needle,
     CASE WHEN needle IS NOT NULL OR $orderBy = 'name' THEN reduce(x = '', c IN split(toLower(normalize(coalesce(s.name, ''), NFKD)), '') | x + CASE WHEN c >= '\u0300' AND c <= '\u036f' THEN '' ELSE c END) END AS folded
WHERE needle IS NULL OR folded CONTAINS needle
   OR reduce(x = '', c IN split(toLower(normalize(coalesce(s.email, ''), NFKD)), '') | x + CASE WHEN c >= '\u0300' AND c <= '\u036f' THEN '' ELSE c END) CONTAINS needle
WITH s, CASE $orderBy
          WHEN 'name' THEN folded
          WHEN 'accountsCovered' THEN toFloat(COUNT { MATCH (s)-[:COVERS]->(a:Account) WHERE $allowed IS NULL OR a.key IN $allowed RETURN DISTINCT a })
        END AS sortValue
WHERE ($startKey IS NULL
       OR (CASE WHEN $descending THEN sortValue < $startValue ELSE sortValue > $startValue END)
       OR (sortValue = $startValue AND CASE WHEN $keyDescending THEN s.key < $startKey ELSE s.key > $startKey END))
  AND ($stopKey IS NULL
       OR (CASE WHEN $descending THEN sortValue > $stopValue ELSE sortValue < $stopValue END)
       OR (sortValue = $stopValue AND CASE WHEN $keyDescending THEN s.key > $stopKey ELSE s.key < $stopKey END))
RETURN s {.*} AS staff, sortValue
ORDER BY CASE WHEN $descending THEN null ELSE sortValue END ASC,
         CASE WHEN $descending THEN sortValue END DESC,
         CASE WHEN $keyDescending THEN null ELSE s.key END ASC,
         CASE WHEN $keyDescending THEN s.key END DESC
LIMIT $limit
