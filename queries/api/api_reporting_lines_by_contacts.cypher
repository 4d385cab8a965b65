// name: api_reporting_lines_by_contacts
// mode: read
// params: $keys, $allowed
// :param keys => ["C-00001"]
// :param allowed => null
// column: key: the contact key asked for
// column: line: {manager: the properties of the contact they report to (null: none recorded, or not at an account in $allowed), reports: the properties of those who report to them, by name}
// Each contact's reporting line (REPORTS_TO, one manager per contact), both ways, one row per key asked.
// $allowed (an API key's accounts; null for all) keeps the people who work or worked at one of them,
// as every contact the API answers.
UNWIND $keys AS key
OPTIONAL MATCH (c:Contact {key: key})
CALL (c) {
  OPTIONAL MATCH (c)-[:REPORTS_TO]->(m:Contact)
  WHERE $allowed IS NULL OR EXISTS { (m)-[:WORKS_AT]->(a:Account) WHERE a.key IN $allowed }
  RETURN m {.*} AS manager
  LIMIT 1
}
CALL (c) {
  OPTIONAL MATCH (r:Contact)-[:REPORTS_TO]->(c)
  WHERE $allowed IS NULL OR EXISTS { (r)-[:WORKS_AT]->(a:Account) WHERE a.key IN $allowed }
  WITH r ORDER BY r.name, r.key
  RETURN collect(r {.*}) AS reports
}
RETURN key, {manager: manager, reports: reports} AS line
