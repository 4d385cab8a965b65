// name: ingest_interactions_lookup
// mode: read
// params: $accountKeys, $contactKeys, $staffKeys, $ids, $allowed
// :param accountKeys => ["acc-0001", "nope"]
// :param contactKeys => ["con-0001-01"]
// :param staffKeys => ["stf-001"]
// :param ids => [["crm", "i1"], ["crm", "nope"]]
// :param allowed => null
// column: accounts: the given account keys that exist (and are in $allowed)
// column: contacts: the given contact keys that exist (and that $allowed may see)
// column: staff: the given staff keys that exist (and that $allowed may see)
// column: stored: the position in `ids` (from 0) of every [source, key] pair stored already
// column: outOfScope: the positions in `ids` of stored interactions with an account outside $allowed ([] when $allowed is null)
// Everything a batch of interactions needs to know before it writes, in one round trip: which of the
// people and accounts its rows name exist (a row naming a missing one is rejected), and which of its
// interactions are stored already (those are compared, the others plainly created). Every lookup is a
// seek on a unique constraint's index. A caller limited to some accounts ($allowed) finds only the
// people its reads find (as ingest_existing_keys), and may not replay an interaction of another account;
// of the contacts it finds it may name only those wholly inside its accounts, which ingestion then asks
// ingest_existing_keys (outOfScope), in the same transaction.
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
       [n IN range(0, size($ids) - 1)
        WHERE EXISTS { MATCH (:Interaction {source: $ids[n][0], key: $ids[n][1]}) }] AS stored,
       CASE WHEN $allowed IS NULL THEN [] ELSE [n IN range(0, size($ids) - 1) WHERE EXISTS {
          MATCH (i:Interaction {source: $ids[n][0], key: $ids[n][1]})
          WHERE NOT EXISTS { (i)-[:WITH_ACCOUNT]->(a:Account) WHERE a.key IN $allowed } }] END AS outOfScope
