// name: webhook_enqueue
// mode: write
// params: $events, $createdAt
// :param events => [{"eventId": "e1", "accountKey": "A-0001", "levels": ["HIGH"], "payload": "{}"}]
// :param createdAt => "2026-01-01T00:00:00Z"
// column: id: a delivery created
// column: webhookId: the webhook it goes to
// One pending delivery per (risk crossing, webhook whose threshold it crosses and whose accounts hold
// the account). MERGE on (event, webhook) makes a retried transaction create nothing twice.
UNWIND $events AS e
MATCH (w:Webhook)
WHERE w.minLevel IN e.levels
  AND (w.accountKeys IS NULL OR e.accountKey IN w.accountKeys)
  AND (w.ownerAccounts IS NULL OR e.accountKey IN w.ownerAccounts)
MERGE (w)-[:HAS_DELIVERY]->(d:WebhookDelivery {eventId: e.eventId, webhookId: w.id})
ON CREATE SET d.id = 'dlv_' + replace(randomUUID(), '-', ''), d.accountKey = e.accountKey,
              d.status = 'pending', d.attempts = 0, d.nextAttemptAt = $createdAt, d.payload = e.payload,
              d.createdAt = $createdAt
RETURN d.id AS id, w.id AS webhookId
