// name: api_top_priority_at_risk
// mode: read
// params: $allowed, $levels, $limit
// :param allowed => null
// :param levels => ["HIGH", "CRITICAL"]
// :param limit => 10
// column: account: the account's properties
// Top-priority customers at risk: the most profitable accounts (contribution margin) whose risk level
// is in $levels, most profitable first.
MATCH (a:Account)
WHERE ($allowed IS NULL OR a.key IN $allowed) AND a.riskLevel IN $levels
RETURN a {.*} AS account
ORDER BY coalesce(a.contributionMargin, 0.0) DESC, a.key
LIMIT $limit
