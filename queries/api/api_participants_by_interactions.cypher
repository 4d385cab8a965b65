// name: api_participants_by_interactions
// mode: read
// params: $keys, $allowed
// :param keys => [{"source": "crm", "key": "I-1"}]
// :param allowed => null
// column: source: the interaction's source
// column: key: the interaction's key
// column: contacts: the contacts who took part (properties), those $allowed may see
// column: staff: the staff who took part (properties), those $allowed may see
// Who took part in each interaction, one row per (source, key) asked. With $allowed, only the people a
// key limited to those accounts may see (as api_contacts_by_keys and api_staff_by_keys): an interaction
// of its account may name someone of another account (an unlimited writer may record that).
UNWIND $keys AS k
OPTIONAL MATCH (i:Interaction {source: k.source, key: k.key})
CALL (i) {
  OPTIONAL MATCH (c:Contact)-[:PARTICIPATED_IN]->(i)
  WHERE $allowed IS NULL OR EXISTS { (c)-[:WORKS_AT]->(a:Account) WHERE a.key IN $allowed }
  WITH c ORDER BY c.name, c.key
  RETURN collect(c {.*}) AS contacts
}
CALL (i) {
  OPTIONAL MATCH (s:Staff)-[:PARTICIPATED_IN]->(i)
  WHERE $allowed IS NULL
     OR EXISTS { (s)-[:COVERS]->(a:Account) WHERE a.key IN $allowed }
     OR EXISTS { (s)-[:KNOWS]->(:Contact)-[:WORKS_AT]->(a:Account) WHERE a.key IN $allowed }
  WITH s ORDER BY s.name, s.key
  RETURN collect(s {.*}) AS staff
}
RETURN k.source AS source, k.key AS key, contacts, staff
