// name: account_keys_all
// mode: read
// params: none
// column: key: an account's key
// Every account's key, in key order: what a full refresh walks through.
MATCH (a:Account)
RETURN a.key AS key
ORDER BY key
