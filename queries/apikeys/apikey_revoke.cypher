// name: apikey_revoke
// mode: write
// params: $id, $revokedAt
// Revokes an API key (keeps the node for the record); a key already revoked keeps its first date.
MATCH (k:ApiKey {id: $id})
SET k.revokedAt = coalesce(k.revokedAt, $revokedAt)
RETURN k {.id, .name, .scopes, .accounts, .createdAt, .revokedAt} AS key
