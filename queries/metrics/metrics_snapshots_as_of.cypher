// name: metrics_snapshots_as_of
// mode: read
// params: $asOf, $notBefore, $allowed
// :param asOf => "2026-01-01T00:00:00Z"
// :param notBefore => "2025-12-30T00:00:00Z"
// :param allowed => null
// column: key: the account
// column: segment: its segment
// column: lifecycleStage: its lifecycle stage (today's: the graph keeps no history of stages)
// column: churnedAt: when it churned (null while a customer)
// column: hasData: whether an interaction, an employment or a coverage of it began at or before $asOf
// column: snapshot: its latest MetricsSnapshot taken at or before $asOf and not before $notBefore (null if none)
// The portfolio as it stood at $asOf, from the risk history: for each account (of $allowed, null for all),
// the last snapshot at or before $asOf. One taken before $notBefore is too stale to stand for $asOf (risk
// rises while nobody touches an account) and is left out: the caller computes those accounts instead.
// Accounts have no creation date: `hasData` false means the metrics as of $asOf would see nothing of the
// account (no threads, no people, no cost), so the caller leaves it out rather than score an empty graph.
// An employment or coverage with no start date counts as begun (the metrics count it current then too).
MATCH (a:Account)
WHERE $allowed IS NULL OR a.key IN $allowed
CALL (a) {
  OPTIONAL MATCH (s:MetricsSnapshot {accountKey: a.key})
  WHERE s.day >= date($notBefore) AND s.day <= date($asOf) AND s.at <= $asOf AND s.at >= $notBefore
  WITH s ORDER BY s.at DESC LIMIT 1
  RETURN s
}
RETURN a.key AS key, a.segment AS segment, a.lifecycleStage AS lifecycleStage, a.churnedAt AS churnedAt,
       EXISTS { (:Contact)-[w:WORKS_AT]->(a) WHERE w.since IS NULL OR w.since <= $asOf }
         OR EXISTS { (:Staff)-[cv:COVERS]->(a) WHERE cv.since IS NULL OR cv.since <= $asOf }
         OR EXISTS { (a)<-[:WITH_ACCOUNT]-(i:Interaction) WHERE i.occurredAt <= $asOf } AS hasData,
       s {.*} AS snapshot
ORDER BY key
