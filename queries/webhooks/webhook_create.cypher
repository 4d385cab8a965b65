// name: webhook_create
// mode: write
// params: $id, $url, $secret, $minLevel, $accountKeys, $ownerKeyId, $ownerAccounts, $createdAt
// :param id => "wh_0123456789abcdef"
// :param url => "https://partner.example/hooks/relgraph"
// :param secret => "whsec_example"
// :param minLevel => "HIGH"
// :param accountKeys => ["A-0001"]
// :param ownerKeyId => "0123456789ab"
// :param createdAt => "2026-01-01T00:00:00Z"
// :param ownerAccounts => null
// column: webhook: the stored webhook (without its secret)
// Registers a webhook. `accountKeys` null means every account the owner key may see; `ownerAccounts`
// copies the owner key's account scope so that deliveries never leave it, even for a key scoped later.
CREATE (w:Webhook {id: $id, url: $url, secret: $secret, minLevel: $minLevel, ownerKeyId: $ownerKeyId,
                   createdAt: $createdAt})
SET w.accountKeys = $accountKeys, w.ownerAccounts = $ownerAccounts
RETURN w {.id, .url, .minLevel, .accountKeys, .ownerKeyId, .createdAt} AS webhook
