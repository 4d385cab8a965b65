// name: ingest_interactions_lookup
// mode: read
// params: $accountKeys, $contactKeys, $staffKeys, $ids
// :param accountKeys => ["acc-0001", "nope"]
// :param contactKeys => ["con-0001-01"]
// :param staffKeys => ["stf-001"]
// :param ids => [["crm", "i1"], ["crm", "nope"]]
// column: accounts: the given account keys that exist
// column: contacts: the given contact keys that exist
// column: staff: the given staff keys that exist
// column: stored: the position in `ids` (from 0) of every [source, key] pair stored already
// Everything a batch of interactions needs to know before it writes, in one round trip: which of the
// people and accounts its rows name exist (a row naming a missing one is rejected), and which of its
// interactions are stored already (those are compared, the others plainly created). Every lookup is a
// seek on a unique constraint's index.
RETURN [k IN $accountKeys WHERE EXISTS { MATCH (:Account {key: k}) }] AS accounts,
       [k IN $contactKeys WHERE EXISTS { MATCH (:Contact {key: k}) }] AS contacts,
       [k IN $staffKeys WHERE EXISTS { MATCH (:Staff {key: k}) }] AS staff,
       [n IN range(0, size($ids) - 1)
        WHERE EXISTS { MATCH (:Interaction {source: $ids[n][0], key: $ids[n][1]}) }] AS stored
