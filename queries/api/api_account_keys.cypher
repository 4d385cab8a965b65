// name: api_account_keys
// mode: read
// params: $allowed
// :param allowed => null
// column: key: an account's key
// Every account's key ($allowed: only those), sorted: the portfolio computed as of a past date.
MATCH (a:Account)
WHERE $allowed IS NULL OR a.key IN $allowed
RETURN a.key AS key
ORDER BY key
