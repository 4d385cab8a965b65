// name: api_employments_by_contacts
// mode: read
// params: $keys, $allowed
// :param keys => ["C-00001"]
// :param allowed => null
// column: key: the contact asked for
// column: employments: where they work or worked: account (properties), since, until, current, and the role, title and seniority held there (the contact's present ones when the employment has none: stored before relgraph kept them)
// Each contact's jobs at our accounts, latest first, one row per contact asked.
UNWIND $keys AS key
CALL (key) {
  OPTIONAL MATCH (c:Contact {key: key})-[w:WORKS_AT]->(a:Account)
  WHERE $allowed IS NULL OR a.key IN $allowed
  WITH c, a, w, w.role IS NULL AS unkept ORDER BY w.until IS NULL DESC, w.until DESC, w.since DESC, a.key
  RETURN collect(CASE WHEN a IS NULL THEN null ELSE
           {account: a {.*}, since: w.since, until: w.until, current: w.until IS NULL OR w.until > datetime(),
            role: CASE WHEN unkept THEN c.role ELSE w.role END,
            title: CASE WHEN unkept THEN c.title ELSE w.title END,
            seniority: CASE WHEN unkept THEN c.seniority ELSE w.seniority END} END)
         AS employments
}
RETURN key, employments
