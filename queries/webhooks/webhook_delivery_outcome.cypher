// name: webhook_delivery_outcome
// mode: write
// params: $id, $status, $nextAttemptAt, $statusCode, $error, $at
// :param id => "dlv_0123"
// :param status => "delivered"
// :param nextAttemptAt => null
// :param statusCode => 200
// :param error => null
// :param at => "2026-01-01T00:00:00Z"
// column: id: the delivery updated
// Records an attempt's outcome: delivered, pending again (with the next attempt's time) or failed.
MATCH (d:WebhookDelivery {id: $id})
SET d.status = $status, d.lastStatusCode = $statusCode, d.lastError = $error, d.leaseUntil = null,
    d.nextAttemptAt = coalesce($nextAttemptAt, d.nextAttemptAt),
    d.deliveredAt = CASE WHEN $status = 'delivered' THEN $at ELSE d.deliveredAt END
RETURN d.id AS id
