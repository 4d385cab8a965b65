// name: explore_risk_rose_30d
// mode: read
// params: $days, $limit
// :param days => 30
// :param limit => 25
// column: account: the account's key
// column: name: its name
// column: riskNow: the materialized risk score now (0-100)
// column: levelNow: the materialized risk level now
// column: riskBefore: the risk score of its latest snapshot at least $days before its last refresh
// column: levelBefore: that snapshot's level
// column: before: the day of that snapshot
// column: rise: riskNow - riskBefore (points; negative: it fell)
// Accounts whose risk rose most in the last $days, read from the risk history: each account's current
// risk against its latest MetricsSnapshot from $days or more before its last refresh (`relgraph history`
// backfills past snapshots; every refresh writes its day's). Accounts with no snapshot that old are
// left out. Scans the riskLevel index (refreshed accounts) and seeks on the (accountKey, day) index.
MATCH (a:Account)
WHERE a.riskLevel IS NOT NULL
CALL (a) {
  MATCH (s:MetricsSnapshot {accountKey: a.key})
  WHERE s.day <= date(a.metricsAsOf - duration({days: $days}))
  WITH s ORDER BY s.day DESC LIMIT 1
  RETURN s
}
RETURN a.key AS account, a.name AS name, a.riskScore AS riskNow, a.riskLevel AS levelNow,
       s.riskScore AS riskBefore, s.riskLevel AS levelBefore, s.day AS before,
       round(a.riskScore - s.riskScore, 2) AS rise
ORDER BY rise DESC, account
LIMIT $limit
