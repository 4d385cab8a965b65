// name: api_coverage_by_staff
// mode: read
// params: $keys, $allowed
// :param keys => ["S-001"]
// :param allowed => null
// column: key: the staff member asked for
// column: coverage: the accounts they cover: account (properties), role, since, until
// The accounts each staff member covers, one row per staff member asked; $allowed hides other accounts.
UNWIND $keys AS key
CALL (key) {
  OPTIONAL MATCH (:Staff {key: key})-[cv:COVERS]->(a:Account)
  WHERE $allowed IS NULL OR a.key IN $allowed
  WITH a, cv ORDER BY a.name, a.key
  RETURN collect(CASE WHEN a IS NULL THEN null ELSE
           {account: a {.*}, role: cv.role, since: cv.since, until: cv.until, staffKey: key} END) AS coverage
}
RETURN key, coverage
