// name: api_top_priority_at_risk
// mode: read
// params: $allowed, $levels, $limit, $now
// :param allowed => null
// :param levels => ["HIGH", "CRITICAL"]
// :param limit => 10
// :param now => "2026-06-01T00:00:00Z"
// column: account: the account's properties
// Top-priority customers at risk: the most profitable accounts (contribution margin) whose risk level
// is in $levels, most profitable first. An account that had churned by $now (lifecycleStage churned,
// churnedAt at or before $now or missing: graph/metrics/lifecycle.py) is no longer a customer and is left out.
MATCH (a:Account)
WHERE ($allowed IS NULL OR a.key IN $allowed) AND a.riskLevel IN $levels
  AND NOT coalesce(a.lifecycleStage = 'churned' AND (a.churnedAt IS NULL OR a.churnedAt <= $now), false)
RETURN a {.*} AS account
ORDER BY coalesce(a.contributionMargin, 0.0) DESC, a.key
LIMIT $limit
