// name: ingest_interactions_lookup
// mode: read
// params: $accountKeys, $contactKeys, $staffKeys, $ids
// :param accountKeys => ["acc-0001", "nope"]
// :param contactKeys => ["con-0001-01"]
// :param staffKeys => ["stf-001"]
// :param ids => [{"n": 0, "source": "crm", "key": "i1"}]
// column: accounts: the given account keys that exist
// column: contacts: the given contact keys that exist
// column: staff: the given staff keys that exist
// column: stored: the `n` of every given interaction that is stored already, by (source, key)
// Everything a batch of interactions needs to know before it writes, in one round trip: which of the
// people and accounts its rows name exist (a row naming a missing one is rejected), and which of its
// interactions are stored already (those are compared, the others plainly created). Every lookup is a
// seek on a unique constraint's index.
RETURN [k IN $accountKeys WHERE EXISTS { MATCH (:Account {key: k}) }] AS accounts,
       [k IN $contactKeys WHERE EXISTS { MATCH (:Contact {key: k}) }] AS contacts,
       [k IN $staffKeys WHERE EXISTS { MATCH (:Staff {key: k}) }] AS staff,
       [id IN $ids WHERE EXISTS { MATCH (:Interaction {source: id.source, key: id.key}) } | id.n] AS stored
