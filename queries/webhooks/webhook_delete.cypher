// name: webhook_delete
// mode: write
// params: $id, $allowed
// :param id => "wh_0123456789abcdef"
// :param allowed => null
// column: deleted: how many webhooks were deleted (0 when unknown or outside $allowed)
// Deletes a webhook the key may see, with its delivery log.
OPTIONAL MATCH (w:Webhook {id: $id})
WHERE $allowed IS NULL
   OR (w.accountKeys IS NOT NULL AND size(w.accountKeys) > 0 AND all(k IN w.accountKeys WHERE k IN $allowed))
OPTIONAL MATCH (w)-[:HAS_DELIVERY]->(d:WebhookDelivery)
WITH w, collect(d) AS deliveries
FOREACH (d IN deliveries | DETACH DELETE d)
WITH w, CASE WHEN w IS NULL THEN 0 ELSE 1 END AS deleted
FOREACH (x IN CASE WHEN w IS NULL THEN [] ELSE [w] END | DETACH DELETE x)
RETURN deleted
