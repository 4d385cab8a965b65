// name: api_participants_by_interactions
// mode: read
// params: $keys
// :param keys => [{"source": "crm", "key": "I-1"}]
// column: source: the interaction's source
// column: key: the interaction's key
// column: contacts: the contacts who took part (properties)
// column: staff: the staff who took part (properties)
// Who took part in each interaction, one row per (source, key) asked.
UNWIND $keys AS k
OPTIONAL MATCH (i:Interaction {source: k.source, key: k.key})
CALL (i) {
  OPTIONAL MATCH (c:Contact)-[:PARTICIPATED_IN]->(i)
  WITH c ORDER BY c.name, c.key
  RETURN collect(c {.*}) AS contacts
}
CALL (i) {
  OPTIONAL MATCH (s:Staff)-[:PARTICIPATED_IN]->(i)
  WITH s ORDER BY s.name, s.key
  RETURN collect(s {.*}) AS staff
}
RETURN k.source AS source, k.key AS key, contacts, staff
