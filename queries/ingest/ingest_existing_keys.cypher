// name: ingest_existing_keys
// mode: read
// params: $accountKeys, $contactKeys, $staffKeys, $writtenContactKeys, $allowed
// :param accountKeys => ["acc-0001", "nope"]
// :param contactKeys => ["con-0001-01"]
// :param staffKeys => ["stf-001"]
// :param writtenContactKeys => ["con-0001-02"]
// :param allowed => null
// column: accounts: the given account keys that exist (and are in $allowed)
// column: contacts: the given contact keys that exist (and that $allowed may see)
// column: staff: the given staff keys that exist (and that $allowed may see)
// column: outOfScope: the given writtenContactKeys stored already but not wholly inside $allowed (a job elsewhere, or none there; [] when $allowed is null)
// Which of the keys a batch of rows refers to are stored? Ingestion asks once per batch (not once per
// row) and rejects the rows that name anything missing. A caller limited to some accounts ($allowed)
// finds only what its reads find: a contact who works or worked at one of them, a staff member who
// covers one or knows someone there (as api_contacts_by_keys and api_staff_by_keys); anything else is
// missing to it. The contacts it writes (writtenContactKeys: those it upserts, and those its
// interactions name, whose threads count toward every account they work or worked at) must be new or
// its alone: a stored one that never worked at its accounts, or that works or worked at another, is out
// of its scope. This is the one "wholly inside" test; ingestion asks it here for both.
RETURN [k IN $accountKeys WHERE ($allowed IS NULL OR k IN $allowed) AND EXISTS { MATCH (:Account {key: k}) }]
         AS accounts,
       [k IN $contactKeys WHERE EXISTS {
          MATCH (c:Contact {key: k})
          WHERE $allowed IS NULL OR EXISTS { (c)-[:WORKS_AT]->(a:Account) WHERE a.key IN $allowed } }] AS contacts,
       [k IN $staffKeys WHERE EXISTS {
          MATCH (s:Staff {key: k})
          WHERE $allowed IS NULL
             OR EXISTS { (s)-[:COVERS]->(a:Account) WHERE a.key IN $allowed }
             OR EXISTS { (s)-[:KNOWS]->(:Contact)-[:WORKS_AT]->(a:Account) WHERE a.key IN $allowed } }] AS staff,
       CASE WHEN $allowed IS NULL THEN [] ELSE [k IN $writtenContactKeys WHERE EXISTS {
          MATCH (c:Contact {key: k})
          WHERE NOT EXISTS { (c)-[:WORKS_AT]->(a:Account) WHERE a.key IN $allowed }
             OR EXISTS { (c)-[:WORKS_AT]->(a:Account) WHERE NOT a.key IN $allowed } }] END AS outOfScope
