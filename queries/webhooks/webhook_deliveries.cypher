// name: webhook_deliveries
// mode: read
// params: $webhookId, $allowed, $statuses, $limit
// :param webhookId => "wh_0123456789abcdef"
// :param allowed => null
// :param statuses => null
// :param limit => 50
// column: delivery: one delivery (id, status, attempts, nextAttemptAt, payload, the last attempt's outcome)
// The delivery log of a webhook the key may see, latest first (empty for a webhook outside $allowed).
MATCH (w:Webhook {id: $webhookId})-[:HAS_DELIVERY]->(d:WebhookDelivery)
WHERE ($allowed IS NULL
       OR (w.accountKeys IS NOT NULL AND size(w.accountKeys) > 0 AND all(k IN w.accountKeys WHERE k IN $allowed)))
  AND ($statuses IS NULL OR d.status IN $statuses)
RETURN d {.id, .eventId, .accountKey, .status, .attempts, .nextAttemptAt, .payload, .createdAt,
          .lastAttemptAt, .lastStatusCode, .lastError, .deliveredAt} AS delivery
ORDER BY d.createdAt DESC, d.id
LIMIT $limit
