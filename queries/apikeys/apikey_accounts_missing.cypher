// name: apikey_accounts_missing
// mode: read
// params: $keys
// :param keys => ["acc-0001", "nope"]
// column: missing: the given account keys that no stored account has, in the order given
// Which of the accounts a new API key is limited to are not stored (yet)? `relgraph keys create` names
// them in a warning and creates the key all the same: accounts may be imported after the key.
RETURN [k IN $keys WHERE NOT EXISTS { MATCH (:Account {key: k}) }] AS missing
