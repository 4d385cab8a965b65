// name: webhooks_count_for_owner
// mode: read
// params: $ownerKeyId
// :param ownerKeyId => "0123456789ab"
// column: total: how many webhooks the key holds
// How many webhooks an API key has registered (the per-key cap counts them).
OPTIONAL MATCH (w:Webhook {ownerKeyId: $ownerKeyId})
RETURN count(w) AS total
