// name: api_contacts_by_keys
// mode: read
// params: $keys, $allowed
// :param keys => ["C-00001"]
// :param allowed => null
// column: key: the key asked for
// column: contact: its properties (null when unknown, or when it never worked at an account in $allowed)
// Contacts by key, one row per key asked, in order.
UNWIND $keys AS key
OPTIONAL MATCH (c:Contact {key: key})
WHERE $allowed IS NULL OR EXISTS { (c)-[:WORKS_AT]->(a:Account) WHERE a.key IN $allowed }
RETURN key, c {.*} AS contact
