// name: apikey_by_id
// mode: read
// params: $id
// :param id => "0123456789ab"
// column: key: the key's fields, with its hash, to check a presented token against
// The API key with this id, revoked or not.
MATCH (k:ApiKey {id: $id})
RETURN k {.id, .name, .scopes, .accounts, .hash, .createdAt, .revokedAt} AS key
