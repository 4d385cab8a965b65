// name: metrics_snapshots_as_of
// mode: read
// params: $asOf, $notBefore, $allowed
// :param asOf => "2026-01-01T00:00:00Z"
// :param notBefore => "2025-12-30T00:00:00Z"
// :param allowed => null
// column: key: the account
// column: segment: its segment
// column: snapshot: its latest MetricsSnapshot taken at or before $asOf and not before $notBefore (null if none)
// The portfolio as it stood at $asOf, from the risk history: for each account (of $allowed, null for all),
// the last snapshot at or before $asOf. One taken before $notBefore is too stale to stand for $asOf (risk
// rises while nobody touches an account) and is left out: the caller computes those accounts instead.
MATCH (a:Account)
WHERE $allowed IS NULL OR a.key IN $allowed
CALL (a) {
  OPTIONAL MATCH (s:MetricsSnapshot {accountKey: a.key})
  WHERE s.day >= date($notBefore) AND s.day <= date($asOf) AND s.at <= $asOf AND s.at >= $notBefore
  WITH s ORDER BY s.at DESC LIMIT 1
  RETURN s
}
RETURN a.key AS key, a.segment AS segment, s {.*} AS snapshot
ORDER BY key
