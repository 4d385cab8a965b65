// name: api_people_by_keys
// mode: read
// params: $keys, $allowed
// :param keys => ["C-00001", "S-001"]
// :param allowed => null
// column: key: the key asked for
// column: kind: contact, staff, or null when neither (or outside $allowed)
// column: person: its properties
// People (contacts or staff) by key, one row per key asked: what risk's single points of failure and
// introduction paths name. With $allowed, a contact counts only if they work or worked at one of those
// accounts, a staff member only if they cover one or know someone there (as api_staff_by_keys).
UNWIND $keys AS key
OPTIONAL MATCH (c:Contact {key: key})
WHERE $allowed IS NULL OR EXISTS { (c)-[:WORKS_AT]->(a:Account) WHERE a.key IN $allowed }
OPTIONAL MATCH (s:Staff {key: key})
WHERE $allowed IS NULL
   OR EXISTS { (s)-[:COVERS]->(a:Account) WHERE a.key IN $allowed }
   OR EXISTS { (s)-[:KNOWS]->(:Contact)-[:WORKS_AT]->(a:Account) WHERE a.key IN $allowed }
RETURN key, CASE WHEN c IS NOT NULL THEN 'contact' WHEN s IS NOT NULL THEN 'staff' END AS kind,
       coalesce(c {.*}, s {.*}) AS person
