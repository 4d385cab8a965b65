// name: apikey_create
// mode: write
// params: $id, $name, $scopes, $accounts, $hash, $createdAt
// Stores a new API key (its secret only as a sha256 hash). `accounts` null means every account.
CREATE (k:ApiKey {id: $id, name: $name, scopes: $scopes, hash: $hash, createdAt: $createdAt})
SET k.accounts = $accounts
RETURN k {.id, .name, .scopes, .accounts, .createdAt, .revokedAt} AS key
