// name: apikey_revoke
// mode: write
// params: $id, $revokedAt
// column: key: the key, without its hash
// column: alreadyRevoked: whether it was revoked before this statement
// Revokes an API key (keeps the node for the record); a key already revoked keeps its first date.
MATCH (k:ApiKey {id: $id})
WITH k, k.revokedAt IS NOT NULL AS alreadyRevoked
SET k.revokedAt = coalesce(k.revokedAt, $revokedAt)
RETURN k {.id, .name, .scopes, .accounts, .createdAt, .revokedAt} AS key, alreadyRevoked
