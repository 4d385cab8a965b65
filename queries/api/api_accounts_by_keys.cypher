// name: api_accounts_by_keys
// mode: read
// params: $keys, $allowed
// :param keys => ["A-0001", "A-0002"]
// :param allowed => null
// column: key: the key asked for
// column: account: its properties (null when unknown or outside $allowed)
// Accounts by key, one row per key asked, in order.
UNWIND $keys AS key
OPTIONAL MATCH (a:Account {key: key})
WHERE $allowed IS NULL OR key IN $allowed
RETURN key, a {.*} AS account
