// name: api_portfolio_summary
// mode: read
// params: $allowed
// :param allowed => null
// column: accounts: how many accounts
// column: byLevel: [{level, count, valueAtRisk}] by materialized risk level
// column: bySegment: [{segment, count, valueAtRisk}]
// column: valueAtRisk: the sum of the accounts' value at risk
// column: singleThreaded: how many accounts hang on a single thread
// column: asOf: the oldest metricsAsOf among them (how fresh the numbers are)
// The portfolio's risk as the last refresh left it: counts by risk level and by segment, and value at risk.
MATCH (a:Account)
WHERE $allowed IS NULL OR a.key IN $allowed
WITH collect(a) AS accts
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
RETURN size(accts) AS accounts, byLevel, bySegment,
       reduce(s = 0.0, a IN accts | s + coalesce(a.valueAtRisk, 0.0)) AS valueAtRisk,
       size([a IN accts WHERE a.singleThreaded]) AS singleThreaded,
       reduce(m = null, a IN accts | CASE WHEN m IS NULL OR a.metricsAsOf < m THEN a.metricsAsOf ELSE m END) AS asOf
