// name: ingest_existing_keys
// mode: read
// params: $accountKeys, $contactKeys, $staffKeys
// :param accountKeys => ["acc-0001", "nope"]
// :param contactKeys => ["con-0001-01"]
// :param staffKeys => ["stf-001"]
// column: accounts: the given account keys that exist
// column: contacts: the given contact keys that exist
// column: staff: the given staff keys that exist
// Which of the keys a batch of rows refers to are stored? Ingestion asks once per batch (not once per
// row) and rejects the rows that name anything missing.
RETURN [k IN $accountKeys WHERE EXISTS { MATCH (:Account {key: k}) }] AS accounts,
       [k IN $contactKeys WHERE EXISTS { MATCH (:Contact {key: k}) }] AS contacts,
       [k IN $staffKeys WHERE EXISTS { MATCH (:Staff {key: k}) }] AS staff
