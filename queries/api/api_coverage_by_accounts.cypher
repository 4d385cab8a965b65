// name: api_coverage_by_accounts
// mode: read
// params: $keys, $allowed
// :param keys => ["A-0001"]
// :param allowed => null
// column: key: the account asked for
// column: coverage: the staff who cover it: staff (properties), role, since, until
// Who of ours covers each account (owner, csm, support, executive sponsor), one row per account asked.
UNWIND $keys AS key
CALL (key) {
  OPTIONAL MATCH (s:Staff)-[cv:COVERS]->(:Account {key: key})
  WHERE $allowed IS NULL OR key IN $allowed
  WITH s, cv ORDER BY cv.role, s.name, s.key
  RETURN collect(CASE WHEN s IS NULL THEN null ELSE
           {staff: s {.*}, role: cv.role, since: cv.since, until: cv.until, accountKey: key} END) AS coverage
}
RETURN key, coverage
