// name: api_threads_by_staff
// mode: read
// params: $keys, $allowed, $afterValue, $afterKey, $beforeValue, $beforeKey, $limit, $fromEnd
// :param keys => ["S-001"]
// :param allowed => null
// :param afterValue => null
// :param afterKey => null
// :param beforeValue => null
// :param beforeKey => null
// :param limit => 21
// :param fromEnd => false
// column: key: the staff member asked for
// column: total: how many threads
// column: items: one win ordered by strength (strongest first) then id: staff, contact, strength, interactions, firstAt, lastAt, id, sortValue
// The threads of each staff member (the contacts they know), one row per key asked, with one page each.
UNWIND $keys AS key
CALL (key) {
  OPTIONAL MATCH (s:Staff {key: key})-[k:KNOWS]->(c:Contact)
    WHERE $allowed IS NULL OR EXISTS { (c)-[:WORKS_AT]->(a:Account) WHERE a.key IN $allowed }
  WITH s, k, c ORDER BY coalesce(k.strength, 0.0) DESC, s.key, c.key
  WITH collect(CASE WHEN k IS NULL THEN null ELSE {
         staff: s {.*}, contact: c {.*}, strength: coalesce(k.strength, 0.0), interactions: k.interactions,
         firstAt: k.firstAt, lastAt: k.lastAt, id: s.key + '|' + c.key,
         sortValue: toFloat(coalesce(k.strength, 0.0))} END) AS rows
  WITH rows, [x IN rows WHERE
      ($afterKey IS NULL OR x.sortValue < $afterValue OR (x.sortValue = $afterValue AND x.id > $afterKey))
      AND ($beforeKey IS NULL OR x.sortValue > $beforeValue OR (x.sortValue = $beforeValue AND x.id < $beforeKey))
    ] AS win
  RETURN size(rows) AS total,
         CASE WHEN $fromEnd THEN win[-$limit..] ELSE win[..$limit] END AS items
}
RETURN key, total, items
