// name: webhook_claim_due
// mode: write
// params: $now, $leaseUntil, $limit
// :param now => "2026-01-01T00:00:00Z"
// :param leaseUntil => "2026-01-01T00:00:30Z"
// :param limit => 50
// column: delivery: the claimed delivery (id, payload, attempts so far including this one)
// column: webhook: where it goes (id, url, secret)
// Claims the pending deliveries that are due and not leased by another worker: counts the attempt and
// leases them until `$leaseUntil`, so that a worker that dies mid-attempt hands them back when it expires.
// Reads take no locks: two workers can both see a delivery free. So each candidate is write-locked first
// (the SET/REMOVE pair changes nothing) and looked at again once the lock is ours; a worker that waited
// for the lock then sees the other's lease and skips the delivery.
MATCH (d:WebhookDelivery {status: 'pending'})
WHERE d.nextAttemptAt <= $now AND (d.leaseUntil IS NULL OR d.leaseUntil <= $now)
WITH d ORDER BY d.nextAttemptAt, d.id LIMIT $limit
SET d.claimLock = true
REMOVE d.claimLock
WITH d
WHERE d.status = 'pending' AND (d.leaseUntil IS NULL OR d.leaseUntil <= $now)
MATCH (w:Webhook)-[:HAS_DELIVERY]->(d)
SET d.attempts = d.attempts + 1, d.leaseUntil = $leaseUntil, d.lastAttemptAt = $now
RETURN d {.id, .payload, .attempts, .accountKey} AS delivery, w {.id, .url, .secret} AS webhook
