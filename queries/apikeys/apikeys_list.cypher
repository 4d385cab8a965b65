// name: apikeys_list
// mode: read
// params: none
// column: key: the key's fields (never its hash)
// Every API key, newest first.
MATCH (k:ApiKey)
RETURN k {.id, .name, .scopes, .accounts, .createdAt, .revokedAt} AS key
ORDER BY k.createdAt DESC, k.id
