// name: api_portfolio_summary
// mode: read
// params: $allowed, $now
// :param allowed => null
// :param now => "2026-06-01T00:00:00Z"
// column: accounts: how many customers (accounts that had not churned by $now)
// column: churned: how many accounts had churned by $now (left out of every other column)
// column: byLevel: [{level, count, valueAtRisk}] of the customers by materialized risk level
// column: bySegment: [{segment, count, valueAtRisk}] of the customers
// column: valueAtRisk: the sum of the customers' value at risk
// column: singleThreaded: how many customers hang on a single thread
// column: asOf: the oldest metricsAsOf among the customers (how fresh the numbers are)
// The portfolio's risk as the last refresh left it: counts by risk level and by segment, and value at risk.
// An account had churned by $now when its lifecycleStage is churned and its churnedAt is at or before $now
// (or missing): the rule of graph/metrics/lifecycle.py. It has nothing left to lose, so it is counted
// apart rather than at its risk level.
MATCH (a:Account)
WHERE $allowed IS NULL OR a.key IN $allowed
WITH a, coalesce(a.lifecycleStage = 'churned' AND (a.churnedAt IS NULL OR a.churnedAt <= $now), false) AS gone
WITH collect(CASE WHEN gone THEN null ELSE a END) AS accts, count(CASE WHEN gone THEN 1 END) AS churned
CALL (accts) {
  UNWIND accts AS a
  WITH coalesce(a.riskLevel, 'UNKNOWN') AS level, count(*) AS n, sum(coalesce(a.valueAtRisk, 0.0)) AS v
  RETURN collect({level: level, count: n, valueAtRisk: v}) AS byLevel
}
CALL (accts) {
  UNWIND accts AS a
  WITH a.segment AS segment, count(*) AS n, sum(coalesce(a.valueAtRisk, 0.0)) AS v
  RETURN collect({segment: segment, count: n, valueAtRisk: v}) AS bySegment
}
RETURN size(accts) AS accounts, churned, byLevel, bySegment,
       reduce(s = 0.0, a IN accts | s + coalesce(a.valueAtRisk, 0.0)) AS valueAtRisk,
       size([a IN accts WHERE a.singleThreaded]) AS singleThreaded,
       reduce(m = null, a IN accts | CASE WHEN m IS NULL OR a.metricsAsOf < m THEN a.metricsAsOf ELSE m END) AS asOf
