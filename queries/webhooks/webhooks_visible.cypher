// name: webhooks_visible
// mode: read
// params: $allowed, $id
// :param allowed => null
// :param id => null
// column: webhook: a webhook (without its secret)
// column: pending: its deliveries not yet delivered or given up
// column: failed: its deliveries given up
// The webhooks a key may see (all of them for a key without an account scope; for a scoped key, those
// whose accounts all lie in its scope), newest first; `$id` picks one.
MATCH (w:Webhook)
WHERE ($id IS NULL OR w.id = $id)
  AND ($allowed IS NULL
       OR (w.accountKeys IS NOT NULL AND size(w.accountKeys) > 0
           AND all(k IN w.accountKeys WHERE k IN $allowed)))
OPTIONAL MATCH (w)-[:HAS_DELIVERY]->(d:WebhookDelivery)
WITH w, count(CASE WHEN d.status = 'pending' THEN 1 END) AS pending,
        count(CASE WHEN d.status = 'failed' THEN 1 END) AS failed
RETURN w {.id, .url, .minLevel, .accountKeys, .ownerKeyId, .createdAt} AS webhook, pending, failed
ORDER BY w.createdAt DESC, w.id
